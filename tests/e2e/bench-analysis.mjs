#!/usr/bin/env node
/**
 * `npm run bench:analysis`: how often the page's perfect-play panel has an
 * answer. Each position of seeds/analysis-positions.txt (200 positions of
 * plies 1-16 from games mixing the agent's moves with random ones: see
 * training/bench/analysis-positions.ts) is analysed in headless Chromium by
 * the page's own solver worker (with its book) within 2 s, as the panel asks
 * it. A position counts as "exact" when its exact score is proven (the best
 * column exact, no other column better), "proven" when its outcome is
 * (win, draw or loss, from the columns' bounds), else "estimate only".
 * The last line: the three counts. Writes tests/artifacts/bench-analysis.json.
 *
 *   npm run bench:analysis [-- --ms 2000]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS, ROOT, withMeasurementPage } from './harness.mjs';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '2000' } } });
const ms = Number(values.ms);
const positions = readFileSync(join(ROOT, 'seeds/analysis-positions.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));

/** The position's value from its columns' bounds: [max of mins, max of maxes]. */
function positionRange(bounds) {
  let lo = -Infinity;
  let hi = -Infinity;
  for (const b of bounds) {
    if (b === null) continue;
    lo = Math.max(lo, b[0]);
    hi = Math.max(hi, b[1]);
  }
  return [lo, hi];
}

const rows = [];
await withMeasurementPage(async (page) => {
  await page.evaluate(() => window.c4match.ready);
  for (const moves of positions) {
    const r = await page.evaluate(([m, t]) => window.c4match.analyse(m, t), [moves, ms]);
    // Columns never reached count as unknown: their bounds are the whole range.
    const [lo, hi] = positionRange(r.bounds.map((b) => b ?? [-99, 99]));
    const kind = lo === hi ? 'exact' : lo > 0 || hi < 0 || (lo >= 0 && hi <= 0) ? 'proven' : 'estimate';
    rows.push({ moves, kind, ms: Math.round(r.ms) });
  }
});
const exact = rows.filter((r) => r.kind === 'exact').length;
const proven = exact + rows.filter((r) => r.kind === 'proven').length;
const byPly = {};
for (const r of rows) {
  const p = (byPly[r.moves.length] ??= { positions: 0, exact: 0, proven: 0 });
  p.positions++;
  if (r.kind !== 'estimate') p.proven++;
  if (r.kind === 'exact') p.exact++;
}
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(join(ARTIFACTS, 'bench-analysis.json'), `${JSON.stringify({ date: new Date().toISOString(), ms, positions: rows.length, exact, proven, byPly, rows }, null, 2)}\n`);
for (const [ply, p] of Object.entries(byPly)) console.log(`ply ${ply.padStart(2)}: ${p.positions} positions, ${p.exact} exact, ${p.proven} proven`);
console.log(
  `analysis within ${ms / 1000} s of ${rows.length} positions: exact score ${exact} (${((100 * exact) / rows.length).toFixed(1)}%), proven outcome ${proven} (${((100 * proven) / rows.length).toFixed(1)}%), estimate only ${rows.length - proven}`,
);
