#!/usr/bin/env node
/**
 * `npm run bench:analysis`: how often the page's perfect-play panel has an
 * answer. Each position of seeds/analysis-positions.txt (200 positions of
 * plies 1-16 from games mixing the agent's moves with random ones: see
 * training/bench/analysis-positions.ts) is analysed in headless Chromium by
 * the page's own solver workers (one per core, each with the book; --workers N
 * sets how many; --compare N analyses each position on a pool of N as well,
 * the two in turn, an A/B under the same load) within 2 s, as the panel asks it. A position counts as "exact" when its exact score is proven, "proven"
 * when its outcome is (win, draw or loss), else "estimate only": what the
 * panel shows of the position (its own search narrowed by its columns'
 * bounds, src/worker/analysis-bounds.ts).
 * The last line: the three counts. Writes tests/artifacts/bench-analysis.json.
 *
 *   npm run bench:analysis [-- --ms 2000 --position-share 0.5 --workers 2 --compare 1]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS, ROOT, withMeasurementPage } from './harness.mjs';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '2000' }, 'position-share': { type: 'string' }, workers: { type: 'string' }, compare: { type: 'string' } } });
const ms = Number(values.ms);
// Share of the limit for the position's own search before its columns (default: the page's; 0: columns only).
const positionShare = values['position-share'] === undefined ? undefined : Number(values['position-share']);
// Solver workers (default: the page's, one per core); --compare N: each position on a pool of N too, in turn, under the same load.
const workers = values.workers === undefined ? undefined : Number(values.workers);
const compare = values.compare === undefined ? undefined : Number(values.compare);
const isCount = (n) => n === undefined || (Number.isInteger(n) && n >= 1);
if (!(ms > 0) || (positionShare !== undefined && !(positionShare >= 0 && positionShare < 1)) || !isCount(workers) || !isCount(compare)) {
  console.error('usage: npm run bench:analysis [-- --ms 2000 --position-share 0.5 --workers 2 --compare 1]  (ms > 0, share in [0, 1), workers >= 1)');
  process.exit(2);
}
const positions = readFileSync(join(ROOT, 'seeds/analysis-positions.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));

/** What the panel proved of the position's score (its own search and its columns' bounds): exact, proven outcome, or estimate only. */
function kindOf([lo, hi]) {
  return lo === hi ? 'exact' : lo > 0 || hi < 0 || (lo >= 0 && hi <= 0) ? 'proven' : 'estimate';
}

const rows = [];
const compared = [];
let poolWorkers = 0;
let comparedWorkers = 0;
await withMeasurementPage(async (page) => {
  await page.evaluate(() => window.c4match.ready);
  const analyse = (moves, pool) => page.evaluate(([m, t, share, w]) => window.c4match.analyse(m, t, share ?? undefined, w ?? undefined), [moves, ms, positionShare ?? null, pool ?? null]);
  for (const [i, moves] of positions.entries()) {
    // With --compare, the two pools take turns going first.
    if (compare !== undefined && i % 2 === 0) compared.push(await analyse(moves, compare).then((r) => ({ moves, kind: kindOf(r.position), ms: Math.round(r.ms), workers: r.workers })));
    const r = await analyse(moves);
    rows.push({ moves, kind: kindOf(r.position), ms: Math.round(r.ms) });
    poolWorkers = r.workers;
    if (compare !== undefined && i % 2 === 1) compared.push(await analyse(moves, compare).then((r) => ({ moves, kind: kindOf(r.position), ms: Math.round(r.ms), workers: r.workers })));
  }
  comparedWorkers = compared[0]?.workers ?? 0;
}, workers === undefined ? '' : `solver-workers=${workers}`);
const count = (rs) => ({ exact: rs.filter((r) => r.kind === 'exact').length, proven: rs.filter((r) => r.kind !== 'estimate').length });
const { exact, proven } = count(rows);
const byPly = {};
for (const r of rows) {
  const p = (byPly[r.moves.length] ??= { positions: 0, exact: 0, proven: 0 });
  p.positions++;
  if (r.kind !== 'estimate') p.proven++;
  if (r.kind === 'exact') p.exact++;
}
mkdirSync(ARTIFACTS, { recursive: true });
const comparison = compare === undefined ? undefined : { workers: comparedWorkers, ...count(compared), rows: compared };
writeFileSync(
  join(ARTIFACTS, 'bench-analysis.json'),
  `${JSON.stringify({ date: new Date().toISOString(), ms, positionShare: positionShare ?? 'page default', workers: poolWorkers, positions: rows.length, exact, proven, byPly, rows, comparison }, null, 2)}\n`,
);
for (const [ply, p] of Object.entries(byPly)) console.log(`ply ${ply.padStart(2)}: ${p.positions} positions, ${p.exact} exact, ${p.proven} proven`);
if (comparison) {
  const pct = (n) => `${((100 * n) / compared.length).toFixed(1)}%`;
  console.log(`the same positions, in turn, on ${comparison.workers} solver worker${comparison.workers === 1 ? '' : 's'}: exact score ${comparison.exact} (${pct(comparison.exact)}), proven outcome ${comparison.proven} (${pct(comparison.proven)})`);
}
console.log(
  `analysis within ${ms / 1000} s on ${poolWorkers} solver worker${poolWorkers === 1 ? '' : 's'} (position share ${positionShare ?? 'page default'}) of ${rows.length} positions: exact score ${exact} (${((100 * exact) / rows.length).toFixed(1)}%), proven outcome ${proven} (${((100 * proven) / rows.length).toFixed(1)}%), estimate only ${rows.length - proven}`,
);
