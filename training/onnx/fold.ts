/**
 * Weight layout conversions from the tfjs model (NHWC, kernels [kh,kw,ci,co])
 * to ONNX (NCHW, Conv weights [co,ci,kh,kw], Gemm B [in,out]), with batch
 * norm folded into the convolution before it:
 *   BN(conv(x, W)) = conv(x, W * s) + (beta - mean * s),  s = gamma / sqrt(var + eps)
 * per output channel (Ioffe & Szegedy 2015, eq. for inference; the standard
 * "BN folding" of inference compilers). Arithmetic in float64, rounded once.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxTensor } from './writer.js';

/** The weights of one layer by role (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`). */
export function layerWeights(model: tf.LayersModel, name: string): Map<string, { shape: number[]; data: Float32Array }> {
  const layer = model.getLayer(name);
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const w of layer.weights) {
    const role = w.originalName.split('/').pop() as string;
    out.set(role, { shape: w.shape as number[], data: w.read().dataSync() as Float32Array });
  }
  return out;
}

/**
 * Folds the batch norm `bnName` into the bias-free convolution `convName`:
 * returns the ONNX Conv weight [co,ci,kh,kw] and bias [co].
 */
export function foldConvBn(model: tf.LayersModel, convName: string, bnName: string, epsilon: number): { weight: OnnxTensor; bias: OnnxTensor } {
  const conv = layerWeights(model, convName);
  const bn = layerWeights(model, bnName);
  const kernel = conv.get('kernel');
  if (kernel == null || conv.has('bias')) throw new Error(`${convName}: expected a bias-free convolution`);
  const [kh, kw, ci, co] = kernel.shape;
  const get = (role: string) => {
    const v = bn.get(role);
    if (v == null) throw new Error(`${bnName}: no ${role}`);
    return v.data;
  };
  const gamma = get('gamma');
  const beta = get('beta');
  const mean = get('moving_mean');
  const variance = get('moving_variance');
  const weight = new Float32Array(co * ci * kh * kw);
  const bias = new Float32Array(co);
  for (let o = 0; o < co; o++) {
    const scale = gamma[o] / Math.sqrt(variance[o] + epsilon);
    bias[o] = beta[o] - mean[o] * scale;
    for (let i = 0; i < ci; i++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          weight[((o * ci + i) * kh + y) * kw + x] = kernel.data[((y * kw + x) * ci + i) * co + o] * scale;
        }
      }
    }
  }
  return { weight: { dims: [co, ci, kh, kw], data: weight }, bias: { dims: [co], data: bias } };
}

/**
 * The dense layer `name` as ONNX Gemm B [in,out] and C [out]. When it follows
 * a flatten of an NHWC map [h,w,c] in tfjs, the ONNX graph flattens NCHW
 * [c,h,w] instead: pass `chw` to reorder the rows to match.
 */
export function denseWeights(model: tf.LayersModel, name: string, chw?: [number, number, number]): { weight: OnnxTensor; bias: OnnxTensor } {
  const w = layerWeights(model, name);
  const kernel = w.get('kernel');
  const bias = w.get('bias');
  if (kernel == null || bias == null) throw new Error(`${name}: expected a dense layer with bias`);
  const [rows, cols] = kernel.shape;
  let data = kernel.data;
  if (chw) {
    const [c, h, wd] = chw;
    if (c * h * wd !== rows) throw new Error(`${name}: ${rows} inputs, not ${c}x${h}x${wd}`);
    data = new Float32Array(rows * cols);
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < wd; x++) {
          const src = ((y * wd + x) * c + ch) * cols;
          const dst = ((ch * h + y) * wd + x) * cols;
          data.set(kernel.data.subarray(src, src + cols), dst);
        }
      }
    }
  }
  return { weight: { dims: [rows, cols], data: Float32Array.from(data) }, bias: { dims: [cols], data: Float32Array.from(bias.data) } };
}
