/**
 * The only door between search and the network (AlphaZero.jl's oracle,
 * KataGo's NNEvaluator): a batched, asynchronous map from positions to a
 * policy over the seven columns and a value for the side to move. MCTS,
 * self-play, the match and the browser worker all talk to this interface;
 * ONNX backends, caches and test oracles (uniform, rollout) implement it.
 */
import type { Position } from '../engine/index.js';

export interface Evaluation {
  /** Prior probability of each column 0-6 (length 7); illegal columns are 0, the rest sum to 1. */
  policy: Float32Array;
  /** Expected result for the side to move, in [-1, 1] (1 = win, 0 = draw). */
  value: number;
  /**
   * Expected plies until the game ends from this position (Lc0's moves-left
   * head), where the evaluator has such an estimate; the search then can
   * break near-ties by length (SearchParams.movesLeftSlope).
   */
  movesLeft?: number;
}

/** The moves-left utility's settings (SearchParams.movesLeftSlope, movesLeftCap). */
export interface MovesLeftUtility {
  slope: number;
  cap: number;
}

export interface Evaluator {
  /**
   * Evaluates a batch of positions that are not over. Results come back in the same order.
   * Callers pass as many positions as they can at once: backends are much faster per position in batches.
   */
  evaluate(positions: readonly Position[]): Promise<Evaluation[]>;
  /**
   * The value scale of the network behind this evaluator: trained on
   * targets z (1 - w pliesLeft / 42) (SearchParams.lengthWeight); absent = 0.
   */
  readonly lengthWeight?: number;
  /**
   * The moves-left utility the network behind this evaluator was trained
   * with (SearchParams.movesLeftSlope, movesLeftCap), where it has a
   * moves-left head; absent = none.
   */
  readonly movesLeftUtility?: MovesLeftUtility;
  /** Frees native resources, if any. */
  dispose?(): Promise<void> | void;
}
