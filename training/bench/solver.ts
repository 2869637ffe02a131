/**
 * `npm run bench:solver`: our solver on Pons' six test sets
 * (../shared/data/pons-test-sets) and on the strong score of the position
 * `4` (set P4), with the transposition table cleared before each position and
 * no opening book; per set the mean and median CPU time and mean node count
 * per position, every score checked against the set's.
 *
 * Side by side: given PONS_BIN and/or C4_BIN (or --pons / --c4), Pons' and
 * Steininger's solvers are run on the same positions in the same run, and
 * the table gives our CPU time as a ratio of theirs (mean and median of the
 * per-position ratios). Build them with
 * `bash training/bench/reference/build.sh` (from their public sources, in a
 * throwaway folder; see docs/solver.md). Their drivers read "moves" lines and
 * print "score nodes cpu_seconds" per line. Without them, the ratio is to the
 * published figures of Pons' C++ solver in ../shared/README.md.
 *
 * Times are CPU time (clock() in the references, single-threaded), so that
 * other jobs on the machine distort them less than wall-clock time would.
 * Ours is the wall time of solves under 10 ms (process.cpuUsage costs
 * several microseconds a call, more than a whole solve of L3_R1, and also
 * counts V8's background compiler and GC threads: measured 4 ms of CPU in
 * 0.2 ms of wall on a 28-node solve), and above that the smaller of the
 * process's CPU time and the wall time, both upper bounds of the search
 * thread's own time. Both
 * sides use 2^23 table entries by default, 8 bytes each (64 MB); Pons' solver
 * keeps its own 2^24 entries of 5 bytes (80 MB).
 *
 *   npm run bench:solver [-- --lines 1000 --l1r2-lines 200 --l1r3-lines 20
 *       --sets L3_R1,L2_R1,L2_R2,L1_R1,L1_R2,L1_R3,P4 --table-log2 23
 *       --pons BIN --c4 BIN --out FILE]
 *
 * Writes the table as JSON to --out (default runs/bench/solver.json).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseMoves } from '../../src/engine/index.js';
import { Solver, mulberry32 } from '../../src/solver/index.js';
import { mean, median, printTable } from '../util/stats.js';
import { writeAtomic } from '../util/atomic-write.js';
import { randomPlayout } from '../util/random-playout.js';

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
/** The position `4` (first move in the centre), strong score: a set of one, as in the figure. */
const P4 = [{ moves: '4', score: -1 }];

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000' },
    'l1r2-lines': { type: 'string', default: '200' },
    'l1r3-lines': { type: 'string', default: '20' },
    'table-log2': { type: 'string', default: '23' },
    sets: { type: 'string', default: [...Object.keys(CPP), 'P4'].join(',') },
    pons: { type: 'string', default: process.env.PONS_BIN },
    c4: { type: 'string', default: process.env.C4_BIN },
    out: { type: 'string', default: resolve(ROOT, 'runs/bench/solver.json') },
  },
});

if (!existsSync(SETS_DIR)) {
  console.log(`bench:solver: ${SETS_DIR} not found; Pons' test sets are needed, nothing to measure.`);
  process.exit(0);
}
const others = [
  { name: 'Pons', bin: values.pons },
  { name: 'Steininger', bin: values.c4 },
].filter((o): o is { name: string; bin: string } => {
  if (!o.bin) return false;
  if (!existsSync(o.bin)) {
    console.error(`bench:solver: ${o.name}'s solver ${o.bin} not found; build it with bash training/bench/reference/build.sh`);
    process.exit(2);
  }
  return true;
});

interface Solved {
  score: number;
  nodes: number;
  cpu: number;
}

const solver = new Solver({ tableSize: 2 ** Number(values['table-log2']) });
// Warm up the JIT, as a long-running page or CLI would be: 2,000 positions
// of seeded random games at plies 12-40 (none from the sets), so that every
// path of the search is compiled before the first timed solve (the
// references are compiled ahead of time). With 30 positions of L2_R2 only,
// the slowest L3_R1 solve took 0.8 ms against 0.26 ms after this warm-up.
warmUp(2000);

const rows: string[][] = [];
const results: Record<string, unknown>[] = [];
let failures = 0;
for (const set of (values.sets as string).split(',')) {
  const lines = linesOf(set);
  const ours = lines.map(({ moves }, i) => {
    const pos = parseMoves(moves);
    solver.reset(); // untimed, like the references (which time the solve only)
    solver.resetNodeCount();
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const score = solver.solve(pos);
    const wall = (performance.now() - w0) / 1e3;
    const c = process.cpuUsage(c0);
    progress(set, 'ours', i + 1, lines.length);
    return { score, nodes: solver.nodeCount, cpu: wall < 0.01 ? wall : Math.min((c.user + c.system) / 1e6, wall) };
  });
  const theirs: Solved[][] = [];
  for (const o of others) theirs.push(await runExternal(o.bin, set, o.name, lines.map((l) => l.moves)));
  let wrong = 0;
  lines.forEach(({ moves, score }, i) => {
    for (const [who, s] of [['ours', ours[i]] as const, ...others.map((o, k) => [o.name, theirs[k][i]] as const)]) {
      if (s.score !== score) {
        wrong++;
        console.error(`WRONG ${set} ${moves}: ${who} ${s.score}, expected ${score}`);
      }
    }
  });
  failures += wrong;
  const cpu = ours.map((s) => s.cpu);
  const r: Record<string, unknown> = {
    set,
    positions: lines.length,
    wrong,
    meanS: mean(cpu),
    medianS: median(cpu),
    meanNodes: mean(ours.map((s) => s.nodes)),
  };
  const row = [set, String(lines.length), String(wrong), fmtTime(mean(cpu)), fmtTime(median(cpu)), Math.round(mean(ours.map((s) => s.nodes))).toLocaleString('en-US')];
  if (others.length === 0) {
    const ref = CPP[set];
    r.publishedCpp = ref ?? null;
    row.push(ref ? `${(mean(cpu) / ref.mean).toFixed(2)}x` : '-');
  }
  others.forEach((o, k) => {
    const t = theirs[k].map((s) => s.cpu);
    const key = o.name.toLowerCase();
    r[key] = { meanS: mean(t), medianS: median(t), meanNodes: mean(theirs[k].map((s) => s.nodes)), ratioOfMeans: mean(cpu) / mean(t) };
    row.push(fmtTime(mean(t)), `${(mean(cpu) / mean(t)).toFixed(2)}x`);
  });
  results.push(r);
  rows.push(row);
}
const header = ['set', 'positions', 'wrong', 'ours mean CPU', 'ours median', 'ours nodes'];
if (others.length === 0) header.push('ours / published C++');
for (const o of others) header.push(`${o.name} mean CPU`, `ours / ${o.name}`);
printTable(header, rows);
const out = values.out as string;
mkdirSync(dirname(out), { recursive: true });
const record = { date: new Date().toISOString(), tableLog2: Number(values['table-log2']), references: others.map((o) => o.name), results };
writeAtomic(out, `${JSON.stringify(record, null, 2)}\n`);
console.log(`written ${out}`);
if (failures > 0) process.exit(1);

/** Solves `count` positions of seeded random games (12-40 stones, not over), untimed. */
function warmUp(count: number): void {
  const rnd = mulberry32(1);
  for (let n = 0; n < count; ) {
    const game = randomPlayout(rnd, 12 + Math.floor(rnd() * 29));
    if (!game) continue;
    solver.reset();
    solver.solve(game.position);
    n++;
  }
}

function linesOf(set: string): { moves: string; score: number }[] {
  if (set === 'P4') return P4;
  const all = readSet(set);
  if (set === 'L1_R3') return all.slice(0, Number(values['l1r3-lines']));
  if (set === 'L1_R2') return all.slice(0, Number(values['l1r2-lines']));
  return all.slice(0, Number(values.lines));
}

function readSet(set: string): { moves: string; score: number }[] {
  if (!(set in CPP)) {
    console.error(`bench:solver: unknown set ${set} (known: ${[...Object.keys(CPP), 'P4'].join(', ')})`);
    process.exit(2);
  }
  return readFileSync(resolve(SETS_DIR, `Test_${set}`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const [moves, score] = l.trim().split(/\s+/);
      return { moves, score: Number(score) };
    });
}

/** Runs a reference solver's driver on the positions: one "score nodes cpu_seconds" line each. */
function runExternal(bin: string, set: string, name: string, positions: string[]): Promise<Solved[]> {
  return new Promise((done, fail) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const solved: Solved[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [score, nodes, cpu] = line.trim().split(/\s+/).map(Number);
      if (![score, nodes, cpu].every(Number.isFinite)) return fail(new Error(`${bin}: unexpected output line ${JSON.stringify(line)}`));
      solved.push({ score, nodes, cpu });
      progress(set, name, solved.length, positions.length);
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${bin} exited with ${code}`));
      else if (solved.length !== positions.length) fail(new Error(`${bin}: ${solved.length} results for ${positions.length} positions`));
      else done(solved);
    });
    child.stdin.end(`${positions.join('\n')}\n`);
  });
}

/** A progress line on stderr every 10% of a set and at its end. */
function progress(set: string, who: string, done: number, total: number): void {
  const step = Math.max(1, Math.floor(total / 10));
  if (done % step === 0 || done === total) process.stderr.write(`${set} ${who}: ${done}/${total}\n`);
}

function fmtTime(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}
