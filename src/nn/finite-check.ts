/**
 * A guard between the network and the search: every evaluation must have a
 * finite value in [-1, 1] and a policy of finite numbers summing to 1 over
 * the legal columns (the Evaluator contract). A model file with corrupted
 * weights yields NaN: the value is NaN and the legal softmax of NaN logits
 * is all zeros (legalSoftmax), which MCTS would otherwise search on silently
 * and answer with `1 NaN ...`. The first bad evaluation throws
 * NonFiniteOutputError instead, so the caller stops with a message.
 *
 * Put it right around the network (`new CachedEvaluator(new MirrorAveragingEvaluator(new FiniteCheckingEvaluator(net)))`),
 * so that nothing bad is averaged or cached first.
 */
import type { Position } from '../engine/index.js';
import { WIDTH } from '../engine/index.js';
import type { Evaluation, Evaluator } from '../mcts/evaluator.js';

/** How far from 1 a policy's sum may be: float32 softmax rounding is about 1e-7 per column. */
const POLICY_SUM_TOLERANCE = 1e-3;

/** How far past +-1 a value may be: one float32 ulp of tanh's output near 1 is about 1.2e-7. */
const VALUE_TOLERANCE = 1e-5;

export class NonFiniteOutputError extends Error {
  override readonly name = 'NonFiniteOutputError';
}

/** Why `ev` breaks the Evaluator contract, or null when it keeps it. */
export function evaluationFault(ev: Evaluation): string | null {
  if (!Number.isFinite(ev.value)) return `value ${ev.value}`;
  // float32 tanh rounds to just past +-1 (seen: -1.0000001192): only a clear excursion is a fault.
  if (Math.abs(ev.value) > 1 + VALUE_TOLERANCE) return `value ${ev.value} outside [-1, 1]`;
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) {
    if (!Number.isFinite(ev.policy[c])) return `policy[${c}] = ${ev.policy[c]}`;
    sum += ev.policy[c];
  }
  if (Math.abs(sum - 1) > POLICY_SUM_TOLERANCE) return `policy sums to ${sum}, not 1 (non-finite logits)`;
  if (ev.movesLeft !== undefined && !Number.isFinite(ev.movesLeft)) return `moves left ${ev.movesLeft}`;
  return null;
}

export class FiniteCheckingEvaluator implements Evaluator {
  constructor(readonly inner: Evaluator) {}

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    const evals = await this.inner.evaluate(positions);
    evals.forEach((ev, i) => {
      const fault = evaluationFault(ev);
      if (fault !== null) {
        throw new NonFiniteOutputError(`the network's output is not a number (${fault}, position of ${positions[i].moves} stones): is the model file corrupt?`);
      }
    });
    return evals;
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
