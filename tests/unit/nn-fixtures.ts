/** Shared fixtures for the network tests: random weights with non-trivial batch-norm statistics, random positions. */
import * as tf from '@tensorflow/tfjs';
import { encodeInto, INPUT_SIZE, Position } from '../../src/engine/index.js';
import { mulberry32 } from '../../training/nn/init.js';
import type { Batch } from '../../training/nn/trainer.js';

/** Overwrites every weight with seeded random values; BN gammas/variances positive and away from 1, means and betas non-zero. */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rand();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const role = w.originalName.split('/').pop();
      const fanIn = shape.length > 1 ? size / shape[shape.length - 1] : 1;
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        if (role === 'gamma') data[i] = u(0.5, 1.5);
        else if (role === 'moving_variance') data[i] = u(0.3, 3);
        else if (role === 'moving_mean' || role === 'beta' || role === 'bias') data[i] = u(-0.5, 0.5);
        else data[i] = u(-1, 1) * Math.sqrt(3 / fanIn);
      }
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Encodes `n` positions from seeded random games (0 to 30 plies, never finished). */
export function randomPositions(n: number, seed: number): { positions: Position[]; inputs: Float32Array } {
  const rand = mulberry32(seed);
  const positions: Position[] = [];
  const inputs = new Float32Array(n * INPUT_SIZE);
  while (positions.length < n) {
    const pos = new Position();
    const plies = Math.floor(rand() * 31);
    for (let k = 0; k < plies && !pos.isOver; k++) {
      const legal = [0, 1, 2, 3, 4, 5, 6].filter((c) => pos.canPlay(c));
      pos.play(legal[Math.floor(rand() * legal.length)]);
    }
    if (pos.isOver) continue;
    encodeInto(pos, inputs, positions.length * INPUT_SIZE);
    positions.push(pos);
  }
  return { positions, inputs };
}

/** Random positions, soft policy targets, values in (-1, 1), per-sample weights (about a quarter with policy weight 0). */
export function weightedBatch(n: number, seed: number): Batch {
  const rand = mulberry32(seed);
  const { inputs } = randomPositions(n, seed);
  const policy = new Float32Array(n * 7);
  for (let i = 0; i < n; i++) {
    const row = policy.subarray(i * 7, i * 7 + 7);
    row.forEach((_, j) => (row[j] = rand()));
    const s = row.reduce((a, b) => a + b, 0);
    row.forEach((v, j) => (row[j] = v / s));
  }
  const value = new Float32Array(n).map(() => 2 * rand() - 1);
  const weights = new Float32Array(n).map(() => 0.5 + rand());
  const policyWeights = new Float32Array(n).map(() => (rand() < 0.75 ? 1 : 0));
  return { inputs, policy, value, weights, policyWeights };
}

/** `batch` with random opponent-reply targets, about a fifth of them absent (weight 0, target all zeros). */
export function withReplies(batch: Batch, seed: number): Batch {
  const rand = mulberry32(seed);
  const n = batch.value.length;
  const reply = new Float32Array(n * 7);
  const replyWeights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.2) continue;
    replyWeights[i] = 1;
    const row = reply.subarray(i * 7, i * 7 + 7);
    row.forEach((_, j) => (row[j] = rand() ** 2));
    const s = row.reduce((a, b) => a + b, 0);
    row.forEach((v, j) => (row[j] = v / s));
  }
  return { ...batch, reply, replyWeights };
}

/** `batch` with plies-left targets (0-41 plies) on about 80% of its samples (weight 0 on the rest), drawn from `seed`. */
export function withPliesLeft(batch: Batch, seed: number): Batch {
  const rand = mulberry32(seed);
  const n = batch.value.length;
  const pliesLeft = new Float32Array(n);
  const pliesLeftWeights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.2) continue;
    pliesLeftWeights[i] = 1;
    pliesLeft[i] = Math.floor(rand() * 42);
  }
  return { ...batch, pliesLeft, pliesLeftWeights };
}
