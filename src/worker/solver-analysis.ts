/**
 * Perfect-play scores of every column, as the analysis shows them (Pons'
 * solver page: sign = outcome, size = how soon), column by column from the
 * centre out so that the likeliest moves are solved first, each reported as
 * it finishes, within a time limit. Synchronous: the worker calls it and a
 * stop reaches it only through `shouldStop` (a shared-memory word).
 */
import { WIDTH, parseMoves } from '../engine/index.js';
import { Solver, SolverInterruptedError } from '../solver/index.js';
import type { SolverResult, SolverWork } from './protocol.js';

/** Columns from the centre outwards, as the solver explores them. */
const CENTRE_FIRST = [3, 2, 4, 1, 5, 0, 6];

export interface AnalysisHooks {
  /** True when a newer request arrived: the analysis returns null. */
  superseded(): boolean;
  /** Called after each solved column with the scores so far. */
  progress?(r: SolverResult): void;
  now(): number;
}

export function analyzeColumns(solver: Solver, work: SolverWork, hooks: AnalysisHooks): SolverResult | null {
  const start = hooks.now();
  const deadline = start + work.timeLimitMs;
  const pos = parseMoves(work.moves);
  const scores: (number | null)[] = Array(WIDTH).fill(null);
  const solved: boolean[] = Array(WIDTH).fill(false);
  solver.resetNodeCount();
  let timedOut = false;
  const result = (final: boolean): SolverResult => ({
    id: work.id,
    moves: work.moves,
    scores: [...scores],
    solved: [...solved],
    complete: !pos.isOver && CENTRE_FIRST.every((c) => !pos.canPlay(c) || solved[c]),
    timedOut,
    nodes: solver.nodeCount,
    ms: hooks.now() - start,
    final,
  });
  if (pos.isOver) return result(true);
  for (const col of CENTRE_FIRST) {
    if (!pos.canPlay(col)) continue;
    const left = deadline - hooks.now();
    if (left <= 0) {
      timedOut = true;
      break;
    }
    const child = pos.clone();
    child.play(col);
    try {
      // The child's score is for the opponent; negate it (negamax). A won
      // child scores as the opponent's loss, so a winning move comes out right.
      // `0 - x` rather than `-x`: a draw is +0, never -0.
      scores[col] = 0 - solver.solve(child, { timeLimitMs: left, shouldStop: () => hooks.superseded() });
      solved[col] = true;
    } catch (e) {
      if (!(e instanceof SolverInterruptedError)) throw e;
      if (hooks.superseded()) return null;
      timedOut = true;
      break;
    }
    if (hooks.superseded()) return null;
    hooks.progress?.(result(false));
  }
  return result(true);
}

/**
 * A column's Pons score in words. At ply `ply` the side to move has placed
 * floor(ply / 2) stones and the opponent ceil(ply / 2); a score 22 - k is a
 * win with the mover's k-th stone, -(22 - k) a loss to the opponent's k-th.
 * Counts are moves of that side from now, this move included.
 */
export function describeScore(score: number, ply: number): string {
  if (score === 0) return 'draw with best play';
  if (score > 0) {
    const n = 22 - score - Math.floor(ply / 2);
    return n <= 1 ? 'wins at once' : `wins by your move ${n}`;
  }
  const n = 22 + score - Math.ceil(ply / 2);
  return `loses: the opponent wins by their move ${n}`;
}
