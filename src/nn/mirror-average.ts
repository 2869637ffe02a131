/**
 * Mirror averaging: the board's left-right symmetry used at play time. Each
 * position is evaluated together with its mirror image (column c <-> 6 - c)
 * in the same batch, and the two policies (the mirror's read back in this
 * orientation) and the two values are averaged: a two-member ensemble of the
 * same network, so the search sees less of the network's noise. AlphaGo Zero
 * evaluated a random one of Go's eight symmetries at each leaf (Silver et
 * al. 2017, Methods); averaging over the images is the deterministic
 * form of the same test-time ensemble. Here it costs twice the
 * network work per new leaf, less in practice: both images go in one batch,
 * and a symmetric position is evaluated once (its policy averaged with
 * itself reversed).
 *
 * Put it inside the cache (`new CachedEvaluator(new MirrorAveragingEvaluator(net))`):
 * the average is the same for a position and its mirror, which is what the
 * cache's shared entry assumes.
 */
import type { Position } from '../engine/index.js';
import { WIDTH } from '../engine/index.js';
import type { Evaluation, Evaluator } from '../mcts/evaluator.js';

export class MirrorAveragingEvaluator implements Evaluator {
  constructor(readonly inner: Evaluator) {}

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    const batch: Position[] = [...positions];
    // For each position, where its mirror image sits in `batch` (-1: the position is its own mirror).
    const mirrorAt = positions.map((p) => {
      if (p.mirrorKey() === p.key()) return -1;
      batch.push(p.mirror());
      return batch.length - 1;
    });
    const evals = await this.inner.evaluate(batch);
    return positions.map((_, i) => {
      const a = evals[i];
      // A symmetric position is its own mirror image: its policy is averaged with itself reversed.
      const b = mirrorAt[i] < 0 ? a : evals[mirrorAt[i]];
      const policy = new Float32Array(WIDTH);
      for (let c = 0; c < WIDTH; c++) policy[c] = (a.policy[c] + b.policy[WIDTH - 1 - c]) / 2;
      const value = (a.value + b.value) / 2;
      return a.movesLeft === undefined || b.movesLeft === undefined ? { policy, value } : { policy, value, movesLeft: (a.movesLeft + b.movesLeft) / 2 };
    });
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
