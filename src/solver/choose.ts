/**
 * How the solver picks its move in a match: the best-scoring column, chosen
 * uniformly at random among equally good ones from a seeded RNG, so that
 * matches are reproducible from their seed yet the solver is not predictable
 * by column order.
 */
import type { Position } from '../engine/position.js';
import type { SolveOptions, Solver } from './solver.js';

/** The columns whose score is the best of `scores` (null = unplayable), ascending. */
export function bestColumns(scores: readonly (number | null)[]): number[] {
  let best = -Infinity;
  for (const s of scores) if (s !== null && s > best) best = s;
  const cols: number[] = [];
  scores.forEach((s, c) => {
    if (s !== null && s === best) cols.push(c);
  });
  return cols;
}

/** A random source returning floats in [0, 1), e.g. a seeded PRNG. */
export type Random = () => number;

/**
 * One of the best columns of `scores` (as returned by Solver.analyze; null =
 * unplayable), uniformly among ties. Throws when no column is playable.
 */
export function chooseBestMove(scores: readonly (number | null)[], random: Random): number {
  const best = bestColumns(scores);
  if (best.length === 0) throw new Error('no playable column');
  const i = Math.min(best.length - 1, Math.floor(random() * best.length));
  return best[i];
}

/**
 * The solver's move in a match: one of Solver.bestMoves (cheaper than a full
 * analyze), uniformly; the same column as chooseBestMove(analyze(pos)) for
 * the same random draw. Throws SolverInterruptedError past a limit.
 */
export function solverMove(solver: Solver, pos: Position, random: Random, options: SolveOptions = {}): { col: number; best: number[] } {
  const best = solver.bestMoves(pos, options);
  if (best.length === 0) throw new Error('no playable column');
  return { col: best[Math.min(best.length - 1, Math.floor(random() * best.length))], best };
}

export { mulberry32 } from '../mcts/rng.js';
