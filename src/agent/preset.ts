/**
 * The play search preset: the settings every agent that plays or is
 * measured uses, whatever its budget. No Dirichlet noise and no temperature
 * (deterministic: the most visited move), the MCTS-solver's proofs, tree
 * reuse between the moves of a game, and 8 leaves per step by virtual loss,
 * so that even one tree sends the network batches of 8 (KataGo, Leela).
 */
import type { Evaluator } from '../mcts/evaluator.js';
import { searchParams, type SearchParams } from '../mcts/params.js';

export const PLAY_SEARCH: Readonly<Partial<SearchParams>> = Object.freeze({
  dirichletWeight: 0,
  temperatureMoves: 0,
  solver: true,
  reuseTree: true,
  leavesPerStep: 8,
});

/**
 * What the network behind `evaluator` asks of the search (its model's
 * metadata, src/nn/model-metadata.ts): the scale of its values
 * (lengthWeight) and, with a moves-left head, the moves-left utility it was
 * trained with. Every agent that plays or is measured starts from these.
 */
export function networkSearch(evaluator: Evaluator): Partial<SearchParams> {
  const utility = evaluator.movesLeftUtility;
  return { lengthWeight: evaluator.lengthWeight ?? 0, ...(utility ? { movesLeftSlope: utility.slope, movesLeftCap: utility.cap } : {}) };
}

/**
 * Play settings with `simulations` per move; `overrides` may change what is
 * not the preset's point (pruneLosing, cPuct, leavesPerStep), never the noise.
 */
export function playSearch(simulations: number, overrides: Partial<SearchParams> = {}): SearchParams {
  return searchParams({ ...PLAY_SEARCH, ...overrides, simulations, dirichletWeight: 0, temperatureMoves: 0 });
}
