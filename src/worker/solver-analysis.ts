/**
 * Perfect-play scores of every column, as the analysis shows them (Pons'
 * solver page: sign = outcome, size = how soon), column by column from the
 * centre out so that the likeliest moves are solved first, each reported as
 * it finishes, within a time limit. Synchronous: the worker calls it and a
 * stop reaches it only through `shouldStop` (a shared-memory word).
 */
import { CENTRE_FIRST, MAX_MOVES, WIDTH, parseMoves, type Position } from '../engine/index.js';
import type { Solver } from '../solver/index.js';
import type { SolverResult, SolverWork } from './protocol.js';

export interface AnalysisHooks {
  /** True when a newer request arrived: the analysis returns null. */
  superseded(): boolean;
  /** Called after each solved column with the scores so far. */
  progress?(r: SolverResult): void;
  now(): number;
}

/** Share of the time limit spent on the position itself before its columns. */
export const POSITION_SHARE = 0.5;

/**
 * The position first, then two passes over the columns, centre first,
 * within the time limit. The position's own score gets up to
 * POSITION_SHARE of the time (its outcome first, then exact: one search
 * whose move ordering and cut-offs serve every column at once, so a win is
 * proven as soon as one winning move is found, whichever column it is).
 * Then the first column pass proves each column's outcome (win, draw or
 * loss: two null-window searches, Pons part 7) with an equal share of the
 * time left; the second narrows each unsolved column to its exact score,
 * again sharing the time left. The transposition table keeps each pass's
 * work for the next. So a hard position still gets its outcome, and an
 * answer for every column it can, not one exact column and six unknown ones.
 */
export function analyzeColumns(solver: Solver, work: SolverWork, hooks: AnalysisHooks): SolverResult | null {
  const start = hooks.now();
  const deadline = start + work.timeLimitMs;
  const pos = parseMoves(work.moves);
  const scores: (number | null)[] = Array(WIDTH).fill(null);
  const solved: boolean[] = Array(WIDTH).fill(false);
  const bounds: ([number, number] | null)[] = Array(WIDTH).fill(null);
  let searched: [number, number] | null = null;
  solver.resetNodeCount();
  let timedOut = false;
  const result = (final: boolean): SolverResult => ({
    id: work.id,
    moves: work.moves,
    scores: [...scores],
    solved: [...solved],
    bounds: bounds.map((b) => (b ? [b[0], b[1]] : null)),
    position: pos.isOver ? null : positionRange(searched, bounds, pos),
    complete: !pos.isOver && CENTRE_FIRST.every((c) => !pos.canPlay(c) || solved[c]),
    timedOut,
    nodes: solver.nodeCount,
    ms: hooks.now() - start,
    final,
  });
  if (pos.isOver) return result(true);
  const positionShare = work.positionShare ?? POSITION_SHARE;
  if (positionShare > 0) {
    const r0 = solver.scoreRange(pos, { timeLimitMs: Math.max(1, work.timeLimitMs * positionShare), shouldStop: () => hooks.superseded() });
    if (hooks.superseded()) return null;
    searched = [r0.min, r0.max];
    hooks.progress?.(result(false));
  }
  const columns = CENTRE_FIRST.filter((c) => pos.canPlay(c));
  for (const outcomeOnly of [true, false]) {
    const todo = columns.filter((c) => !solved[c]);
    for (let i = 0; i < todo.length; i++) {
      const col = todo[i];
      const left = deadline - hooks.now();
      if (left <= 0) break;
      // An equal share of what is left for this column and those after it in this pass.
      const share = Math.max(1, left / (todo.length - i));
      const r = solver.columnRange(pos, col, { timeLimitMs: share, shouldStop: () => hooks.superseded(), outcomeOnly });
      if (hooks.superseded()) return null;
      bounds[col] = [r.min, r.max];
      if (r.min === r.max) {
        scores[col] = r.min;
        solved[col] = true;
      }
      hooks.progress?.(result(false));
    }
  }
  timedOut = columns.some((c) => !solved[c]);
  return result(true);
}

/**
 * The position's proven range: the search of the position itself, narrowed
 * by its columns (the position scores at least every column's min, and at
 * most the largest max once every playable column has bounds), within the
 * scores a position of its ply can have.
 */
export function positionRange(searched: readonly [number, number] | null, bounds: readonly (readonly [number, number] | null)[], pos: Position): [number, number] {
  let lo = -((MAX_MOVES - pos.moves) >> 1);
  const legalMax = (MAX_MOVES + 1 - pos.moves) >> 1;
  let hi = -Infinity;
  for (let c = 0; c < WIDTH; c++) {
    if (!pos.canPlay(c)) continue;
    const b = bounds[c];
    if (b) lo = Math.max(lo, b[0]);
    hi = Math.max(hi, b ? b[1] : legalMax);
  }
  hi = Math.min(hi, legalMax);
  if (searched) {
    lo = Math.max(lo, searched[0]);
    hi = Math.min(hi, searched[1]);
  }
  return [lo, hi];
}
