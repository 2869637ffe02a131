/**
 * Who plays which side, and the agent's strength levels: pure rules for the
 * game against the agent (when it is the agent's turn, how far undo goes)
 * and each side's chances on the gauge, unit tested as tables.
 */
import type { Player } from './game-model.js';

/** The three ways to play. */
export type Mode = 'agent-second' | 'agent-first' | 'humans';

export const MODES: readonly { id: Mode; label: string }[] = [
  { id: 'agent-second', label: 'You play Red (first)' },
  { id: 'agent-first', label: 'You play Yellow (second)' },
  { id: 'humans', label: 'Two players, no agent' },
];

/** The side the agent plays in `mode`, or 0 for none. */
export function agentSide(mode: Mode): 0 | Player {
  return mode === 'agent-second' ? 2 : mode === 'agent-first' ? 1 : 0;
}

/** The side to move after `n` moves. */
export function sideToMove(n: number): Player {
  return n % 2 === 0 ? 1 : 2;
}

/** True when the agent should move now. */
export function agentToMove(mode: Mode, n: number, over: boolean): boolean {
  return !over && agentSide(mode) === sideToMove(n);
}

/**
 * Moves that Undo takes back: against the agent, the player's own last move
 * and the agent's reply (so it is the player's turn again), or only the own
 * move while the agent is still thinking; between two people, one move.
 */
export function undoCount(mode: Mode, n: number): number {
  const agent = agentSide(mode);
  if (agent === 0) return n > 0 ? 1 : 0;
  if (sideToMove(n) === agent) return n >= 1 ? 1 : 0; // the player's last move; the agent has not replied yet
  return n >= 2 ? 2 : 0; // the agent's reply and the player's move before it
}

/**
 * Moves that Redo replays (of `ahead` taken back): against the agent, the
 * player's move and the agent's reply, so it is the player's turn again;
 * between two people, one move.
 */
export function redoCount(mode: Mode, n: number, ahead: number): number {
  if (ahead <= 0) return 0;
  const agent = agentSide(mode);
  if (agent === 0 || sideToMove(n) === agent) return 1;
  return Math.min(2, ahead);
}

// The strength levels are the agent's presets (src/agent/levels.ts), shared with `npm run match`.
export { DEFAULT_LEVEL, LEVELS, levelById, levelMove, type Level } from '../agent/levels.js';

/**
 * Win probabilities from a value v in [-1, 1] for the side to move, counting
 * a draw as half a win: P(mover) = (v + 1) / 2. Returned for Red and Yellow.
 */
export function winChances(value: number, mover: Player): { red: number; yellow: number } {
  const p = Math.min(1, Math.max(0, (value + 1) / 2));
  return mover === 1 ? { red: p, yellow: 1 - p } : { red: 1 - p, yellow: p };
}
