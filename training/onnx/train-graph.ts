/**
 * The training step of the network of `../nn/model.ts` (forward pass, AlphaZero
 * loss and every gradient) as one ONNX graph, for onnxruntime-node's native
 * kernels (`./ort-trainer.ts`). The backward pass is written out by hand,
 * layer by layer, in the layout tfjs uses (NHWC, HWIO kernels), so that
 * weights and gradients cross the boundary without reordering:
 *
 *   3x3 conv   y = im2col(x) . K          im2col: one Gather of the 3x3 patches -> [N*H*W, 9*Ci]
 *              dK = im2col(x)^T . dy      dx = im2col(dy) . K'   (K' = K rotated 180 degrees, Ci/Co swapped)
 *   1x1 conv   y = x . K,  dK = x^T . dy,  dx = dy . K^T
 *   batch norm (training mode, biased batch variance, as ../nn/batch-norm.ts)
 *              dx = gamma * rstd * (dy - (dbeta + xhat * dgamma) / M)
 *   dense      y = x . W + b,  dW = x^T . dy,  db = sum dy,  dx = dy . W^T
 *
 * Every product is one large matrix multiplication (MLAS sgemm), which is
 * what makes this faster per core than tfjs-wasm's per-image convolutions.
 *
 * Inputs (N dynamic): 'x' [N,6,7,2]; 'pi' [N,7]; 'z' [N,1]; 'wp', 'wv'
 * [N,1] per-sample weights of the policy and value losses, already divided
 * by N; 'valueWeight' [] (on the value gradient); 'invM' [] = 1/(N*6*7);
 * per conv `${conv}` its kernel as [kh*kw*Ci, Co] and, for 3x3,
 * `${conv}.rot` the rotated kernel [kh*kw*Co, Ci]; per batch norm
 * `${bn}.gamma`, `${bn}.beta`; per dense `${dense}.kernel`, `${dense}.bias`.
 * Outputs: 'policyLoss', 'valueLoss' (weighted sums, i.e. means when the
 * weights are 1/N; without valueWeight), `${name}.grad` for
 * every trainable array (kernels as [kh*kw*Ci, Co]), `${bn}.mean` and
 * `${bn}.var` (the batch statistics, for the moving averages).
 */
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { encodeModel, OnnxGraph } from './writer.js';
import { POLICY_SIZE, type NetConfig } from '../nn/model.js';

const [H, W, PLANES] = INPUT_SHAPE;

/** One trainable array of the graph, named as tfjs names the weight (`stem_conv/kernel`). */
export interface GraphParam {
  /** tfjs weight path, e.g. `block0_conv1/kernel`, `stem_bn/gamma`. */
  name: string;
  /** Graph input carrying it. */
  input: string;
  /** Shape the graph takes it in (kernels flattened to [kh*kw*Ci, Co], BN vectors [C]). */
  shape: number[];
  /** For 3x3 kernels: the rotated copy the backward pass needs, fed under `${input}.rot`. */
  rotated?: { kh: number; kw: number; ci: number; co: number };
}

/** The training graph's builder: reshapes, patches and products on top of the shared ONNX writer. */
class Builder extends OnnxGraph {
  reshape(x: string, shape: number[]): string {
    return this.op('Reshape', [x, this.ints(shape)]);
  }

  private patchIndex: string | null = null;

  /**
   * [N,H,W,C] -> [N*H*W, 9*C]: the 3x3 'same' patches, tap-major (tap = kh*3+kw), as HWIO kernels
   * flatten. One Gather from the cells plus one zero cell ([N,H*W+1,C], indices [H*W,9], taps off
   * the board pointing at the zero cell): a third of the time of a 2-D Pad, nine Slices and a
   * Concat (onnxruntime's profiler, 4x32).
   */
  im2col(x: string, c: number): string {
    if (this.patchIndex == null) {
      const idx: number[] = [];
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          for (let dh = -1; dh <= 1; dh++) {
            for (let dw = -1; dw <= 1; dw++) {
              const on = h + dh >= 0 && h + dh < H && w + dw >= 0 && w + dw < W;
              idx.push(on ? (h + dh) * W + (w + dw) : H * W);
            }
          }
        }
      }
      this.patchIndex = this.ints(idx, [H * W, 9]);
    }
    const cells = this.op('Pad', [this.reshape(x, [-1, H * W, c]), this.ints([0, 0, 0, 0, 1, 0])]);
    return this.reshape(this.op('Gather', [cells, this.patchIndex], { axis: 1 }), [-1, 9 * c]);
  }

  matmul(a: string, b: string, transA = 0, transB = 0): string {
    return transA || transB ? this.op('Gemm', [a, b], { transA, transB }) : this.op('MatMul', [a, b]);
  }

  sumRows(x: string): string {
    return this.op('ReduceSum', [x, this.ints([0])], { keepdims: 0 });
  }
}

/** Saved forward values of a batch norm, for its backward pass. */
interface BnSaved {
  name: string;
  xhat: string;
  scale: string; // gamma * rstd
  gamma: string;
}

/** Builds the training graph of `cfg`; returns the ONNX bytes and the trainable arrays in tfjs' trainableWeights order. */
export function buildTrainingGraph(cfg: NetConfig): { bytes: Uint8Array; params: GraphParam[] } {
  const g = new Builder();
  const F = cfg.filters;
  const params: GraphParam[] = [];
  const graphInputs: { name: string; dims: (number | string)[] }[] = [];
  const outputs: string[] = [];
  const grads = new Map<string, string>();
  const declare = (name: string, dims: (number | string)[]) => {
    graphInputs.push({ name, dims });
    return name;
  };
  const x = declare('x', ['N', H, W, PLANES]);
  const pi = declare('pi', ['N', POLICY_SIZE]);
  const z = declare('z', ['N', 1]);
  const wp = declare('wp', ['N', 1]);
  const wv = declare('wv', ['N', 1]);
  const invM = declare('invM', []);
  const valueWeight = declare('valueWeight', []);

  const kernel = (conv: string, k: number, ci: number, co: number) => {
    const p: GraphParam = { name: `${conv}/kernel`, input: conv, shape: [k * k * ci, co] };
    if (k === 3) p.rotated = { kh: 3, kw: 3, ci, co };
    params.push(p);
    declare(conv, p.shape);
    if (p.rotated) declare(`${conv}.rot`, [k * k * co, ci]);
    return conv;
  };
  const bnParams = (bn: string, c: number) => {
    for (const role of ['gamma', 'beta']) {
      params.push({ name: `${bn}/${role}`, input: `${bn}.${role}`, shape: [c] });
      declare(`${bn}.${role}`, [c]);
    }
  };
  const denseParams = (dense: string, inputs: number, units: number) => {
    params.push({ name: `${dense}/kernel`, input: `${dense}.kernel`, shape: [inputs, units] });
    params.push({ name: `${dense}/bias`, input: `${dense}.bias`, shape: [units] });
    declare(`${dense}.kernel`, [inputs, units]);
    declare(`${dense}.bias`, [units]);
  };

  // ---- forward, on [N*H*W, C] rows (NHWC flattened) ----
  const bnForward = (bn: string, y: string, c: number): { out: string; saved: BnSaved } => {
    bnParams(bn, c);
    const mean = g.op('ReduceMean', [y], { axes: [0], keepdims: 1 }, `${bn}.mean`);
    const xc = g.op('Sub', [y, mean]);
    const variance = g.op('ReduceMean', [g.op('Mul', [xc, xc])], { axes: [0], keepdims: 1 }, `${bn}.var`);
    outputs.push(mean, variance);
    const rstd = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, g.scalar(cfg.bnEpsilon)])])]);
    const xhat = g.op('Mul', [xc, rstd]);
    const gamma = `${bn}.gamma`;
    const out = g.op('Add', [g.op('Mul', [xhat, gamma]), `${bn}.beta`]);
    return { out, saved: { name: bn, xhat, scale: g.op('Mul', [gamma, rstd]), gamma } };
  };
  const bnBackward = (s: BnSaved, d: string): string => {
    const dbeta = g.sumRows(d);
    const dgamma = g.sumRows(g.op('Mul', [d, s.xhat]));
    grads.set(`${s.name}/beta`, dbeta);
    grads.set(`${s.name}/gamma`, dgamma);
    const correction = g.op('Mul', [g.op('Add', [g.op('Mul', [s.xhat, dgamma]), dbeta]), invM]);
    return g.op('Mul', [g.op('Sub', [d, correction]), s.scale]);
  };
  const reluBackward = (y: string, d: string) => g.op('Where', [g.op('Greater', [y, g.scalar(0)]), d, g.scalar(0)]);

  // Input: [N,6,7,2] -> patches.
  const xCols = g.im2col(x, PLANES);
  kernel('stem_conv', 3, PLANES, F);
  const stem = bnForward('stem_bn', g.matmul(xCols, 'stem_conv'), F);
  let a = g.op('Relu', [stem.out]);
  const trunk0 = a;
  interface BlockSaved {
    inCols: string;
    in: string;
    bn1: BnSaved;
    r1: string;
    r1Cols: string;
    bn2: BnSaved;
    out: string;
    b: number;
  }
  const blocks: BlockSaved[] = [];
  for (let b = 0; b < cfg.blocks; b++) {
    const inRows = a;
    const inCols = g.im2col(g.reshape(inRows, [-1, H, W, F]), F);
    kernel(`block${b}_conv1`, 3, F, F);
    const bn1 = bnForward(`block${b}_bn1`, g.matmul(inCols, `block${b}_conv1`), F);
    const r1 = g.op('Relu', [bn1.out]);
    const r1Cols = g.im2col(g.reshape(r1, [-1, H, W, F]), F);
    kernel(`block${b}_conv2`, 3, F, F);
    const bn2 = bnForward(`block${b}_bn2`, g.matmul(r1Cols, `block${b}_conv2`), F);
    a = g.op('Relu', [g.op('Add', [inRows, bn2.out])]);
    blocks.push({ inCols, in: inRows, bn1: bn1.saved, r1, r1Cols, bn2: bn2.saved, out: a, b });
  }
  const trunk = a;

  // Policy head: 1x1 conv, BN, ReLU, flatten (NHWC order, as tfjs), dense.
  const pf = cfg.policyFilters;
  kernel('policy_conv', 1, F, pf);
  const pbn = bnForward('policy_bn', g.matmul(trunk, 'policy_conv'), pf);
  const pr = g.op('Relu', [pbn.out]);
  const pflat = g.reshape(pr, [-1, H * W * pf]);
  denseParams('policy', H * W * pf, POLICY_SIZE);
  const logits = g.op('Add', [g.matmul(pflat, 'policy.kernel'), 'policy.bias']);

  // Value head: 1x1 conv, BN, ReLU, flatten, dense + ReLU, dense + tanh.
  const vf = cfg.valueFilters;
  kernel('value_conv', 1, F, vf);
  const vbn = bnForward('value_bn', g.matmul(trunk, 'value_conv'), vf);
  const vr = g.op('Relu', [vbn.out]);
  const vflat = g.reshape(vr, [-1, H * W * vf]);
  denseParams('value_hidden', H * W * vf, cfg.valueHidden);
  const hidden = g.op('Relu', [g.op('Add', [g.matmul(vflat, 'value_hidden.kernel'), 'value_hidden.bias'])]);
  denseParams('value', cfg.valueHidden, 1);
  const v = g.op('Tanh', [g.op('Add', [g.matmul(hidden, 'value.kernel'), 'value.bias'])]);

  // ---- losses ----
  const logp = g.op('LogSoftmax', [logits], { axis: 1 });
  const ce = g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [pi, logp]), g.ints([1])], { keepdims: 1 })]);
  outputs.push(g.op('ReduceSum', [g.op('Mul', [ce, wp])], { keepdims: 0 }, 'policyLoss'));
  const err = g.op('Sub', [v, z]);
  outputs.push(g.op('ReduceSum', [g.op('Mul', [g.op('Mul', [err, err]), wv])], { keepdims: 0 }, 'valueLoss'));

  // ---- backward ----
  const denseBackward = (dense: string, input: string, dy: string, wantInput: boolean): string | null => {
    grads.set(`${dense}/kernel`, g.matmul(input, dy, 1, 0));
    grads.set(`${dense}/bias`, g.sumRows(dy));
    return wantInput ? g.matmul(dy, `${dense}.kernel`, 0, 1) : null;
  };
  // d/dlogits of sum_i wp_i * CE_i = wp_i * (softmax_i * sum(pi_i) - pi_i).
  const piSum = g.op('ReduceSum', [pi, g.ints([1])], { keepdims: 1 });
  const dLogits = g.op('Mul', [g.op('Sub', [g.op('Mul', [g.op('Exp', [logp]), piSum]), pi]), wp]);
  const dPflat = denseBackward('policy', pflat, dLogits, true)!;
  const dPbn = reluBackward(pr, g.reshape(dPflat, [-1, pf]));
  const dPconv = bnBackward(pbn.saved, dPbn);
  grads.set('policy_conv/kernel', g.matmul(trunk, dPconv, 1, 0));
  const dTrunkP = g.matmul(dPconv, 'policy_conv', 0, 1);

  // d/dv of valueWeight * sum_i wv_i (v_i - z_i)^2 = 2 valueWeight wv_i (v_i - z_i); through tanh: * (1 - v^2).
  const dV = g.op('Mul', [g.op('Mul', [g.op('Mul', [err, wv]), g.op('Mul', [valueWeight, g.scalar(2)])]), g.op('Sub', [g.scalar(1), g.op('Mul', [v, v])])]);
  const dHidden = reluBackward(hidden, denseBackward('value', hidden, dV, true)!);
  const dVflat = denseBackward('value_hidden', vflat, dHidden, true)!;
  const dVbn = reluBackward(vr, g.reshape(dVflat, [-1, vf]));
  const dVconv = bnBackward(vbn.saved, dVbn);
  grads.set('value_conv/kernel', g.matmul(trunk, dVconv, 1, 0));
  const dTrunkV = g.matmul(dVconv, 'value_conv', 0, 1);

  let dA = g.op('Add', [dTrunkP, dTrunkV]);
  for (let i = blocks.length - 1; i >= 0; i--) {
    const s = blocks[i];
    const dSum = reluBackward(s.out, dA);
    const dC2 = bnBackward(s.bn2, dSum);
    grads.set(`block${s.b}_conv2/kernel`, g.matmul(s.r1Cols, dC2, 1, 0));
    const dR1 = g.matmul(g.im2col(g.reshape(dC2, [-1, H, W, F]), F), `block${s.b}_conv2.rot`);
    const dC1 = bnBackward(s.bn1, reluBackward(s.r1, dR1));
    grads.set(`block${s.b}_conv1/kernel`, g.matmul(s.inCols, dC1, 1, 0));
    const dIn = g.matmul(g.im2col(g.reshape(dC1, [-1, H, W, F]), F), `block${s.b}_conv1.rot`);
    dA = g.op('Add', [dSum, dIn]);
  }
  const dStem = bnBackward(stem.saved, reluBackward(trunk0, dA));
  grads.set('stem_conv/kernel', g.matmul(xCols, dStem, 1, 0));

  for (const p of params) {
    const grad = grads.get(p.name);
    if (grad == null) throw new Error(`training graph: no gradient for ${p.name}`);
    // Gradients of [C] vectors come out [C] or [1,C]; name them through Reshape for a fixed shape.
    g.op('Reshape', [grad, g.ints(p.shape)], {}, `${p.input}.grad`);
    outputs.push(`${p.input}.grad`);
  }

  const bytes = encodeModel({ graphName: 'c4train', graph: g, inputs: graphInputs, outputs: outputs.map((name) => ({ name })) });
  return { bytes, params };
}
