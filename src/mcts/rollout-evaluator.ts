/**
 * A rollout oracle for tests and baselines (the pre-AlphaZero MCTS value):
 * uniform priors and, as value, the mean result of `rollouts` random
 * playouts for the side to move, and as moves left their mean length.
 * Deterministic for its seed.
 */
import type { Position } from '../engine/index.js';
import { WIDTH } from '../engine/index.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import { Rng } from './rng.js';

export class RolloutEvaluator implements Evaluator {
  private readonly rng: Rng;
  /** Plies of the last playout. */
  private plies = 0;

  constructor(
    /** Random playouts per position. */
    readonly rollouts = 8,
    seed = 7,
  ) {
    this.rng = new Rng(seed);
  }

  /** Result of one random playout for the side to move at `start`: 1, 0 or -1. */
  playout(start: Position): number {
    const pos = start.clone();
    const cols = new Int32Array(WIDTH);
    while (!pos.isOver) {
      const legal = pos.legalMoves();
      let n = 0;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) cols[n++] = c;
      pos.play(cols[this.rng.int(n)]);
    }
    this.plies = pos.moves - start.moves;
    if (!pos.won) return 0;
    // The side to move at the end lost; it is the start's side if the number of moves made is even.
    return (pos.moves - start.moves) % 2 === 0 ? -1 : 1;
  }

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    return positions.map((pos) => {
      const legal = pos.legalMoves();
      const policy = new Float32Array(WIDTH);
      let n = 0;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) n++;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) policy[c] = 1 / n;
      let sum = 0;
      let plies = 0;
      for (let r = 0; r < this.rollouts; r++) {
        sum += this.playout(pos);
        plies += this.plies;
      }
      return { policy, value: sum / this.rollouts, movesLeft: plies / this.rollouts };
    });
  }
}
