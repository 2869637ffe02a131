#!/usr/bin/env node
/**
 * `npm run bench:analysis`: how often the page's perfect-play panel has an
 * answer. Each position of seeds/analysis-positions.txt (200 positions of
 * plies 1-16 from games mixing the agent's moves with random ones: see
 * training/bench/analysis-positions.ts) is analysed in headless Chromium by
 * the page's own solver workers (one per core, each with the book; --workers N
 * sets how many) within 2 s, as the panel asks it. A position counts as "exact" when its exact score is proven, "proven"
 * when its outcome is (win, draw or loss), else "estimate only": what the
 * panel shows of the position (its own search narrowed by its columns'
 * bounds, src/worker/solver-analysis.ts).
 * The last line: the three counts. Writes tests/artifacts/bench-analysis.json.
 *
 *   npm run bench:analysis [-- --ms 2000 --position-share 0.5 --workers 2]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS, ROOT, withMeasurementPage } from './harness.mjs';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '2000' }, 'position-share': { type: 'string' }, workers: { type: 'string' } } });
const ms = Number(values.ms);
// Share of the limit for the position's own search before its columns (default: the page's; 0: columns only).
const positionShare = values['position-share'] === undefined ? undefined : Number(values['position-share']);
// Solver workers (default: the page's, one per core).
const workers = values.workers === undefined ? undefined : Number(values.workers);
if (!(ms > 0) || (positionShare !== undefined && !(positionShare >= 0 && positionShare < 1)) || (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))) {
  console.error('usage: npm run bench:analysis [-- --ms 2000 --position-share 0.5 --workers 2]  (ms > 0, share in [0, 1), workers >= 1)');
  process.exit(2);
}
const positions = readFileSync(join(ROOT, 'seeds/analysis-positions.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));

const rows = [];
let poolWorkers = 0;
await withMeasurementPage(async (page) => {
  await page.evaluate(() => window.c4match.ready);
  for (const moves of positions) {
    const r = await page.evaluate(([m, t, share]) => window.c4match.analyse(m, t, share ?? undefined), [moves, ms, positionShare ?? null]);
    // What the panel proved of the position's score: its own search and its columns' bounds.
    const [lo, hi] = r.position;
    const kind = lo === hi ? 'exact' : lo > 0 || hi < 0 || (lo >= 0 && hi <= 0) ? 'proven' : 'estimate';
    rows.push({ moves, kind, ms: Math.round(r.ms) });
    poolWorkers = r.workers;
  }
}, workers === undefined ? '' : `solver-workers=${workers}`);
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
writeFileSync(join(ARTIFACTS, 'bench-analysis.json'), `${JSON.stringify({ date: new Date().toISOString(), ms, positionShare: positionShare ?? 'page default', workers: poolWorkers, positions: rows.length, exact, proven, byPly, rows }, null, 2)}\n`);
for (const [ply, p] of Object.entries(byPly)) console.log(`ply ${ply.padStart(2)}: ${p.positions} positions, ${p.exact} exact, ${p.proven} proven`);
console.log(
  `analysis within ${ms / 1000} s on ${poolWorkers} solver worker${poolWorkers === 1 ? '' : 's'} (position share ${positionShare ?? 'page default'}) of ${rows.length} positions: exact score ${exact} (${((100 * exact) / rows.length).toFixed(1)}%), proven outcome ${proven} (${((100 * proven) / rows.length).toFixed(1)}%), estimate only ${rows.length - proven}`,
);
