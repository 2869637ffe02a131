/**
 * What the gauge under the status shows for the position on screen: the
 * proven result once the solver (or the agent's own search) has proved one,
 * else the agent's estimate of each side's chances. A proof outranks an
 * estimate, so the gauge never shows 44/56 for a position proven a draw;
 * and only finished searches count, so the gauge does not drift while the
 * agent looks ahead during the player's move. Pure, tested as tables.
 */
import { PLAYER_NAMES, type Player } from './game-model.js';
import { positionOutcome, type Scores } from './review.js';
import { sideToMove, winChances } from './seats.js';

export type GaugeView =
  /** Proven with best play: the winner (0 = a draw), by the solver or the agent's search. */
  | { kind: 'proven'; winner: Player | 0; by: 'solver' | 'agent'; text: string }
  /** The agent's estimate: each side's chances, a draw counting half. */
  | { kind: 'estimate'; red: number; yellow: number }
  | null;

/** A solver analysis as the gauge reads it: the columns' scores and the bounds on the position's own score. */
export interface SolverFacts extends Scores {
  position: readonly [number, number] | null;
}

/** The proven outcome for the side to move (1 win, 0 draw, -1 loss) of a solver analysis, or null. */
export function solverOutcome(a: SolverFacts | null): -1 | 0 | 1 | null {
  if (!a) return null;
  const own = positionOutcome(a);
  if (own !== null) return own;
  if (!a.position) return null;
  const [min, max] = a.position;
  if (min > 0) return 1;
  if (max < 0) return -1;
  return min === 0 && max === 0 ? 0 : null;
}

/** The gauge for the position after `ply` moves: nothing once the game is over. */
export function gaugeOf(o: { ply: number; over: boolean; solver: SolverFacts | null; estimate: { searchValue: number; proven: number | null } | null }): GaugeView {
  if (o.over) return null;
  const mover = sideToMove(o.ply);
  const fromSolver = solverOutcome(o.solver);
  const proven = fromSolver ?? (o.estimate?.proven === 1 || o.estimate?.proven === 0 || o.estimate?.proven === -1 ? o.estimate.proven : null);
  if (proven !== null) {
    const winner: Player | 0 = proven === 0 ? 0 : proven > 0 ? mover : mover === 1 ? 2 : 1;
    const text = winner === 0 ? 'Proven: a draw with best play' : `Proven: ${PLAYER_NAMES[winner]} wins with best play`;
    return { kind: 'proven', winner, by: fromSolver !== null ? 'solver' : 'agent', text };
  }
  if (!o.estimate) return null;
  return { kind: 'estimate', ...winChances(o.estimate.searchValue, mover) };
}
