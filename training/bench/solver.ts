/**
 * `npm run bench:solver`: Pons' six test sets (../shared/data/pons-test-sets),
 * per set the mean and median solve time and mean node count per position,
 * with the transposition table cleared before each position and no opening
 * book (as in the C++ reference figures of ../shared/README.md), and the
 * ratio of our times and nodes to those figures. Also checks every score.
 * Times are CPU time of this process (process.cpuUsage), like the
 * reference's CPU figures, so that other jobs on the machine distort them
 * less than wall-clock time would; the wall-clock mean is reported too, with
 * its own ratio. For the microsecond solves of L3_R1 and L2_R1 the CPU
 * figure overstates: process.cpuUsage counts V8's background threads and is
 * tick-sampled, so read the wall ratio there, measured on an idle core.
 * The table defaults to Pons' size (2^23 slots; his is 2^23 + 9): a larger
 * one costs the small solves extra cache and TLB misses after each reset
 * (L3_R1 wall mean, same run: 28 us with 2^24 slots, 13 us with 2^23).
 * Writes the table as JSON to bench-results/solver.json.
 *
 *   npm run bench:solver [-- --lines N --l1r3-lines 21 --table-log2 23 --sets L3_R1,L2_R1]
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { mean, median, printTable } from '../util/stats.js';
import { writeAtomic } from '../util/atomic-write.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SETS_DIR = resolve(ROOT, '../shared/data/pons-test-sets');

/** Pons' C++ solver on this kind of machine (../shared/README.md): mean, median (seconds) and mean nodes. */
const CPP: Record<string, { mean: number; median: number; nodes: number }> = {
  L3_R1: { mean: 19e-6, median: 11e-6, nodes: 51 },
  L2_R1: { mean: 93e-6, median: 28e-6, nodes: 449 },
  L2_R2: { mean: 7.5e-3, median: 2.1e-3, nodes: 39_808 },
  L1_R1: { mean: 0.54e-3, median: 53e-6, nodes: 3_296 },
  L1_R2: { mean: 0.215, median: 0.08, nodes: 1_187_923 },
  L1_R3: { mean: 5.3, median: 3.6, nodes: 27_163_877 },
};

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000' },
    'l1r3-lines': { type: 'string', default: '21' },
    'table-log2': { type: 'string', default: '23' },
    sets: { type: 'string', default: Object.keys(CPP).join(',') },
    out: { type: 'string', default: resolve(ROOT, 'bench-results/solver.json') },
  },
});

if (!existsSync(SETS_DIR)) {
  console.log(`bench:solver: ${SETS_DIR} not found; Pons' test sets are needed, nothing to measure.`);
  process.exit(0);
}

const solver = new Solver({ tableSize: 2 ** Number(values['table-log2']) });
// Warm up the JIT on a few middle-game positions.
for (const line of readSet('L2_R2').slice(0, 30)) solver.solve(parseMoves(line.moves));

const rows: string[][] = [];
const results: Record<string, unknown>[] = [];
let failures = 0;
for (const set of (values.sets as string).split(',')) {
  const limit = Number(set === 'L1_R3' ? values['l1r3-lines'] : values.lines);
  const lines = readSet(set).slice(0, limit);
  const times: number[] = [];
  const walls: number[] = [];
  const nodes: number[] = [];
  let wrong = 0;
  for (const { moves, score } of lines) {
    const pos = parseMoves(moves);
    solver.reset(); // untimed, like the reference (which times the solve only)
    solver.resetNodeCount();
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    const s = solver.solve(pos);
    const cpu = process.cpuUsage(c0);
    walls.push((performance.now() - w0) / 1000);
    times.push((cpu.user + cpu.system) / 1e6);
    nodes.push(solver.nodeCount);
    if (s !== score) {
      wrong++;
      console.error(`WRONG ${set} ${moves}: expected ${score}, got ${s}`);
    }
  }
  failures += wrong;
  const ref = CPP[set];
  const r = {
    set,
    positions: lines.length,
    wrong,
    meanS: mean(times),
    medianS: median(times),
    wallMeanS: mean(walls),
    meanNodes: mean(nodes),
  };
  results.push({ ...r, cppMeanS: ref.mean, cppMedianS: ref.median, cppMeanNodes: ref.nodes });
  rows.push([
    set,
    String(lines.length),
    String(wrong),
    fmtTime(r.meanS),
    fmtTime(r.medianS),
    fmtTime(r.wallMeanS),
    Math.round(r.meanNodes).toLocaleString('en-US'),
    `${(r.meanS / ref.mean).toFixed(2)}x`,
    `${(r.wallMeanS / ref.mean).toFixed(2)}x`,
    `${(r.medianS / ref.median).toFixed(2)}x`,
    `${(r.meanNodes / ref.nodes).toFixed(3)}`,
  ]);
  process.stderr.write(`${set}: done\n`);
}
printTable(['set', 'positions', 'wrong', 'mean CPU', 'median CPU', 'mean wall', 'mean nodes', 'mean CPU / C++', 'mean wall / C++', 'median / C++', 'nodes / C++'], rows);
mkdirSync(dirname(values.out as string), { recursive: true });
writeAtomic(values.out as string, `${JSON.stringify({ date: new Date().toISOString(), tableLog2: Number(values['table-log2']), results }, null, 2)}\n`);
if (failures > 0) process.exit(1);

function readSet(set: string): { moves: string; score: number }[] {
  return readFileSync(resolve(SETS_DIR, `Test_${set}`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const [moves, score] = l.trim().split(/\s+/);
      return { moves, score: Number(score) };
    });
}

function fmtTime(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}
