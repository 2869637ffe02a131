/**
 * Convolution gradients from the forward convolution, which XNNPACK runs
 * fast. tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` at all, and its
 * `Conv2DBackpropInput` is a scalar loop (src/cc/kernels/Conv2DBackpropInput.cc)
 * that dominated a training step. Both rewrites are the textbook identities
 * of Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
 * (2016), section 4: a convolution's gradients are convolutions.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { requireNhwc, run, Scratch, type Backend } from './util.js';

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
