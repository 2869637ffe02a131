/**
 * Batch normalisation over the channels of an NHWC tensor (Ioffe & Szegedy
 * 2015) with its training gradient written out in closed form:
 *   y = gamma * xhat + beta,  xhat = (x - mean) * rstd,  rstd = 1 / sqrt(var + eps)
 *   dbeta = sum dy,  dgamma = sum dy * xhat,
 *   dx = gamma * rstd * (dy - (dbeta + xhat * dgamma) / M)      (M = N*H*W)
 * tfjs' own layer differentiates through tf.moments and the FusedBatchNorm
 * gradient, about twice as many full-size operations. Same weights (`gamma`,
 * `beta`, `moving_mean`, `moving_variance`), same biased batch variance and
 * moving-average update as tf.layers.batchNormalization, which the tests
 * compare it with. The update (`updateMovingAverage`) is on typed arrays,
 * shared with the onnxruntime trainer (../onnx/ort-trainer.ts).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The moving-average update of a batch norm's statistics in place, for both
 * trainers: moving - (moving - batch) * (1 - momentum), rounded to float32
 * after each operation, as tfjs-layers writes it (normalization.ts) with
 * float32 tensors, so the trainers and tf.layers.batchNormalization agree to
 * the last bit.
 */
export function updateMovingAverage(moving: Float32Array, batch: Float32Array, momentum: number): void {
  const rate = Math.fround(1 - momentum);
  for (let c = 0; c < moving.length; c++) moving[c] = Math.fround(moving[c] - Math.fround(Math.fround(moving[c] - batch[c]) * rate));
}

export interface FastBatchNormArgs {
  name: string;
  /** Added to the variance. */
  epsilon: number;
  /** Moving-average momentum: moving = moving * momentum + batch * (1 - momentum). */
  momentum: number;
}

export class FastBatchNorm extends tf.layers.Layer {
  static readonly className = 'FastBatchNorm';
  readonly epsilon: number;
  readonly momentum: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;
  private movingMean!: tf.LayerVariable;
  private movingVariance!: tf.LayerVariable;

  constructor(args: FastBatchNormArgs) {
    super({ name: args.name });
    this.epsilon = args.epsilon;
    this.momentum = args.momentum;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [c], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [c], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [c], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [c], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const gamma = this.gamma.read();
    const beta = this.beta.read();
    if (!kwargs.training) return tf.batchNorm(x, this.movingMean.read(), this.movingVariance.read(), beta, gamma, this.epsilon);
    const axes = x.shape.map((_, i) => i).slice(0, -1);
    const m = x.size / (x.shape[x.shape.length - 1] as number);
    const eps = this.epsilon;
    let stats: tf.Tensor[] = [];
    const norm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xt, gt, bt] = args as tf.Tensor[];
      const save = args[3] as tf.GradSaveFunc;
      const mean = tf.mean(xt, axes);
      const xc = tf.sub(xt, mean);
      const variance = tf.mean(tf.square(xc), axes);
      const rstd = tf.rsqrt(tf.add(variance, eps));
      const xhat = tf.mul(xc, rstd);
      save([xhat, rstd, gt]);
      stats = [tf.keep(mean), tf.keep(variance)];
      return {
        value: tf.add(tf.mul(xhat, gt), bt),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const d = Array.isArray(dy) ? dy[0] : dy;
          const [sxhat, srstd, sgamma] = saved;
          const dbeta = tf.sum(d, axes);
          const dgamma = tf.sum(tf.mul(d, sxhat), axes);
          const correction = tf.div(tf.add(tf.mul(sxhat, dgamma), dbeta), m);
          const dx = tf.mul(tf.sub(d, correction), tf.mul(sgamma, srstd));
          return [dx, dgamma, dbeta];
        },
      };
    });
    const y = norm(x, gamma, beta);
    // The moving statistics follow the batch ones (tfjs/Keras BatchNormalization semantics).
    const [mean, variance] = stats;
    const update = (v: tf.LayerVariable, batch: tf.Tensor) => {
      // A copy: the cpu backend's dataSync returns the variable's own storage.
      const moving = Float32Array.from(v.read().dataSync() as Float32Array);
      updateMovingAverage(moving, batch.dataSync() as Float32Array, this.momentum);
      tf.tidy(() => {
        v.write(tf.tensor(moving, v.shape as number[]));
      });
    };
    update(this.movingMean, mean);
    update(this.movingVariance, variance);
    tf.dispose(stats);
    return y;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, momentum: this.momentum };
  }
}
tf.serialization.registerClass(FastBatchNorm);
