/**
 * Memory-bound kernels that the training step calls hundreds of times, done
 * without the full-size copies and index walks of the stock wasm kernels.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { run, Scratch, type Backend } from './util.js';

/**
 * `Tile` as a broadcasting multiply by ones. tile(x, r) with x of shape
 * [d0..dk] equals (x reshaped to [1,d0,1,d1,..]) * ones([r0,1,r1,1,..]),
 * reshaped to [r0*d0, ..]; after dropping unit dims and merging neighbours
 * this is a rank-2 or rank-3 broadcast that the backend does at memory speed,
 * where its generic Tile walks indices per element. The batch-norm gradient
 * (tfjs-core FusedBatchNorm_grad) tiles per-channel vectors to full size.
 * Shapes that do not reduce to rank <= 4 use `fallback`.
 */
export function tile(backendName: string, fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const backend = args.backend as Backend;
    const { x } = args.inputs as { x: TensorInfo };
    const reps = (args.attrs as unknown as { reps: number[] }).reps;
    if (x.dtype !== 'float32') {
      if (fallback == null) throw new Error('Tile: non-float32 input needs the stock kernel');
      return fallback(args);
    }
    // Interleave (rep, dim) pairs, drop 1s, merge runs of the same kind.
    const xs: number[] = [];
    const rs: number[] = [];
    let last: 'x' | 'r' | null = null;
    const push = (kind: 'x' | 'r', n: number) => {
      if (n === 1) return;
      if (kind === last) {
        const i = xs.length - 1;
        if (kind === 'x') xs[i] *= n;
        else rs[i] *= n;
      } else {
        xs.push(kind === 'x' ? n : 1);
        rs.push(kind === 'r' ? n : 1);
        last = kind;
      }
    };
    x.shape.forEach((d, i) => {
      push('r', reps[i]);
      push('x', d);
    });
    const outShape = x.shape.map((d, i) => d * reps[i]);
    if (xs.length > 4) {
      if (fallback == null) throw new Error('Tile: shape needs the stock kernel');
      return fallback(args);
    }
    if (xs.length === 0) xs.push(1), rs.push(1);
    const s = new Scratch(backendName, backend);
    const xr = s.run('Reshape', { x }, { shape: xs });
    const ones = s.run('Fill', {}, { shape: rs, value: 1, dtype: 'float32' });
    const product = s.run('Multiply', { a: xr, b: ones });
    const out = run(backendName, backend, 'Reshape', { x: product }, { shape: outShape });
    return s.finish(out);
  };
}

/**
 * `Sum` and `Mean` over leading axes (the per-channel reductions of batch
 * norm and its gradient: [N,H,W,C] over N,H,W) as one average pooling of x
 * viewed as a [1, M, 1, C] image with an M x 1 window. The stock kernels
 * first transpose the reduced axes to the end, a full copy; XNNPACK's pooling
 * reads x once (measured 0.17 ms against 2.9 ms for [256,6,7,32]; a matrix
 * product with a ones vector is slower still, as XNNPACK repacks the fresh
 * right-hand operand on every call). Other reductions use `fallback`.
 */
export function leadingReduce(backendName: string, fallback: KernelFunc | undefined, mean: boolean): KernelFunc {
  return (args) => {
    const backend = args.backend as Backend;
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    // Small reductions are cheaper in the stock kernel than in three kernel calls.
    if (!leading || x.dtype !== 'float32' || rows < 64) {
      if (fallback == null) throw new Error('reduction needs the stock kernel');
      return fallback(args);
    }
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((a, b) => a * b, 1);
    const s = new Scratch(backendName, backend);
    const image = s.run('Reshape', { x }, { shape: [1, rows, 1, cols] });
    let out = s.run('AvgPool', { x: image }, { filterSize: [rows, 1], strides: [1, 1], pad: 'valid' });
    if (!mean) out = s.run('Multiply', { a: out, b: s.run('Fill', {}, { shape: [], value: rows, dtype: 'float32' }) });
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    return s.finish(run(backendName, backend, 'Reshape', { x: out }, { shape: outShape }));
  };
}

/**
 * `Identity`, and `Cast` to the same dtype, share the data (by reference
 * count, as the cpu backend does) instead of copying it. tfjs clones every
 * tensor it saves for the backward pass and its ReLU gradient casts float32
 * to float32, hundreds of full-size copies per training step. Tensors are
 * immutable, so sharing is safe; the wasm `Reshape` kernel shares the same way.
 */
export function shareData(backendName: string, fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const dtype = (args.attrs as { dtype?: string } | undefined)?.dtype ?? x.dtype;
    if (dtype === x.dtype && x.dtype !== 'string') return run(backendName, args.backend as Backend, 'Reshape', { x }, { shape: x.shape });
    if (fallback == null) throw new Error('needs the stock kernel');
    return fallback(args);
  };
}
