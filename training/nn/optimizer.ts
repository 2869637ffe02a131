/**
 * The optimizers of both trainers: Adam (Kingma & Ba 2015) and SGD with
 * momentum over tfjs variables (`Optimizer`, for `./trainer.ts`), Adam over
 * float32 arrays (`adamUpdate`, for `../onnx/ort-trainer.ts`), and what the
 * two share: the parameters, the bias-corrected step size and the slot labels
 * of a checkpoint.
 *
 * Written out instead of using tf.train.* so that every slot is a named
 * variable we can read and restore exactly (tfjs' optimizers create their
 * slots lazily and restore them asynchronously by position). The moment
 * updates stay two functions because they round differently: tfjs rounds
 * every tensor operation to float32, `adamUpdate` computes each element in
 * float64 and rounds once when it stores; one function for both would change
 * one trainer's weights. The trainers agree to float rounding (the ort trainer's
 * tests), not to the bit.
 */
import * as tf from '@tensorflow/tfjs';

export interface OptimizerParams {
  /** 'adam' or 'sgd' (with momentum). Default 'adam' (the Connect Four AlphaZero builds in TRAINING-NOTES used Adam). */
  kind: 'adam' | 'sgd';
  /** Adam beta1 / SGD momentum. Default 0.9. */
  beta1: number;
  /** Adam beta2. Default 0.999. */
  beta2: number;
  /** Adam epsilon. Default 1e-8 (the paper's value). */
  epsilon: number;
}

export const DEFAULT_OPTIMIZER: OptimizerParams = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** The checkpoint labels of the slots of weights `labels`: `${label}/m` and, for Adam, `${label}/v`, weight by weight. */
export function slotLabels(labels: readonly string[], kind: OptimizerParams['kind']): string[] {
  return labels.flatMap((label) => (kind === 'adam' ? [`${label}/m`, `${label}/v`] : [`${label}/m`]));
}

/** Adam's step size for update number `step` (1-based): the bias corrections folded in (Kingma & Ba, end of section 2). */
export function adamStepSize(lr: number, step: number, { beta1: b1, beta2: b2 }: OptimizerParams): number {
  return (lr * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
}

/**
 * How an Adam update rounds. 'float32': every operation rounded to float32,
 * as tfjs-wasm's tensor operations do one by one (the tfjs trainer, whose
 * runs stay bit for bit what they were); 'float64': each element in float64,
 * rounded once when stored, the weight's step using the moments before that
 * rounding (the onnxruntime trainer, as it always has: keep it so, or its
 * runs change). For + - * / and sqrt, rounding the float64 result to float32
 * gives the correctly rounded float32 result, so Math.fround after each
 * operation is exactly what a float32 machine computes.
 */
export type AdamRounding = 'float32' | 'float64';

/**
 * One Adam update of the float32 array `w` and its moments `m`, `v` in place, with step size
 * `alpha` (`adamStepSize`) and gradient `grad + decay * w` (decay = 2c for an L2 term c ||w||^2;
 * 0 when the gradient includes it already). The one Adam of both trainers.
 */
export function adamUpdate(w: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, alpha: number, decay: number, params: OptimizerParams, rounding: AdamRounding = 'float64'): void {
  const { beta1: b1, beta2: b2, epsilon } = params;
  if (rounding === 'float32') {
    // The constants as tfjs makes them: float32 scalars of the float64 values (1 - b1 computed in float64 first).
    const f = Math.fround;
    const [fb1, fc1, fb2, fc2, fAlpha, fEps] = [f(b1), f(1 - b1), f(b2), f(1 - b2), f(alpha), f(epsilon)];
    for (let i = 0; i < w.length; i++) {
      const gi = decay === 0 ? grad[i] : f(grad[i] + f(decay * w[i]));
      const mi = (m[i] = f(f(m[i] * fb1) + f(gi * fc1)));
      const vi = (v[i] = f(f(v[i] * fb2) + f(f(gi * gi) * fc2)));
      w[i] = f(w[i] - f(f(mi * fAlpha) / f(f(Math.sqrt(vi)) + fEps)));
    }
    return;
  }
  for (let i = 0; i < w.length; i++) {
    const gi = grad[i] + decay * w[i];
    const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
    const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
    w[i] -= (mi * alpha) / (Math.sqrt(vi) + epsilon);
  }
}

/** One optimizer slot per variable per moment: `m` and, for Adam, `v`. */
export class Optimizer {
  readonly slots: tf.Variable[] = [];
  /** Stable labels of the slots, `${label}/m` and `${label}/v`, from the labels given for the variables. */
  readonly slotLabels: string[];
  /** Number of updates applied so far (Adam's t). */
  step = 0;

  constructor(
    readonly variables: readonly tf.Variable[],
    labels: readonly string[],
    readonly params: OptimizerParams = DEFAULT_OPTIMIZER,
  ) {
    this.slotLabels = slotLabels(labels, params.kind);
    for (const v of variables) {
      // Unnamed: tfjs makes variable names unique per process, so they are no key for checkpoints.
      this.slots.push(tf.variable(tf.zeros(v.shape), false));
      if (params.kind === 'adam') this.slots.push(tf.variable(tf.zeros(v.shape), false));
    }
  }

  /** Applies one update with learning rate `lr`; `grads[i]` belongs to `variables[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    const { kind, beta1: b1 } = this.params;
    this.step++;
    const alpha = kind === 'adam' ? adamStepSize(lr, this.step, this.params) : lr;
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const g = grads[i];
        if (kind === 'adam') {
          // The shared typed-array Adam, rounding as tfjs's own operations did.
          const m = this.slots[2 * i];
          const v = this.slots[2 * i + 1];
          const [wa, ga, ma, va] = [w, g, m, v].map((t) => Float32Array.from(t.dataSync()));
          adamUpdate(wa, ga, ma, va, alpha, 0, this.params, 'float32');
          m.assign(tf.tensor(ma, m.shape));
          v.assign(tf.tensor(va, v.shape));
          w.assign(tf.tensor(wa, w.shape));
        } else {
          const m = this.slots[i];
          const m1 = tf.add(tf.mul(m, b1), g);
          m.assign(m1);
          w.assign(tf.sub(w, tf.mul(m1, alpha)));
        }
      });
    });
  }

  dispose(): void {
    tf.dispose(this.slots);
  }
}
