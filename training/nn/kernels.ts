/**
 * Gradient kernels for the tfjs `wasm` backend, built from its fast forward
 * kernels (XNNPACK convolution, matrix multiply, slices).
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` at all, and its
 * `Conv2DBackpropInput` is a plain scalar loop (tfjs-backend-wasm
 * src/cc/kernels/Conv2DBackpropInput.cc) that dominates a training step. Both
 * gradients are textbook rewrites of a convolution (Dumoulin & Visin, "A guide
 * to convolution arithmetic for deep learning", 2016, section 4):
 *
 * - filter gradient: dW[kh,kw,ci,co] = sum over n,h,w of
 *   xpad[n, h*s+kh, w*s+kw, ci] * dy[n,h,w,co]. We gather the KH*KW shifted
 *   views of the padded input side by side (im2col, Chellapilla et al. 2006)
 *   and take one matrix product patches^T x dy.
 * - input gradient (stride 1): the forward convolution of dy with the filter
 *   rotated by 180 degrees and its channel axes swapped, padded by
 *   (K - 1 - pad) on each side. Strided cases fall back to the stock kernel.
 *
 * Kernels call other kernels of the same backend directly (as tfjs' own
 * backends do), so nothing here is recorded on the gradient tape, and free
 * their intermediates with `backend.disposeData`.
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

type Backend = KernelBackend;

/** Runs kernel `name` of `backendName` and returns its single output. */
function run(backendName: string, backend: Backend, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const k = getKernel(name, backendName);
  if (k == null) throw new Error(`kernel ${name} is not registered for backend ${backendName}`);
  const out = k.kernelFunc({ inputs, attrs, backend: backend as {} });
  return Array.isArray(out) ? out[0] : out;
}

/** Collects intermediates so a kernel can free them all at the end. */
class Scratch {
  private readonly temps: TensorInfo[] = [];
  constructor(
    private readonly backendName: string,
    private readonly backend: Backend,
  ) {}
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = run(this.backendName, this.backend, name, inputs, attrs);
    this.temps.push(out);
    return out;
  }
  /** Frees every intermediate except `keep`, which is returned. */
  finish(keep: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}

function requireNhwc(dataFormat: unknown, kernel: string): void {
  if (dataFormat != null && dataFormat !== 'NHWC') throw new Error(`${kernel}: only NHWC is supported, got ${String(dataFormat)}`);
}

/**
 * `Conv2DBackpropFilter` as one forward convolution over the batch, so that
 * the reduction over batch and positions becomes the convolution's channel
 * sum, which XNNPACK does fast.
 *
 * Stride 1: dy^T = dy transposed to [co, oh, ow, n] is the "image" and
 * x^T = x transposed to [h, w, n, ci] the "filter"; padded by K - 1 - pad on
 * each side, the result [co, kh, kw, ci] is dW rotated by 180 degrees.
 * Strided: x^T' = x as [ci, h, w, n] is the image and dy as [oh, ow, n, co],
 * dilated by the stride, the filter; the result [ci, kh', kw', co] is dW after
 * cutting rows no output reads. (The stride-1 form measured about 30% faster.)
 * No dilation (as the op).
 */
export function conv2dBackpropFilter(backendName: string): KernelFunc {
  return ({ inputs, backend: anyBackend, attrs }) => {
    const backend = anyBackend as Backend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: backend_util.ExplicitPadding | 'valid' | 'same' | number;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    requireNhwc(dataFormat, 'Conv2DBackpropFilter');
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, strideHeight: sh, strideWidth: sw, padInfo } = info;
    const s = new Scratch(backendName, backend);
    if (sh === 1 && sw === 1) {
      const dyt = s.run('Transpose', { x: dy }, { perm: [3, 1, 2, 0] });
      const xt = s.run('Transpose', { x }, { perm: [1, 2, 0, 3] });
      const rotated = s.run('Conv2D', { x: dyt, filter: xt }, {
        strides: [1, 1],
        pad: [[0, 0], [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom], [kw - 1 - padInfo.left, kw - 1 - padInfo.right], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      });
      const flipped = s.run('Reverse', { x: rotated }, { dims: [1, 2] });
      return s.finish(run(backendName, backend, 'Transpose', { x: flipped }, { perm: [1, 2, 3, 0] }));
    }
    const xt = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyt = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    let dw = s.run('Conv2D', { x: xt, filter: dyt }, {
      strides: [1, 1],
      pad: [[0, 0], [padInfo.top, padInfo.bottom], [padInfo.left, padInfo.right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    });
    if (dw.shape[1] !== kh || dw.shape[2] !== kw) dw = s.run('Slice', { x: dw }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
    return s.finish(run(backendName, backend, 'Transpose', { x: dw }, { perm: [1, 2, 0, 3] }));
  };
}

/** `Conv2DBackpropInput` as a forward convolution with the rotated filter (stride 1); `fallback` otherwise. */
export function conv2dBackpropInput(backendName: string, fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as Backend;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: backend_util.ExplicitPadding | 'valid' | 'same' | number;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    requireNhwc(dataFormat, 'Conv2DBackpropInput');
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
    if (info.strideHeight !== 1 || info.strideWidth !== 1) {
      if (fallback == null) throw new Error('Conv2DBackpropInput: strides > 1 need the stock kernel');
      return fallback(args);
    }
    const { filterHeight: kh, filterWidth: kw, padInfo } = info;
    const s = new Scratch(backendName, backend);
    const rotated = s.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = s.run('Transpose', { x: rotated }, { perm: [0, 1, 3, 2] });
    const out = run(backendName, backend, 'Conv2D', { x: dy, filter: swapped }, {
      strides: [1, 1],
      pad: [[0, 0], [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom], [kw - 1 - padInfo.left, kw - 1 - padInfo.right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
    return s.finish(out);
  };
}

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

/** Names of the kernels this module installs. */
export const GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Tile', 'Sum', 'Mean', 'Cast', 'Identity'] as const;

/**
 * Installs the gradient kernels on `backendName` (replacing any registered
 * ones). Idempotent: calling it twice keeps the first stock fallback.
 */
export function registerGradientKernels(backendName = 'wasm'): void {
  if (installed.has(backendName)) return;
  const stockInput = getKernel('Conv2DBackpropInput', backendName);
  const stock = (name: string) => getKernel(name, backendName)?.kernelFunc;
  const stockTile = getKernel('Tile', backendName);
  const configs: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: conv2dBackpropFilter(backendName) },
    { kernelName: 'Conv2DBackpropInput', backendName, kernelFunc: conv2dBackpropInput(backendName, stockInput?.kernelFunc) },
    { kernelName: 'Tile', backendName, kernelFunc: tile(backendName, stockTile?.kernelFunc) },
    { kernelName: 'Sum', backendName, kernelFunc: leadingReduce(backendName, stock('Sum'), false) },
    { kernelName: 'Mean', backendName, kernelFunc: leadingReduce(backendName, stock('Mean'), true) },
    { kernelName: 'Cast', backendName, kernelFunc: shareData(backendName, stock('Cast')) },
    { kernelName: 'Identity', backendName, kernelFunc: shareData(backendName, stock('Identity')) },
  ];
  for (const c of configs) {
    if (getKernel(c.kernelName, backendName) != null) unregisterKernel(c.kernelName, backendName);
    registerKernel(c);
  }
  installed.add(backendName);
}
const installed = new Set<string>();
