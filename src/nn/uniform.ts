/**
 * The uniform evaluator: equal priors over legal columns and value 0. With
 * it, PUCT degenerates to plain UCT-like search over exact terminal values;
 * AlphaZero.jl drives its MCTS tests with the same oracle.
 */
import type { Position } from '../engine/index.js';
import { WIDTH } from '../engine/index.js';
import type { Evaluation, Evaluator } from '../mcts/evaluator.js';

export function uniformEvaluation(pos: Position): Evaluation {
  const legal = pos.legalMoves();
  const policy = new Float32Array(WIDTH);
  let n = 0;
  for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) n++;
  for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) policy[c] = 1 / n;
  return { policy, value: 0 };
}

export class UniformEvaluator implements Evaluator {
  /** Positions evaluated so far. */
  calls = 0;
  /** Sizes of the batches received, in order. */
  readonly batchSizes: number[] = [];

  async evaluate(positions: readonly Position[]) {
    this.calls += positions.length;
    this.batchSizes.push(positions.length);
    return positions.map(uniformEvaluation);
  }
}
