/**
 * The layer kit of the hand-written training graph (`./train-graph.ts`): an
 * ONNX graph builder (`./writer.ts`) that also keeps the graph's inputs,
 * outputs, trainable arrays and their gradients, with a forward and a
 * backward method per layer type (3x3 and 1x1 convolution, batch norm, ReLU,
 * dense), and the rotated-kernel layout the 3x3 backward pass is fed.
 * Activations are NHWC cells flattened to rows, [N*H*W, C]; the formulas are
 * in `./train-graph.ts`'s header.
 */
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { encodeModel, OnnxGraph, type ValueInfo } from './writer.js';

const [H, W] = INPUT_SHAPE;

/** The graph input 1/M (M = N*H*W, the cells of a batch) that every batch-norm backward pass reads. */
export const INV_M = 'invM';

/** One trainable array of the graph, named as tfjs names the weight (`stem_conv/kernel`). */
export interface GraphParam {
  /** tfjs weight path, e.g. `block0_conv1/kernel`, `stem_bn/gamma`. */
  name: string;
  /** Graph input carrying it. */
  input: string;
  /** Shape the graph takes it in (kernels flattened to [kh*kw*Ci, Co], BN vectors [C]). */
  shape: number[];
  /** For 3x3 kernels: the rotated copy the backward pass needs, fed under `${input}.rot` (see `rotateKernel`). */
  rotated?: { kh: number; kw: number; ci: number; co: number };
}

/** [kh,kw,ci,co] -> [kh',kw',co,ci] with kh' = kh-1-kh (rotated 180 degrees, channels swapped): the `.rot` input of a 3x3 kernel. */
export function rotateKernel(k: Float32Array, out: Float32Array, r: NonNullable<GraphParam['rotated']>): void {
  const { kh, kw, ci, co } = r;
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const src = ((kh - 1 - a) * kw + (kw - 1 - b)) * ci * co;
      const dst = (a * kw + b) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[dst + o * ci + i] = k[src + i * co + o];
    }
  }
}

/** Saved forward values of a batch norm, for its backward pass. */
export interface BnSaved {
  name: string;
  xhat: string;
  scale: string; // gamma * rstd
  gamma: string;
}

/** The training graph under construction: nodes, declared inputs and outputs, trainable arrays and their gradients. */
export class TrainingGraph extends OnnxGraph {
  /** Trainable arrays in declaration order (the network declares them in tfjs' trainableWeights order). */
  readonly params: GraphParam[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: string[] = [];
  /** Gradient value of each trainable array, by tfjs path. */
  private readonly grads = new Map<string, string>();
  private patchIndex: string | null = null;

  /** `bnEpsilon`: added to every batch-norm variance (NetConfig.bnEpsilon). */
  constructor(private readonly bnEpsilon: number) {
    super();
  }

  /** Declares a float32 graph input; returns its name. */
  input(name: string, dims: (number | string)[]): string {
    this.inputs.push({ name, dims });
    return name;
  }

  /** Marks a value as a graph output; returns its name. */
  output(name: string): string {
    this.outputs.push(name);
    return name;
  }

  reshape(x: string, shape: number[]): string {
    return this.op('Reshape', [x, this.ints(shape)]);
  }

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

  /** The 3x3 patches of rows [N*H*W, C]. */
  rowPatches(rows: string, c: number): string {
    return this.im2col(this.reshape(rows, [-1, H, W, c]), c);
  }

  matmul(a: string, b: string, transA = 0, transB = 0): string {
    return transA || transB ? this.op('Gemm', [a, b], { transA, transB }) : this.op('MatMul', [a, b]);
  }

  sumRows(x: string): string {
    return this.op('ReduceSum', [x, this.ints([0])], { keepdims: 0 });
  }

  /** Declares the kernel of convolution `conv` (and, for 3x3, its rotated copy); returns its input name. */
  private kernel(conv: string, k: number, ci: number, co: number): string {
    const p: GraphParam = { name: `${conv}/kernel`, input: conv, shape: [k * k * ci, co] };
    if (k === 3) p.rotated = { kh: 3, kw: 3, ci, co };
    this.params.push(p);
    this.input(conv, p.shape);
    if (p.rotated) this.input(`${conv}.rot`, [k * k * co, ci]);
    return conv;
  }

  /** Convolution `conv` as one product: `x` is the rows (1x1, k = 1) or their patches (3x3, k = 3). */
  conv(conv: string, x: string, k: number, ci: number, co: number): string {
    return this.matmul(x, this.kernel(conv, k, ci, co));
  }

  /** dK = x^T . dy for the convolution that read `x` (rows or patches). */
  convKernelGrad(conv: string, x: string, dy: string): void {
    this.grads.set(`${conv}/kernel`, this.matmul(x, dy, 1, 0));
  }

  /** dx of a 1x1 convolution: dy . K^T. */
  conv1x1InputGrad(conv: string, dy: string): string {
    return this.matmul(dy, conv, 0, 1);
  }

  /** dx of a 3x3 convolution with `c` channels each side: im2col(dy) . K' (K' = the `.rot` input). */
  conv3x3InputGrad(conv: string, dy: string, c: number): string {
    return this.matmul(this.rowPatches(dy, c), `${conv}.rot`);
  }

  /** Batch norm `bn` over the rows `y` ([N*H*W, c]) in training mode; its batch statistics become outputs. */
  bnForward(bn: string, y: string, c: number): { out: string; saved: BnSaved } {
    for (const role of ['gamma', 'beta']) {
      this.params.push({ name: `${bn}/${role}`, input: `${bn}.${role}`, shape: [c] });
      this.input(`${bn}.${role}`, [c]);
    }
    const mean = this.op('ReduceMean', [y], { axes: [0], keepdims: 1 }, `${bn}.mean`);
    const xc = this.op('Sub', [y, mean]);
    const variance = this.op('ReduceMean', [this.op('Mul', [xc, xc])], { axes: [0], keepdims: 1 }, `${bn}.var`);
    this.output(mean);
    this.output(variance);
    const rstd = this.op('Reciprocal', [this.op('Sqrt', [this.op('Add', [variance, this.scalar(this.bnEpsilon)])])]);
    const xhat = this.op('Mul', [xc, rstd]);
    const gamma = `${bn}.gamma`;
    const out = this.op('Add', [this.op('Mul', [xhat, gamma]), `${bn}.beta`]);
    return { out, saved: { name: bn, xhat, scale: this.op('Mul', [gamma, rstd]), gamma } };
  }

  /** dx = gamma * rstd * (dy - (dbeta + xhat * dgamma) / M); records dgamma and dbeta. */
  bnBackward(s: BnSaved, d: string): string {
    const dbeta = this.sumRows(d);
    const dgamma = this.sumRows(this.op('Mul', [d, s.xhat]));
    this.grads.set(`${s.name}/beta`, dbeta);
    this.grads.set(`${s.name}/gamma`, dgamma);
    const correction = this.op('Mul', [this.op('Add', [this.op('Mul', [s.xhat, dgamma]), dbeta]), INV_M]);
    return this.op('Mul', [this.op('Sub', [d, correction]), s.scale]);
  }

  /** d passed where the ReLU's output `y` is positive. */
  reluBackward(y: string, d: string): string {
    return this.op('Where', [this.op('Greater', [y, this.scalar(0)]), d, this.scalar(0)]);
  }

  /** Dense layer `dense`: x . W + b (no activation). */
  dense(dense: string, x: string, inputs: number, units: number): string {
    this.params.push({ name: `${dense}/kernel`, input: `${dense}.kernel`, shape: [inputs, units] });
    this.params.push({ name: `${dense}/bias`, input: `${dense}.bias`, shape: [units] });
    this.input(`${dense}.kernel`, [inputs, units]);
    this.input(`${dense}.bias`, [units]);
    return this.op('Add', [this.matmul(x, `${dense}.kernel`), `${dense}.bias`]);
  }

  /** Records dW = x^T . dy and db = sum dy; returns dx = dy . W^T. */
  denseBackward(dense: string, x: string, dy: string): string {
    this.grads.set(`${dense}/kernel`, this.matmul(x, dy, 1, 0));
    this.grads.set(`${dense}/bias`, this.sumRows(dy));
    return this.matmul(dy, `${dense}.kernel`, 0, 1);
  }

  /** Adds every gradient as output `${input}.grad` (in `params` order) and encodes the model. */
  finish(graphName: string): Uint8Array {
    for (const p of this.params) {
      const grad = this.grads.get(p.name);
      if (grad == null) throw new Error(`training graph: no gradient for ${p.name}`);
      // Gradients of [C] vectors come out [C] or [1,C]; name them through Reshape for a fixed shape.
      this.output(this.op('Reshape', [grad, this.ints(p.shape)], {}, `${p.input}.grad`));
    }
    return encodeModel({ graphName, graph: this, inputs: this.inputs, outputs: this.outputs.map((name) => ({ name })) });
  }
}
