/**
 * The schedule of one analysis (every column's score of a position within a
 * time limit, as the panel asks it) over one or several solver workers, as
 * pure state: which search a free worker runs next, with how much of the
 * time left, and the result so far (analysis-bounds.ts). The pool
 * (solver-pool.ts) hands the jobs out and brings the answers back.
 *
 * The order: the position's own search first (its outcome, then its exact
 * score: one search whose move ordering and cut-offs serve every column at
 * once, so a win is proven as soon as one winning move is found), then two
 * passes over the columns, centre first. The first pass proves each
 * column's outcome (win, draw or loss: two null-window searches, Pons part
 * 7), the second narrows each unsolved column to its exact score. The
 * position gets POSITION_SHARE of the limit, each column an equal share of
 * what is left in its pass. With several workers the schedule is the same
 * with more hands: while the first worker searches the position the
 * others start on the columns from the edges in, and it takes them from
 * the centre out when done (columns in parallel, each worker with its own
 * transposition table). The first worker keeps the table that searched the
 * position for the central columns, the likeliest moves: this warm table
 * proves columns (and so lost positions) that a cold one does not within
 * the limit (bench:analysis, docs/browser-performance.md). A
 * column whose outcome the position already proves (every column of a lost
 * position is a loss) skips the first pass.
 */
import { CENTRE_FIRST, parseMoves, type Position } from '../engine/index.js';
import { proven, type Bounds } from './analysis-bounds.js';
import type { Solver } from '../solver/index.js';
import type { RangeAnswer, RangeJob, SolverResult, SolverWork } from './protocol.js';

/** Share of the time limit spent on the position itself before its columns, with a single worker. */
export const POSITION_SHARE = 0.5;

/** Whether bounds prove the outcome: a win, a loss, or a draw. */
function outcomeKnown(b: readonly [number, number] | null): boolean {
  return b !== null && (b[0] > 0 || b[1] < 0 || (b[0] === 0 && b[1] === 0));
}

export class AnalysisPlan {
  private readonly pos: Position;
  private readonly start: number;
  private readonly deadline: number;
  /** The position's own search, once answered. */
  private searched: Bounds | null = null;
  /** Each column's searched range. */
  private readonly columns: (Bounds | null)[] = [null, null, null, null, null, null, null];
  /** Jobs not handed out yet, in order: the position, then the outcome pass; exact jobs join as outcome jobs end. */
  private positionTodo: boolean;
  private readonly outcomeTodo: number[];
  private readonly exactTodo: number[] = [];
  /** Columns whose exact job was handed out (or is not needed). */
  private readonly exactDone = new Set<number>();
  private readonly running = new Set<RangeJob>();
  private nodes = 0;

  /** `work` on `workers` workers, started at `now` (ms). */
  constructor(
    private readonly work: SolverWork,
    private readonly workers: number,
    now: number,
  ) {
    this.pos = parseMoves(work.moves);
    this.start = now;
    this.deadline = now + work.timeLimitMs;
    const share = work.positionShare ?? POSITION_SHARE;
    this.positionTodo = !this.pos.isOver && share > 0;
    this.outcomeTodo = this.pos.isOver ? [] : CENTRE_FIRST.filter((c) => this.pos.canPlay(c));
  }

  /** Whether the analysis is over: every column solved, or the time is up (or no job is left) with nothing running. */
  finished(now: number): boolean {
    if (this.pos.isOver || proven(this.proofs()).complete) return true;
    if (this.running.size > 0) return false;
    return now >= this.deadline || !this.hasTodo();
  }

  /**
   * The next job for a free worker, or null when there is none now (wait
   * for an answer, or the end). The first worker (`helper` false) takes the
   * columns centre first, after the position, keeping the table that
   * searched it; helpers take them from the edges in, so that the two meet
   * in the middle.
   */
  next(now: number, helper = false): RangeJob | null {
    const left = this.deadline - now;
    if (left <= 0 || this.finished(now)) return null;
    if (this.positionTodo) {
      this.positionTodo = false;
      const share = this.work.positionShare ?? POSITION_SHARE;
      return this.hand({ col: null, outcomeOnly: false, timeLimitMs: Math.max(1, Math.min(left, this.work.timeLimitMs * share)) });
    }
    const known = proven(this.proofs()).bounds;
    // The first pass: a column whose outcome is known already (by the position's bounds) goes straight to the second.
    for (const c of this.outcomeTodo.filter((c) => outcomeKnown(known[c]))) {
      this.outcomeTodo.splice(this.outcomeTodo.indexOf(c), 1);
      this.queueExact(c);
    }
    if (this.outcomeTodo.length > 0) {
      const col = (helper ? this.outcomeTodo.pop() : this.outcomeTodo.shift()) as number;
      return this.hand({ col, outcomeOnly: true, timeLimitMs: this.share(left, this.outcomeTodo.length + 1) });
    }
    // Columns solved meanwhile need no second search.
    for (const c of this.exactTodo.filter((c) => known[c] !== null && known[c]![0] === known[c]![1])) {
      this.exactTodo.splice(this.exactTodo.indexOf(c), 1);
      this.exactDone.add(c);
    }
    if (this.exactTodo.length === 0) return null;
    const col = (helper ? this.exactTodo.pop() : this.exactTodo.shift()) as number;
    this.exactDone.add(col);
    return this.hand({ col, outcomeOnly: false, timeLimitMs: this.share(left, this.exactTodo.length + 1 + this.exactPending()) });
  }

  /** Records the answer to `job`: the proven range [min, max], and the positions it searched. */
  answer(job: RangeJob, range: readonly [number, number], nodes: number): void {
    this.running.delete(job);
    this.nodes += nodes;
    if (job.col === null) this.searched = [range[0], range[1]];
    else {
      this.columns[job.col] = [range[0], range[1]];
      if (job.outcomeOnly) this.queueExact(job.col);
    }
  }

  /** `job` got no answer (its worker failed or the work was superseded): it goes back to the front of its queue. */
  giveBack(job: RangeJob): void {
    this.running.delete(job);
    if (job.col === null) this.positionTodo = true;
    else if (job.outcomeOnly) this.outcomeTodo.unshift(job.col);
    else {
      this.exactDone.delete(job.col);
      this.exactTodo.unshift(job.col);
    }
  }

  /** The result so far (`final`: the analysis is over). */
  result(now: number, final: boolean): SolverResult {
    const p = proven(this.proofs());
    const over = this.pos.isOver;
    return {
      id: this.work.id,
      moves: this.work.moves,
      ...p,
      timedOut: final && !over && !p.complete,
      nodes: this.nodes,
      ms: now - this.start,
      final,
    };
  }

  private proofs() {
    return { moves: this.work.moves, searched: this.searched, columns: this.columns };
  }

  private hand(job: RangeJob): RangeJob {
    this.running.add(job);
    return job;
  }

  private hasTodo(): boolean {
    return this.positionTodo || this.outcomeTodo.length > 0 || this.exactTodo.length > 0;
  }

  private queueExact(col: number): void {
    if (!this.exactDone.has(col) && !this.exactTodo.includes(col)) {
      this.exactTodo.push(col);
      this.exactTodo.sort((a, b) => CENTRE_FIRST.indexOf(a) - CENTRE_FIRST.indexOf(b));
    }
  }

  /** Columns whose outcome search still runs: each may need an exact search after it. */
  private exactPending(): number {
    let n = 0;
    for (const j of this.running) if (j.col !== null && j.outcomeOnly) n++;
    return n;
  }

  /**
   * An equal share of the time `left` for one of `jobs` jobs of a pass: the
   * workers take them in turns (the one on the position's search joins
   * when it ends), so each runs ceil(jobs / workers) of them one after the
   * other.
   */
  private share(left: number, jobs: number): number {
    return Math.max(1, left / Math.ceil(jobs / this.workers));
  }
}

/**
 * Runs `job` on `solver` for the position `moves`: what a solver worker
 * does with each job (and an in-process pool member in the tests). Blocks
 * until proven, out of time, or `shouldStop`; returns what was proven.
 */
export function runJob(solver: Solver, moves: string, job: RangeJob, shouldStop: () => boolean): RangeAnswer {
  const pos = parseMoves(moves);
  solver.resetNodeCount();
  const options = { timeLimitMs: job.timeLimitMs, shouldStop, outcomeOnly: job.outcomeOnly };
  const r = job.col === null ? solver.scoreRange(pos, options) : solver.columnRange(pos, job.col, options);
  return { min: r.min, max: r.max, nodes: solver.nodeCount };
}
