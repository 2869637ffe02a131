/**
 * The broad strength measure inside the training loop: outcome and exact
 * move errors on a fixed labelled set that covers every stage of the game
 * (the first `perSet` positions of each of Pons' six sets), of the raw
 * policy and of the agent's search at each given budget, all through the
 * shipped agent's evaluator stack (mirror-averaged), as `npm run eval`
 * measures a model. Judging costs nothing: every column's verdict comes from
 * the committed tables (seeds/verdicts, `npm run verdicts`), checked at the
 * run's start to cover the positions. Without ../shared (a user's machine)
 * the set is our own labelled positions (seeds/positions, every column
 * scored), and the record says which sets it measured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Evaluator } from '../../src/mcts/index.js';
import { DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { labelVerdict, policyMoves, searchMoves, type TableLookup } from './error-rate.js';
import { parseLabelled, type LabelledPosition } from './labels.js';
import { readVerdictTable, tableFor } from './verdict-table.js';
import type { Verdict } from './verdicts.js';
import type { MetricsLine } from '../records/metrics.js';

export interface BroadParams {
  /** Measure every this many generations (0 = never), and at the last one. */
  every: number;
  /** First generation measured. */
  from: number;
  /** Positions taken from the start of each set. */
  perSet: number;
  /** Search budgets measured besides the raw policy (simulations per move). */
  simulations: number[];
}

export const DEFAULT_BROAD: BroadParams = { every: 0, from: 1, perSet: 200, simulations: [800, DEFAULT_SIMULATIONS] };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PONS_DIR = join(ROOT, '../shared/data/pons-test-sets');
export const VERDICTS_DIR = join(ROOT, 'seeds/verdicts');
const OWN_DIR = join(ROOT, 'seeds/positions');
/** Pons' six sets, late and easy first. */
export const PONS_SETS = ['L3_R1', 'L2_R1', 'L1_R1', 'L2_R2', 'L1_R2', 'L1_R3'];

export function broadDue(p: BroadParams, generation: number, last: boolean): boolean {
  if (p.every <= 0 || generation < p.from) return false;
  return (generation - p.from) % p.every === 0 || last;
}

/** One set of the measure: its positions and how a column is judged. */
export interface BroadSet {
  name: string;
  items: LabelledPosition[];
  judge: (item: LabelledPosition, col: number) => Verdict;
}

/**
 * The measure's sets: Pons' six with their verdict tables when ../shared is
 * there (an error if a table is missing or too short: judging must not cost
 * the run anything), else our own. `dirs` overrides the folders (tests).
 */
export function broadSets(perSet: number, dirs: { pons?: string; verdicts?: string; own?: string } = {}): { sets: BroadSet[]; source: 'pons' | 'own' } {
  const pons = dirs.pons ?? PONS_DIR;
  const verdicts = dirs.verdicts ?? VERDICTS_DIR;
  if (existsSync(pons)) {
    const sets = PONS_SETS.map((name): BroadSet => {
      const file = join(pons, `Test_${name}`);
      const bytes = readFileSync(file);
      const items = parseLabelled(bytes.toString('utf8'), file, perSet);
      const tablePath = join(verdicts, `${name}.txt`);
      if (!existsSync(tablePath)) throw new Error(`broad measure: ${tablePath} is missing: build it with npm run verdicts -- --limit ${perSet}`);
      const table = readVerdictTable(tablePath);
      const lookup: TableLookup = tableFor(table, bytes, tablePath);
      const short = items.find((it) => lookup(it, 0) === undefined);
      if (short) throw new Error(`broad measure: ${tablePath} covers ${table.lines.length} positions, not the ${perSet} asked (broad.perSet): run npm run verdicts -- --limit ${perSet}`);
      return { name, items, judge: (it, col) => lookup(it, col)! };
    });
    return { sets, source: 'pons' };
  }
  const own = dirs.own ?? OWN_DIR;
  const sets = readdirSync(own)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f): BroadSet => ({ name: f.replace(/\.txt$/, ''), items: parseLabelled(readFileSync(join(own, f), 'utf8'), join(own, f), perSet), judge: (it, col) => labelVerdict(it.columns!, it.score, col) }));
  return { sets, source: 'own' };
}

/** Error counts per set, in the order of `sets`. */
export interface BroadErrors {
  exact: number[];
  outcome: number[];
}

/** What the metrics line keeps of one measurement. */
export interface BroadRecord {
  sets: string[];
  positions: number[];
  raw: BroadErrors;
  search: (BroadErrors & { simulations: number })[];
  seconds: number;
  /** The process's CPU during the measure: in async mode that includes the self-play workers playing meanwhile. */
  cpuSeconds: number;
}

function count(sets: readonly BroadSet[], moves: readonly number[][]): BroadErrors {
  const out: BroadErrors = { exact: [], outcome: [] };
  sets.forEach((s, k) => {
    let exact = 0;
    let outcome = 0;
    s.items.forEach((it, i) => {
      const v = s.judge(it, moves[k][i]);
      if (!v.exact) exact++;
      if (!v.outcome) outcome++;
    });
    out.exact.push(exact);
    out.outcome.push(outcome);
  });
  return out;
}

/** Measures `evaluator` (the agent's stack) on `sets`: raw policy, then each search budget. */
export async function broadMeasure(evaluator: Evaluator, sets: readonly BroadSet[], simulations: readonly number[], progress?: (label: string) => void): Promise<BroadRecord> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const raw: number[][] = [];
  for (const s of sets) raw.push(await policyMoves(evaluator, s.items.map((it) => it.pos)));
  const search: BroadRecord['search'] = [];
  for (const sims of simulations) {
    const moves: number[][] = [];
    for (const s of sets) {
      moves.push(await searchMoves(evaluator, s.items.map((it) => it.pos), { simulations: sims }));
      progress?.(`${s.name} at ${sims} simulations`);
    }
    search.push({ simulations: sims, ...count(sets, moves) });
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    sets: sets.map((s) => s.name),
    positions: sets.map((s) => s.items.length),
    raw: count(sets, raw),
    search,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
  };
}

/** One broad measurement of a run, at its training CPU hours. */
export interface BroadPoint {
  generation: number;
  trainCpuHours: number;
  broad: BroadRecord;
}

/** The run's broad measurements with the CPU hours spent outside them. */
export function broadPoints(metrics: readonly Pick<MetricsLine, 'generation' | 'cpuHours' | 'broad'>[]): BroadPoint[] {
  let broadCpu = 0;
  const out: BroadPoint[] = [];
  for (const m of metrics) {
    if (m.broad) broadCpu += m.broad.cpuSeconds;
    if (m.broad && m.cpuHours !== undefined) out.push({ generation: m.generation, trainCpuHours: m.cpuHours - broadCpu / 3600, broad: m.broad });
  }
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Total misses of a measurement: raw, then each search budget of `budgets`, outcome and exact (NaN where it lacks a budget). */
export function totalsOf(b: BroadRecord, budgets: readonly number[]): { outcome: number; exact: number }[] {
  const parts = [b.raw, ...budgets.map((sims) => b.search.find((s) => s.simulations === sims))];
  return parts.map((e) => (e ? { outcome: sum(e.outcome), exact: sum(e.exact) } : { outcome: NaN, exact: NaN }));
}

/**
 * A run's totals at `hours` of training CPU, linearly between the two
 * measurements around it; null outside the measured hours.
 */
export function totalsAt(points: readonly BroadPoint[], hours: number, budgets: readonly number[]): { outcome: number; exact: number }[] | null {
  if (points.length === 0 || hours < points[0].trainCpuHours - 1e-9) return null;
  for (let i = 0; i < points.length; i++) {
    const b = points[i];
    if (Math.abs(b.trainCpuHours - hours) < 1e-9) return totalsOf(b.broad, budgets);
    if (i === 0 || b.trainCpuHours < hours) continue;
    const a = points[i - 1];
    const t = (hours - a.trainCpuHours) / (b.trainCpuHours - a.trainCpuHours);
    const ta = totalsOf(a.broad, budgets);
    const tb = totalsOf(b.broad, budgets);
    return ta.map((x, k) => ({ outcome: x.outcome + t * (tb[k].outcome - x.outcome), exact: x.exact + t * (tb[k].exact - x.exact) }));
  }
  return null;
}

/** "raw 61/23, 800: 20/4, 16000: 12/1 (exact/outcome errors of 1200)": a record in one line. */
export function broadSummary(r: BroadRecord): string {
  const part = (e: BroadErrors) => `${sum(e.exact)}/${sum(e.outcome)}`;
  return `raw ${part(r.raw)}, ${r.search.map((s) => `${s.simulations}: ${part(s)}`).join(', ')} (exact/outcome errors of ${sum(r.positions)} positions, ${r.seconds} s)`;
}
