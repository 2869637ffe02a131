/**
 * What the page asks of its two engines, and what it takes from them: the
 * agent searches its move on its turn at the end of the game and otherwise
 * evaluates (review.ts nextEval picks the position), a move search no longer
 * wanted is stopped, and a move answer is played only while it still fits
 * the board; a solver analysis counts as done once complete or given the
 * current time limit (review.ts nextSolve picks the next position). Pure
 * functions over plain values, tested as tables; page.ts applies them.
 */
import type { AgentResult, EngineStatus, SolverResult } from '../worker/protocol.js';
import type { Purpose } from './engines.svelte.js';
import { notation, viewOf } from './game-model.js';
import { agentToMove, levelById, levelMove, type Mode } from './seats.js';

/** What the agent does now; at most one of `move` and `evaluate`. */
export interface AgentStep {
  /** Search the agent's move in the position on the board. */
  move: boolean;
  /** Stop the move search that runs: the board has left the agent's turn. */
  stopMove: boolean;
  /** Evaluate the next position that needs it (nextEval). */
  evaluate: boolean;
}

/**
 * The agent's step: nothing while it loads or after it failed; its move on
 * its turn at the end of the game (`agentTurn`); else stop a running move
 * search and evaluate (also the empty board shown under a bad address's
 * message, so that its panel and Hint work there too).
 */
export function agentStep(status: EngineStatus, agentTurn: boolean, purpose: Purpose): AgentStep {
  if (status !== 'idle' && status !== 'computing') return { move: false, stopMove: false, evaluate: false };
  if (agentTurn) return { move: true, stopMove: false, evaluate: false };
  return { move: false, stopMove: purpose === 'move' && status === 'computing', evaluate: true };
}

/** How deep the best evaluation of a position goes, for nextEval: -1 none, Infinity a proof, else its simulations. */
export function evalDepth(e: AgentResult | undefined): number {
  return !e ? -1 : e.proven !== null ? Infinity : e.simulations;
}

/** Whether the agent fills in the game's graph: after the game, while stepping back, and between two players. */
export function fillsGraph(lineOver: boolean, atEnd: boolean, mode: Mode): boolean {
  return lineOver || !atEnd || mode === 'humans';
}

/**
 * The column to play for the agent's move answer `r`, or -1 to drop it: only
 * the answer for the position on the board (`moves`, a prefix of `line`),
 * while it is still the agent's turn at the end of the game. The level's
 * choice: the most visited move, or for the levels that make mistakes a
 * draw from the visits, seeded by the game (`gameSeed`) and the position.
 */
export function agentMoveToPlay(r: AgentResult, moves: readonly number[], line: readonly number[], mode: Mode, level: string, gameSeed = 0): number {
  if (r.moves !== notation(moves) || moves.length !== line.length) return -1;
  if (!agentToMove(mode, moves.length, viewOf(moves).outcome !== 'ongoing')) return -1;
  return levelMove(levelById(level), r.moves, r, gameSeed);
}

/** A finished analysis and the time limit (seconds) it had. */
export interface DoneAnalysis {
  result: SolverResult;
  limitS: number;
}

/** The result of `d` when it is good enough: complete, or given at least the current limit `limitS`; else null (ask again). */
export function goodAnalysis(d: DoneAnalysis | undefined, limitS: number): SolverResult | null {
  return d && (d.result.complete || d.limitS >= limitS) ? d.result : null;
}
