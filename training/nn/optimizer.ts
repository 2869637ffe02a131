/**
 * Adam (Kingma & Ba 2015) and SGD with momentum over tfjs variables, written
 * out here instead of using tf.train.* so that every slot is a named variable
 * we can read and restore exactly (tfjs' optimizers create their slots lazily
 * and restore them asynchronously by position).
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

/** One optimizer slot per variable per moment: `m` and, for Adam, `v`. */
export class Optimizer {
  readonly slots: tf.Variable[] = [];
  /** Stable labels of the slots, `${label}/m` and `${label}/v`, from the labels given for the variables. */
  readonly slotLabels: string[] = [];
  /** Number of updates applied so far (Adam's t). */
  step = 0;

  constructor(
    readonly variables: readonly tf.Variable[],
    labels: readonly string[],
    readonly params: OptimizerParams = DEFAULT_OPTIMIZER,
  ) {
    variables.forEach((v, i) => {
      // Unnamed: tfjs makes variable names unique per process, so they are no key for checkpoints.
      this.slots.push(tf.variable(tf.zeros(v.shape), false));
      this.slotLabels.push(`${labels[i]}/m`);
      if (params.kind === 'adam') {
        this.slots.push(tf.variable(tf.zeros(v.shape), false));
        this.slotLabels.push(`${labels[i]}/v`);
      }
    });
  }

  /** Applies one update with learning rate `lr`; `grads[i]` belongs to `variables[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    const { kind, beta1: b1, beta2: b2, epsilon } = this.params;
    this.step++;
    // Bias corrections folded into the step size (Kingma & Ba, end of section 2).
    const alpha = kind === 'adam' ? (lr * Math.sqrt(1 - b2 ** this.step)) / (1 - b1 ** this.step) : lr;
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const g = grads[i];
        if (kind === 'adam') {
          const m = this.slots[2 * i];
          const v = this.slots[2 * i + 1];
          const m1 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
          const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
          m.assign(m1);
          v.assign(v1);
          w.assign(tf.sub(w, tf.div(tf.mul(m1, alpha), tf.add(tf.sqrt(v1), epsilon))));
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
