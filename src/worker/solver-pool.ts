/**
 * The analysis on every core: several solver workers, each with its own
 * transposition table, take the searches of one analysis (analysis-plan.ts:
 * the position on one, its columns in parallel on the others) and the pool
 * gathers their answers into one result, reported after each answer. A
 * worker that fails is dropped and its search handed to another; with one
 * worker left (or only one to begin with) the analysis is the single-worker
 * schedule. Transport-free: a member is anything that runs one search, so
 * the pool runs in Node tests on in-process solvers as in the page on
 * workers (drivers.ts).
 */
import { AnalysisPlan } from './analysis-plan.js';
import { messageOf } from './client.js';
import type { RangeAnswer, RangeJob, SolverResult, SolverWork } from './protocol.js';

/** One solver worker as the pool sees it. */
export interface PoolMember {
  /** Runs `job` of analysis `id` on `moves`; null when a newer id superseded it; rejects when the worker failed. */
  range(id: number, moves: string, job: RangeJob): Promise<RangeAnswer | null>;
}

/** Pool settings; DEFAULT_SOLVER_POOL_PARAMS has the defaults. */
export interface SolverPoolParams {
  /** Most workers, whatever navigator.hardwareConcurrency says (each holds a table and a core). */
  maxWorkers: number;
  /** Transposition-table slots shared out among the workers (SolverParams.tableSize of each). */
  tableSlots: number;
  /** Fewest slots one worker gets, however many workers share tableSlots. */
  minWorkerSlots: number;
}

export const DEFAULT_SOLVER_POOL_PARAMS: Readonly<SolverPoolParams> = {
  maxWorkers: 8,
  // 2^23 slots in all: two workers of 2^22 (the single worker's size before the pool).
  tableSlots: 1 << 23,
  // 2^21 slots: a floor, so that many cores do not leave each worker a table too small to keep its work; eight hold 2^24 in all.
  minWorkerSlots: 1 << 21,
};

/**
 * How many solver workers the page starts: `asked` (the ?solver-workers=
 * link option) if given, else one per core the browser reports
 * (`hardwareConcurrency`, undefined in some browsers: then one), within 1
 * and maxWorkers.
 */
export function poolSize(hardwareConcurrency: number | undefined, asked: number | null, p: SolverPoolParams = DEFAULT_SOLVER_POOL_PARAMS): number {
  const n = asked ?? hardwareConcurrency ?? 1;
  return Number.isFinite(n) ? Math.min(p.maxWorkers, Math.max(1, Math.floor(n))) : 1;
}

/** poolSize for the page at `href`: its `?solver-workers=N` (N >= 1), else the core count. */
export function poolSizeFor(href: string, hardwareConcurrency: number | undefined): number {
  const asked = Number(new URL(href).searchParams.get('solver-workers'));
  return poolSize(hardwareConcurrency, asked >= 1 ? asked : null);
}

/** Transposition-table slots of each of `workers` workers: an equal part of tableSlots, at least minWorkerSlots. */
export function workerTableSize(workers: number, p: SolverPoolParams = DEFAULT_SOLVER_POOL_PARAMS): number {
  return Math.max(p.minWorkerSlots, Math.floor(p.tableSlots / Math.max(1, workers)));
}

export interface PoolHooks {
  /** True once a newer request came: the analysis returns null. */
  superseded(): boolean;
  /** The result so far, after each answer. */
  progress?(r: SolverResult): void;
  now(): number;
}

/** A member and the search it runs, if any (possibly one of an older analysis, still finishing). */
interface Slot {
  member: PoolMember;
  busy: Promise<void> | null;
}

export class SolverPool {
  private readonly slots: Slot[];

  /** `onFailed`: called once with a member that failed (the driver terminates its worker); the pool goes on without it. */
  constructor(
    members: readonly PoolMember[],
    private readonly onFailed: (m: PoolMember, e: unknown) => void = () => {},
  ) {
    if (members.length === 0) throw new Error('a solver pool needs at least one worker');
    this.slots = members.map((member) => ({ member, busy: null }));
  }

  /** Workers still in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Runs `work` on the pool; null when superseded. Rejects only when every worker has failed. */
  async analyze(work: SolverWork, hooks: PoolHooks): Promise<SolverResult | null> {
    const plan = new AnalysisPlan(work, this.slots.length, hooks.now());
    let lastFailure: unknown = null;
    for (;;) {
      if (hooks.superseded()) return null;
      if (this.slots.length === 0) throw new Error(`every solver worker failed (${messageOf(lastFailure)})`);
      if (plan.finished(hooks.now())) return plan.result(hooks.now(), true);
      for (const [i, slot] of this.slots.entries()) {
        if (slot.busy) continue;
        const job = plan.next(hooks.now(), i > 0);
        if (!job) break;
        slot.busy = slot.member.range(work.id, work.moves, job).then(
          (a) => {
            slot.busy = null;
            if (!a) return plan.giveBack(job);
            plan.answer(job, [a.min, a.max], a.nodes);
            if (!hooks.superseded()) hooks.progress?.(plan.result(hooks.now(), false));
          },
          (e: unknown) => {
            lastFailure = e;
            plan.giveBack(job);
            this.drop(slot, e);
          },
        );
      }
      const busy = this.slots.map((s) => s.busy).filter((b): b is Promise<void> => b !== null);
      // Nothing runs and nothing can be handed out: the plan is done with what it has.
      if (busy.length === 0) return plan.result(hooks.now(), true);
      await Promise.race(busy);
    }
  }

  private drop(slot: Slot, e: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    this.onFailed(slot.member, e);
  }
}
