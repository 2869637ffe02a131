/**
 * Network throughput measurements for `npm run bench:train`: training
 * samples per second (an Adam step on a batch, with tfjs-wasm or with the
 * onnxruntime-node backward graph, config `train.engine`) and onnxruntime-node
 * inference evaluations per second, each the median of several timed runs.
 */
import * as tf from '@tensorflow/tfjs';
import { HEIGHT, WIDTH } from '../../src/engine/bitboard.js';
import { INPUT_SIZE } from '../../src/engine/encoding.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { exportOnnx } from '../onnx/export.js';
import { createModel, type NetConfig } from '../nn/model.js';
import { OrtTrainer } from '../onnx/ort-trainer.js';
import { Trainer, type Batch, type StepTrainer } from '../nn/trainer.js';
import type { TrainEngine } from '../run/config.js';
import { mulberry32 } from '../nn/init.js';
import { median } from '../util/stats.js';

/** A net size as "BxF" (blocks x filters). */
export type NetSize = readonly [blocks: number, filters: number];

export const sizeName = ([b, f]: NetSize) => `${b}x${f}`;

/** A batch of plausible positions (about a third of cells filled) with random targets. */
export function syntheticBatch(n: number, seed: number): Batch {
  const rand = mulberry32(seed);
  const inputs = new Float32Array(n * INPUT_SIZE);
  for (let i = 0; i < inputs.length; i += 2) {
    const r = rand();
    if (r < 0.17) inputs[i] = 1;
    else if (r < 0.34) inputs[i + 1] = 1;
  }
  const policy = new Float32Array(n * 7).map(() => rand());
  for (let i = 0; i < n; i++) {
    const row = policy.subarray(i * 7, i * 7 + 7);
    const s = row.reduce((a, b) => a + b, 0);
    row.forEach((v, j) => (row[j] = v / s));
  }
  const value = new Float32Array(n).map(() => 2 * rand() - 1);
  return { inputs, policy, value };
}

export interface TrainingRate {
  size: string;
  /** What computed the gradients (config `train.engine`). */
  engine: TrainEngine;
  batch: number;
  /** Median samples per second (wall clock) over the runs. */
  median: number;
  min: number;
  max: number;
  /** Median samples per CPU-second of this process: less sensitive to other load on a shared machine. */
  perCpuSecond: number;
  /** Multiply-adds and other floating-point operations of one sample's training step (see `trainingFlopsPerSample`). */
  flopsPerSample: number;
  /** `median` x `flopsPerSample`, in 10^9 operations per second. */
  gflops: number;
}

/**
 * Floating-point operations of one sample's training step, counting the
 * convolutions and dense layers (batch norm, ReLU and Adam are under 1% here):
 * 2 per multiply-add in the forward pass, twice that backwards (the input's
 * gradient and the weights'), so 6 per weight use.
 */
export function trainingFlopsPerSample(model: tf.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Dense') continue;
    const kernel = layer.getWeights()[0];
    // A 'same'-padded convolution applies its kernel once per board cell.
    macs += kernel.size * (cls === 'Conv2D' ? WIDTH * HEIGHT : 1);
  }
  return 6 * macs;
}

/** CPU seconds (user + system) this process used since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Training samples/s: `runs` timed runs of `steps` steps each, after two warm-up steps, on one core. */
export async function measureTraining(
  size: NetSize,
  batch: number,
  runs: number,
  steps: number,
  engine: TrainEngine = 'tfjs',
  extra: Partial<NetConfig> = {},
): Promise<TrainingRate> {
  const model = createModel({ blocks: size[0], filters: size[1], ...extra }, 1);
  const flopsPerSample = trainingFlopsPerSample(model);
  const trainer: StepTrainer = engine === 'onnxruntime' ? await OrtTrainer.create(model) : new Trainer(model);
  const data = syntheticBatch(batch, 2);
  await trainer.trainStep(data);
  await trainer.trainStep(data);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await trainer.trainStep(data);
    rates.push((steps * batch * 1000) / (performance.now() - t0));
    cpuRates.push((steps * batch) / cpuSeconds(c0));
  }
  await trainer.dispose();
  model.dispose();
  if (tf.memory().numTensors > 500) throw new Error(`tensor leak: ${tf.memory().numTensors} tensors alive`);
  const mid = median(rates);
  return { size: sizeName(size), engine, batch, median: mid, min: Math.min(...rates), max: Math.max(...rates), perCpuSecond: median(cpuRates), flopsPerSample, gflops: (mid * flopsPerSample) / 1e9 };
}

export interface InferenceRate {
  size: string;
  batch: number;
  threads: number;
  /** Median evaluations (positions) per second. */
  median: number;
}

/** onnxruntime-node evals/s for each batch size and intra-op thread count, `runs` runs of about `seconds` each. */
export async function measureInference(size: NetSize, batches: readonly number[], threads: readonly number[], runs: number, seconds: number): Promise<InferenceRate[]> {
  const model = createModel({ blocks: size[0], filters: size[1] }, 1);
  const bytes = exportOnnx(model);
  model.dispose();
  const out: InferenceRate[] = [];
  for (const t of threads) {
    const session = await createNodeSession(bytes, { intraOpThreads: t });
    for (const b of batches) {
      const { inputs } = syntheticBatch(b, 3);
      for (let i = 0; i < 3; i++) await session.run(inputs, b);
      const rates: number[] = [];
      for (let r = 0; r < runs; r++) {
        let n = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < seconds * 1000) {
          await session.run(inputs, b);
          n += b;
        }
        rates.push((n * 1000) / (performance.now() - t0));
      }
      out.push({ size: sizeName(size), batch: b, threads: t, median: median(rates) });
    }
    await session.release();
  }
  return out;
}
