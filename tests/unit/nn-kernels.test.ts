/**
 * The gradient kernels registered on the wasm backend (training/nn/kernels/)
 * against tfjs' reference `cpu` kernels, on the same random data: every case
 * must agree to 1e-4 relative (max |wasm - cpu| <= 1e-4 * max |cpu|). Then a
 * whole training gradient of a small net, wasm vs cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { mulberry32 } from '../../training/nn/init.js';
import { GRADIENT_KERNELS } from '../../training/nn/kernels/index.js';
import { createModel } from '../../training/nn/model.js';
import { randomizeWeights, randomPositions } from './nn-fixtures.js';

const RTOL = 1e-4;

beforeAll(async () => {
  await initTrainingBackend();
});

function randomArray(size: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: size }, () => 2 * rand() - 1);
}

/** Runs `f` on `backend` and returns its output data. */
function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Float32Array {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    return tf.tidy(() => f().dataSync() as Float32Array);
  } finally {
    tf.setBackend(previous);
  }
}

function expectClose(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  expect(scale).toBeGreaterThan(0); // a comparison of zeros proves nothing
  expect(diff).toBeLessThanOrEqual(RTOL * scale);
}

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
/** [name, x shape NHWC, filter shape [kh,kw,ci,co], stride, pad] */
const CONV_CASES: [string, [number, number, number, number], [number, number, number, number], number, Pad][] = [
  ['3x3 same, board-sized, batch 5', [5, 6, 7, 2], [3, 3, 2, 8], 1, 'same'],
  ['3x3 same, 16->16, batch 3', [3, 6, 7, 16], [3, 3, 16, 16], 1, 'same'],
  ['1x1 same (heads)', [4, 6, 7, 8], [1, 1, 8, 2], 1, 'same'],
  ['3x3 valid', [2, 6, 7, 3], [3, 3, 3, 4], 1, 'valid'],
  ['5x3 same, odd sizes', [3, 9, 5, 3], [5, 3, 3, 2], 1, 'same'],
  ['2x2 same (asymmetric padding)', [2, 5, 6, 3], [2, 2, 3, 4], 1, 'same'],
  ['3x3 explicit padding', [2, 6, 7, 3], [3, 3, 3, 5], 1, [[0, 0], [2, 0], [1, 2], [0, 0]]],
  ['3x3 same, stride 2', [3, 7, 8, 3], [3, 3, 3, 4], 2, 'same'],
  ['3x3 valid, stride 2', [2, 9, 8, 2], [3, 3, 2, 3], 2, 'valid'],
];

describe('registered kernels', () => {
  test('are the ones installed on wasm', () => {
    for (const k of GRADIENT_KERNELS) expect(tf.getKernel(k, 'wasm')).toBeDefined();
  });

  test.each(CONV_CASES)('Conv2DBackpropFilter %s', (_name, xShape, fShape, stride, pad) => {
    const x = randomArray(xShape.reduce((a, b) => a * b), 1);
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, stride, pad).shape);
    const dy = randomArray(outShape.reduce((a, b) => a * b), 2);
    const run = () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(x, xShape), dy: tf.tensor(dy, outShape) }, {
        strides: [stride, stride],
        pad,
        dataFormat: 'NHWC',
        filterShape: fShape,
      }) as tf.Tensor;
    expectClose(on('wasm', run), on('cpu', run));
  });

  test.each(CONV_CASES)('Conv2DBackpropInput %s', (_name, xShape, fShape, stride, pad) => {
    const filter = randomArray(fShape.reduce((a, b) => a * b), 3);
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, stride, pad).shape);
    const dy = randomArray(outShape.reduce((a, b) => a * b), 4);
    const run = () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dy, outShape), filter: tf.tensor(filter, fShape) }, {
        strides: [stride, stride],
        pad,
        dataFormat: 'NHWC',
        inputShape: xShape,
      }) as tf.Tensor;
    expectClose(on('wasm', run), on('cpu', run));
  });

  test.each<[string, number[], number[]]>([
    ['BN gradient pattern [1,1,1,C] -> [N,H,W,C]', [1, 1, 1, 8], [5, 6, 7, 1]],
    ['vector', [5], [3]],
    ['inner and outer reps', [2, 3], [4, 2]],
    ['rank 3, all dims tiled', [2, 3, 4], [2, 3, 2]],
    ['identity', [3, 4], [1, 1]],
    ['alternating, needs the stock kernel', [2, 1, 3, 1, 2], [2, 3, 2, 2, 2]],
  ])('Tile %s', (_name, shape, reps) => {
    const x = randomArray(shape.reduce((a, b) => a * b), 5);
    const run = () => tf.tile(tf.tensor(x, shape), reps);
    expectClose(on('wasm', run), on('cpu', run));
  });
  test.each<[string, number[], number[], boolean]>([
    ['BN pattern [N,H,W,C] over N,H,W', [70, 6, 7, 5], [0, 1, 2], false],
    ['keepDims', [70, 6, 7, 5], [0, 1, 2], true],
    ['negative axis, rank 2', [300, 7], [-2], false],
    ['leading two of three', [20, 10, 3], [0, 1], false],
    ['trailing axis (stock kernel)', [50, 7], [1], false],
    ['all axes (stock kernel)', [40, 7], [0, 1], false],
    ['few rows (stock kernel)', [8, 6, 7, 3], [0], false],
  ])('Sum and Mean: %s', (_name, shape, axes, keepDims) => {
    const x = randomArray(shape.reduce((a, b) => a * b), 6).map((v) => v + 0.3); // non-zero mean
    expectClose(on('wasm', () => tf.sum(tf.tensor(x, shape), axes, keepDims)), on('cpu', () => tf.sum(tf.tensor(x, shape), axes, keepDims)));
    expectClose(on('wasm', () => tf.mean(tf.tensor(x, shape), axes, keepDims)), on('cpu', () => tf.mean(tf.tensor(x, shape), axes, keepDims)));
  });

  test.each<[string, 'float32' | 'int32', 'float32' | 'int32']>([
    ['float32 -> float32 (shared)', 'float32', 'float32'],
    ['float32 -> int32 (stock kernel)', 'float32', 'int32'],
    ['int32 -> float32 (stock kernel)', 'int32', 'float32'],
  ])('Cast and Identity: %s', (_name, from, to) => {
    const x = randomArray(60, 7).map((v) => v * 10);
    const run = () => {
      const t = tf.tensor(x, [6, 10], from);
      const c = tf.cast(t, to);
      t.dispose(); // the result must outlive its source
      return tf.add(tf.cast(tf.clone(c), 'float32'), 0.5);
    };
    expectClose(on('wasm', run), on('cpu', run));
  });
});

describe('a whole training gradient', () => {
  test('of a 2x8 net with random BN statistics matches the cpu backend', () => {
    const model = createModel({ blocks: 2, filters: 8 }, 5);
    randomizeWeights(model, 6);
    const n = 8;
    const { inputs } = randomPositions(n, 7);
    const pi = randomArray(n * 7, 8).map((v) => Math.abs(v));
    const z = randomArray(n, 9);
    const grads = (backend: 'cpu' | 'wasm') =>
      model.trainableWeights.map((w) =>
        on(backend, () => {
          const { grads } = tf.variableGrads(() => {
            const [logits, v] = model.apply(tf.tensor4d(inputs, [n, 6, 7, 2]), { training: true }) as tf.Tensor[];
            const ce = tf.neg(tf.sum(tf.mul(tf.tensor2d(pi, [n, 7]), tf.logSoftmax(logits))));
            return tf.add(ce, tf.sum(tf.square(tf.sub(tf.reshape(v, [n]), tf.tensor1d(z))))) as tf.Scalar;
          }, [w.read() as tf.Variable]);
          return grads[(w.read() as tf.Variable).name];
        }),
      );
    // BN moving statistics change with every training-mode call: restore them so both backends see the same.
    const saved = model.getWeights().map((t) => t.clone());
    const onWasm = grads('wasm');
    model.setWeights(saved);
    const onCpu = grads('cpu');
    model.setWeights(saved);
    tf.dispose(saved);
    onWasm.forEach((g, i) => expectClose(g, onCpu[i]));
    model.dispose();
  });
});
