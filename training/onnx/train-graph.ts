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
 * This file lays out the network, one forward and one backward function per
 * part (stem, residual block, policy head, value head, losses); the layer
 * types' nodes are in `./train-layers.ts`.
 *
 * Inputs (N dynamic): 'x' [N,6,7,2]; 'pi' [N,7]; 'z' [N,1]; 'wp', 'wv'
 * [N,1] per-sample weights of the policy and value losses, already divided
 * by N; 'valueWeight' [] (on the value gradient); 'invM' [] = 1/(N*6*7);
 * per conv `${conv}` its kernel as [kh*kw*Ci, Co] and, for 3x3,
 * `${conv}.rot` the rotated kernel [kh*kw*Co, Ci]; per batch norm
 * `${bn}.gamma`, `${bn}.beta`; per dense `${dense}.kernel`, `${dense}.bias`.
 * With the opponent-reply head (NetConfig.opponentReply) also 'rho' [N,7]
 * (the reply targets), 'wr' [N,1] (their weights, divided by N) and
 * 'replyWeight' [], and the output 'replyLoss'.
 * With the moves-left head (NetConfig.movesLeft) also 'left' [N,1] (plies
 * left / 42), 'wl' [N,1] (their weights, divided by N) and
 * 'movesLeftWeight' [], and the output 'movesLeftLoss'.
 * Outputs: 'policyLoss', 'valueLoss' (weighted sums, i.e. means when the
 * weights are 1/N; without valueWeight), `${name}.grad` for
 * every trainable array (kernels as [kh*kw*Ci, Co]), `${bn}.mean` and
 * `${bn}.var` (the batch statistics, for the moving averages).
 */
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { MOVES_LEFT, OPPONENT_POLICY, POLICY_SIZE, type NetConfig } from '../nn/model.js';
import { INV_M, TrainingGraph, type BnSaved, type GraphParam } from './train-layers.js';

const [H, W, PLANES] = INPUT_SHAPE;

/** The batch's graph inputs but 'invM' (which the batch norms read by name). */
interface BatchInputs {
  x: string;
  pi: string;
  z: string;
  wp: string;
  wv: string;
  valueWeight: string;
  /** With the opponent-reply head: its targets, their weights and the loss weight. */
  reply?: { rho: string; wr: string; weight: string };
  /** With the moves-left head: its targets (plies left / 42), their weights and the loss weight. */
  left?: { target: string; wl: string; weight: string };
}

/** Declares the batch's inputs, first and in this order (then the reply inputs and the moves-left inputs, only with those heads). */
function declareBatch(g: TrainingGraph, cfg: NetConfig): BatchInputs {
  const x = g.input('x', ['N', H, W, PLANES]);
  const pi = g.input('pi', ['N', POLICY_SIZE]);
  const z = g.input('z', ['N', 1]);
  const wp = g.input('wp', ['N', 1]);
  const wv = g.input('wv', ['N', 1]);
  g.input(INV_M, []);
  const valueWeight = g.input('valueWeight', []);
  const batch: BatchInputs = { x, pi, z, wp, wv, valueWeight };
  if (cfg.opponentReply) batch.reply = { rho: g.input('rho', ['N', POLICY_SIZE]), wr: g.input('wr', ['N', 1]), weight: g.input('replyWeight', []) };
  if (cfg.movesLeft) batch.left = { target: g.input('left', ['N', 1]), wl: g.input('wl', ['N', 1]), weight: g.input('movesLeftWeight', []) };
  return batch;
}

/** Saved forward values of the stem: conv3x3(F) - BN - ReLU. */
interface Stem {
  cols: string;
  bn: BnSaved;
  out: string;
}

function stemForward(g: TrainingGraph, x: string, filters: number): Stem {
  const cols = g.im2col(x, PLANES);
  const bn = g.bnForward('stem_bn', g.conv('stem_conv', cols, 3, PLANES, filters), filters);
  return { cols, bn: bn.saved, out: g.op('Relu', [bn.out]) };
}

/** `dOut`: the gradient at the stem's ReLU output. */
function stemBackward(g: TrainingGraph, s: Stem, dOut: string): void {
  const dStem = g.bnBackward(s.bn, g.reluBackward(s.out, dOut));
  g.convKernelGrad('stem_conv', s.cols, dStem);
}

/** Saved forward values of residual block `b`: ReLU(in + BN(conv3x3(ReLU(BN(conv3x3(in)))))). */
interface Block {
  b: number;
  inCols: string;
  bn1: BnSaved;
  r1: string;
  r1Cols: string;
  bn2: BnSaved;
  out: string;
}

function blockForward(g: TrainingGraph, b: number, inRows: string, filters: number): Block {
  const inCols = g.rowPatches(inRows, filters);
  const bn1 = g.bnForward(`block${b}_bn1`, g.conv(`block${b}_conv1`, inCols, 3, filters, filters), filters);
  const r1 = g.op('Relu', [bn1.out]);
  const r1Cols = g.rowPatches(r1, filters);
  const bn2 = g.bnForward(`block${b}_bn2`, g.conv(`block${b}_conv2`, r1Cols, 3, filters, filters), filters);
  const out = g.op('Relu', [g.op('Add', [inRows, bn2.out])]);
  return { b, inCols, bn1: bn1.saved, r1, r1Cols, bn2: bn2.saved, out };
}

/** `dOut`: the gradient at the block's output; returns the gradient at its input (skip path plus convolutions). */
function blockBackward(g: TrainingGraph, s: Block, dOut: string, filters: number): string {
  const dSum = g.reluBackward(s.out, dOut);
  const dC2 = g.bnBackward(s.bn2, dSum);
  g.convKernelGrad(`block${s.b}_conv2`, s.r1Cols, dC2);
  const dR1 = g.conv3x3InputGrad(`block${s.b}_conv2`, dC2, filters);
  const dC1 = g.bnBackward(s.bn1, g.reluBackward(s.r1, dR1));
  g.convKernelGrad(`block${s.b}_conv1`, s.inCols, dC1);
  const dIn = g.conv3x3InputGrad(`block${s.b}_conv1`, dC1, filters);
  return g.op('Add', [dSum, dIn]);
}

/** Saved forward values of the policy head: conv1x1(Pf) - BN - ReLU - flatten (NHWC order, as tfjs) - dense. */
interface PolicyHead {
  filters: number;
  bn: BnSaved;
  relu: string;
  flat: string;
  logits: string;
}

function policyHeadForward(g: TrainingGraph, trunk: string, cfg: NetConfig): PolicyHead {
  const filters = cfg.policyFilters;
  const bn = g.bnForward('policy_bn', g.conv('policy_conv', trunk, 1, cfg.filters, filters), filters);
  const relu = g.op('Relu', [bn.out]);
  const flat = g.reshape(relu, [-1, H * W * filters]);
  const logits = g.dense('policy', flat, H * W * filters, POLICY_SIZE);
  return { filters, bn: bn.saved, relu, flat, logits };
}

/** d/dlogits of sum_i w_i * CE(target_i, softmax(logits_i)) = w_i * (softmax_i * sum(target_i) - target_i), from log p. */
function crossEntropyGrad(g: TrainingGraph, logp: string, target: string, w: string): string {
  const sum = g.op('ReduceSum', [target, g.ints([1])], { keepdims: 1 });
  return g.op('Mul', [g.op('Sub', [g.op('Mul', [g.op('Exp', [logp]), sum]), target]), w]);
}

/** The opponent-reply head (KataGo's auxiliary target): a dense layer on the policy head's features. */
function replyHeadForward(g: TrainingGraph, head: PolicyHead): string {
  return g.dense(OPPONENT_POLICY, head.flat, H * W * head.filters, POLICY_SIZE);
}

/** The output 'replyLoss' (weighted cross-entropy against 'rho'); returns the reply loss's gradient at the policy features, times replyWeight. */
function replyLoss(g: TrainingGraph, head: PolicyHead, reply: NonNullable<BatchInputs['reply']>, logits: string): string {
  const logp = g.op('LogSoftmax', [logits], { axis: 1 });
  const ce = g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [reply.rho, logp]), g.ints([1])], { keepdims: 1 })]);
  g.output(g.op('ReduceSum', [g.op('Mul', [ce, reply.wr])], { keepdims: 0 }, 'replyLoss'));
  const dLogits = g.op('Mul', [crossEntropyGrad(g, logp, reply.rho, reply.wr), reply.weight]);
  return g.denseBackward(OPPONENT_POLICY, head.flat, dLogits);
}

/** Returns the policy loss's gradient at the trunk; `dFlatReply`: the opponent-reply loss's gradient at the head's features, if any. */
function policyHeadBackward(g: TrainingGraph, head: PolicyHead, batch: BatchInputs, logp: string, trunk: string, dFlatReply?: string): string {
  const dLogits = crossEntropyGrad(g, logp, batch.pi, batch.wp);
  const dPolicy = g.denseBackward('policy', head.flat, dLogits);
  const dFlat = dFlatReply ? g.op('Add', [dPolicy, dFlatReply]) : dPolicy;
  const dConv = g.bnBackward(head.bn, g.reluBackward(head.relu, g.reshape(dFlat, [-1, head.filters])));
  g.convKernelGrad('policy_conv', trunk, dConv);
  return g.conv1x1InputGrad('policy_conv', dConv);
}

/** Saved forward values of the value head: conv1x1(Vf) - BN - ReLU - flatten - dense + ReLU - dense + tanh. */
interface ValueHead {
  filters: number;
  bn: BnSaved;
  relu: string;
  flat: string;
  hidden: string;
  v: string;
}

function valueHeadForward(g: TrainingGraph, trunk: string, cfg: NetConfig): ValueHead {
  const filters = cfg.valueFilters;
  const bn = g.bnForward('value_bn', g.conv('value_conv', trunk, 1, cfg.filters, filters), filters);
  const relu = g.op('Relu', [bn.out]);
  const flat = g.reshape(relu, [-1, H * W * filters]);
  const hidden = g.op('Relu', [g.dense('value_hidden', flat, H * W * filters, cfg.valueHidden)]);
  const v = g.op('Tanh', [g.dense('value', hidden, cfg.valueHidden, 1)]);
  return { filters, bn: bn.saved, relu, flat, hidden, v };
}

/**
 * The moves-left head (Lc0's): m = sigmoid(dense(hidden)), the plies left / 42. Writes the output
 * 'movesLeftLoss' (sum_i wl_i (m_i - left_i)^2); returns that loss's gradient at the value head's
 * hidden layer (after its ReLU), times movesLeftWeight.
 */
function movesLeftHead(g: TrainingGraph, head: ValueHead, left: NonNullable<BatchInputs['left']>, cfg: NetConfig): string {
  const m = g.op('Sigmoid', [g.dense(MOVES_LEFT, head.hidden, cfg.valueHidden, 1)]);
  const err = g.op('Sub', [m, left.target]);
  g.output(g.op('ReduceSum', [g.op('Mul', [g.op('Mul', [err, err]), left.wl])], { keepdims: 0 }, 'movesLeftLoss'));
  // d/dpre of weight * sum_i wl_i (m_i - t_i)^2 = 2 weight wl_i (m_i - t_i) m_i (1 - m_i).
  const dM = g.op('Mul', [g.op('Mul', [err, left.wl]), g.op('Mul', [left.weight, g.scalar(2)])]);
  const dPre = g.op('Mul', [dM, g.op('Mul', [m, g.op('Sub', [g.scalar(1), m])])]);
  return g.denseBackward(MOVES_LEFT, head.hidden, dPre);
}

/** `err` = v - z; returns the value loss's gradient at the trunk; `dHiddenLeft`: the moves-left loss's gradient at the hidden layer, if any. */
function valueHeadBackward(g: TrainingGraph, head: ValueHead, batch: BatchInputs, err: string, trunk: string, dHiddenLeft?: string): string {
  // d/dv of valueWeight * sum_i wv_i (v_i - z_i)^2 = 2 valueWeight wv_i (v_i - z_i); through tanh: * (1 - v^2).
  const { v } = head;
  const dV = g.op('Mul', [g.op('Mul', [g.op('Mul', [err, batch.wv]), g.op('Mul', [batch.valueWeight, g.scalar(2)])]), g.op('Sub', [g.scalar(1), g.op('Mul', [v, v])])]);
  const dValue = g.denseBackward('value', head.hidden, dV);
  const dHidden = g.reluBackward(head.hidden, dHiddenLeft ? g.op('Add', [dValue, dHiddenLeft]) : dValue);
  const dFlat = g.denseBackward('value_hidden', head.flat, dHidden);
  const dConv = g.bnBackward(head.bn, g.reluBackward(head.relu, g.reshape(dFlat, [-1, head.filters])));
  g.convKernelGrad('value_conv', trunk, dConv);
  return g.conv1x1InputGrad('value_conv', dConv);
}

/** The outputs 'policyLoss' (weighted cross-entropy) and 'valueLoss' (weighted squared error); returns log p and v - z for the backward pass. */
function lossOutputs(g: TrainingGraph, batch: BatchInputs, logits: string, v: string): { logp: string; err: string } {
  const logp = g.op('LogSoftmax', [logits], { axis: 1 });
  const ce = g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [batch.pi, logp]), g.ints([1])], { keepdims: 1 })]);
  g.output(g.op('ReduceSum', [g.op('Mul', [ce, batch.wp])], { keepdims: 0 }, 'policyLoss'));
  const err = g.op('Sub', [v, batch.z]);
  g.output(g.op('ReduceSum', [g.op('Mul', [g.op('Mul', [err, err]), batch.wv])], { keepdims: 0 }, 'valueLoss'));
  return { logp, err };
}

/** Builds the training graph of `cfg`; returns the ONNX bytes and the trainable arrays in tfjs' trainableWeights order. */
export function buildTrainingGraph(cfg: NetConfig): { bytes: Uint8Array; params: GraphParam[] } {
  const g = new TrainingGraph(cfg.bnEpsilon);
  const batch = declareBatch(g, cfg);

  const stem = stemForward(g, batch.x, cfg.filters);
  const blocks: Block[] = [];
  let trunk = stem.out;
  for (let b = 0; b < cfg.blocks; b++) {
    blocks.push(blockForward(g, b, trunk, cfg.filters));
    trunk = blocks[b].out;
  }
  const policy = policyHeadForward(g, trunk, cfg);
  const value = valueHeadForward(g, trunk, cfg);
  const { logp, err } = lossOutputs(g, batch, policy.logits, value.v);
  const dFlatReply = batch.reply ? replyLoss(g, policy, batch.reply, replyHeadForward(g, policy)) : undefined;

  const dTrunkP = policyHeadBackward(g, policy, batch, logp, trunk, dFlatReply);
  const dHiddenLeft = batch.left ? movesLeftHead(g, value, batch.left, cfg) : undefined;
  const dTrunkV = valueHeadBackward(g, value, batch, err, trunk, dHiddenLeft);
  let dTrunk = g.op('Add', [dTrunkP, dTrunkV]);
  for (let b = blocks.length - 1; b >= 0; b--) dTrunk = blockBackward(g, blocks[b], dTrunk, cfg.filters);
  stemBackward(g, stem, dTrunk);

  return { bytes: g.finish('c4train'), params: g.params };
}
