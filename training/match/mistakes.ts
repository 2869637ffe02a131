/**
 * The agent's first mistake in a game against the solver: the first ply at
 * which its move lowered the game's exact value (AlphaZero.jl's notion of an
 * error, followed along one game). The values come for free from the
 * solver's own analyses: before each solver move it scores every column, so
 * the value of the position the agent left is the solver's best score, and
 * the value the agent faced is minus the score of the solver's chosen move.
 * Only the agent's very first move as first player needs a separate solve.
 */
import { parseMoves } from '../../src/engine/index.js';
import { SolverInterruptedError, type Solver } from '../../src/solver/index.js';
import type { PlayedGame } from './game.js';

/** Highest score among an analysis' playable columns. */
function bestScore(scores: readonly (number | null)[]): number {
  let best = -Infinity;
  for (const s of scores) if (s !== null && s > best) best = s;
  return best;
}

/**
 * The ply (stones on the board before the move) of the agent's first value-lowering move, or null when it
 * made none (or when the one value that needs a search was not found within
 * `timeLimitMs`). `rec` must come from a game against SolverPlayer, whose
 * moves carry their analysis in `info.scores`.
 */
export function agentFirstMistake(rec: PlayedGame, agentSide: 1 | 2, solver: Solver, timeLimitMs = 30_000): number | null {
  const log = rec.log;
  for (let k = 0; k < log.length; k++) {
    if (log[k].player !== agentSide) continue;
    const after = log[k + 1]?.info.scores;
    if (after === undefined) return null; // the agent's move ended the game: a win, or the last cell
    let before: number;
    if (k > 0) {
      const prev = log[k - 1].info;
      if (prev.scores === undefined) throw new Error('agentFirstMistake needs the solver analyses of a solver game');
      before = -(prev.scores[prev.col] as number);
    } else {
      try {
        before = solver.solve(parseMoves(rec.start), { timeLimitMs });
      } catch (e) {
        if (e instanceof SolverInterruptedError) continue;
        throw e;
      }
    }
    if (-bestScore(after) < before) return parseMoves(rec.start).moves + k;
  }
  return null;
}
