/**
 * The ONNX exporter against the training model: random weights with
 * non-trivial batch-norm statistics, random positions, outputs of
 * onnxruntime-node (and onnxruntime-web's wasm, in Node) within 1e-5 of tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createNodeSession } from '../../src/nn/node-session.js';
import { createWebSession } from '../../src/nn/web-session.js';
import { exportOnnx } from '../../training/onnx/export.js';
import { modelProto, withMetadata } from '../../training/onnx/writer.js';
import { LENGTH_WEIGHT_KEY, modelLengthWeight, modelSearchHints, MOVES_LEFT_CAP_KEY, MOVES_LEFT_SLOPE_KEY, onnxMetadata } from '../../src/nn/model-metadata.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { agentEvaluator } from '../../src/agent/evaluators.js';
import { Agent } from '../../src/agent/agent.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel, DEFAULT_NET_CONFIG, MOVES_LEFT, outputIndex, type NetConfig } from '../../training/nn/model.js';
import { OrtTrainer } from '../../training/onnx/ort-trainer.js';
import { randomizeWeights, randomPositions, weightedBatch, withPliesLeft, withReplies } from './nn-fixtures.js';

const TOLERANCE = 1e-5;
const BATCH = 64;

beforeAll(async () => {
  await initTrainingBackend();
});

function tfjsOutputs(model: tf.LayersModel, inputs: Float32Array, n: number): { policy: Float32Array; value: Float32Array } {
  return tf.tidy(() => {
    const [p, v] = model.predict(tf.tensor4d(inputs, [n, 6, 7, 2])) as tf.Tensor[];
    return { policy: p.dataSync() as Float32Array, value: v.dataSync() as Float32Array };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('exportOnnx', () => {
  test.each<[string, Partial<NetConfig>, number]>([
    ['1x8', { blocks: 1, filters: 8 }, 11],
    ['2x16, 2+2 head filters, 32 hidden', { blocks: 2, filters: 16, policyFilters: 2, valueFilters: 2, valueHidden: 32 }, 12],
    ['default 4x32', {}, 13],
    ['6x64', { blocks: 6, filters: 64 }, 14],
  ])('%s: onnxruntime-node matches tfjs within 1e-5', async (_name, cfg, seed) => {
    const model = createModel(cfg, seed);
    randomizeWeights(model, seed * 7);
    const { inputs } = randomPositions(BATCH, seed);
    const expected = tfjsOutputs(model, inputs, BATCH);
    const session = await createNodeSession(exportOnnx(model));
    const got = await session.run(inputs, BATCH);
    await session.release();
    expect(got.policy.length).toBe(BATCH * 7);
    expect(got.value.length).toBe(BATCH);
    // The check must be able to fail: outputs vary across positions.
    expect(Math.max(...expected.value) - Math.min(...expected.value)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(got.policy, expected.policy)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(got.value, expected.value)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  test('a model trained with the opponent-reply head exports only the agent\'s two outputs, matching tfjs within 1e-5', async () => {
    const model = createModel({ blocks: 2, filters: 16, policyFilters: 3, opponentReply: true }, 15);
    randomizeWeights(model, 16);
    expect(model.outputs.length).toBe(3);
    // Trained a little by the onnxruntime trainer, head and all, as a run would.
    const trainer = await OrtTrainer.create(model, { learningRate: 1e-2, opponentReplyWeight: 0.15 });
    for (let s = 0; s < 3; s++) await trainer.trainStep(withReplies(weightedBatch(32, 40 + s), 50 + s));
    trainer.syncModel();
    await trainer.dispose();
    const bytes = exportOnnx(model);
    const decoded = modelProto().toObject(modelProto().decode(bytes), { longs: Number }) as {
      graph: { output: { name: string }[]; initializer: { name: string }[] };
      metadata_props: { key: string; value: string }[];
    };
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['policy', 'value']);
    expect(decoded.graph.initializer.some((i) => i.name.includes('opponent'))).toBe(false);
    expect(JSON.parse(decoded.metadata_props.find((m) => m.key === 'c4.netConfig')!.value)).not.toHaveProperty('opponentReply');
    const { inputs } = randomPositions(BATCH, 17);
    const expected = tfjsOutputs(model, inputs, BATCH);
    const session = await createNodeSession(bytes);
    const got = await session.run(inputs, BATCH);
    await session.release();
    expect(Math.max(...expected.value) - Math.min(...expected.value)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(got.policy, expected.policy)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(got.value, expected.value)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  test('a model with the moves-left head exports it as a third output (plies), in both runtimes, read by the evaluator and the agent', async () => {
    const model = createModel({ blocks: 2, filters: 16, opponentReply: true, movesLeft: true }, 25);
    randomizeWeights(model, 26);
    const trainer = await OrtTrainer.create(model, { learningRate: 1e-2, opponentReplyWeight: 0.15, movesLeftWeight: 1 });
    for (let s = 0; s < 3; s++) await trainer.trainStep(withPliesLeft(withReplies(weightedBatch(32, 60 + s), 70 + s), 80 + s));
    trainer.syncModel();
    await trainer.dispose();
    const bytes = exportOnnx(model, { metadata: { [MOVES_LEFT_SLOPE_KEY]: '0.01', [MOVES_LEFT_CAP_KEY]: '0.2' } });
    const decoded = modelProto().toObject(modelProto().decode(bytes), { longs: Number }) as { graph: { output: { name: string }[] }; metadata_props: { key: string; value: string }[] };
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['policy', 'value', 'moves_left']);
    expect(JSON.parse(decoded.metadata_props.find((m) => m.key === 'c4.netConfig')!.value)).toMatchObject({ movesLeft: true });
    const n = 16;
    const { positions, inputs } = randomPositions(n, 27);
    const expected = tfjsOutputs(model, inputs, n);
    const left = tf.tidy(() => (model.predict(tf.tensor4d(inputs, [n, 6, 7, 2])) as tf.Tensor[])[outputIndex(model, MOVES_LEFT)].dataSync() as Float32Array);
    const plies = Float32Array.from(left, (m) => 42 * m);
    expect(Math.max(...plies) - Math.min(...plies)).toBeGreaterThan(1e-2);
    for (const session of [await createNodeSession(bytes), await createWebSession(bytes)]) {
      const got = await session.run(inputs, n);
      expect(maxAbsDiff(got.policy, expected.policy)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(got.value, expected.value)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(got.movesLeft!, plies)).toBeLessThanOrEqual(42 * TOLERANCE);
      await session.release();
    }
    // The evaluator passes it on; the metadata gives the agent's search the utility.
    const evaluator = new OnnxEvaluator(await createNodeSession(bytes));
    const evs = await evaluator.evaluate(positions.slice(0, 3));
    evs.forEach((ev, i) => expect(ev.movesLeft).toBeCloseTo(plies[i], 3));
    const hints = modelSearchHints(bytes);
    expect(hints.movesLeftUtility).toEqual({ slope: 0.01, cap: 0.2 });
    const agent = new Agent(agentEvaluator(evaluator, hints), { budget: { sims: 50 } });
    expect((agent as unknown as { params: { movesLeftSlope: number; movesLeftCap: number } }).params).toMatchObject({ movesLeftSlope: 0.01, movesLeftCap: 0.2 });
    await evaluator.dispose();
    // A model without the head: two outputs, no estimate, no utility.
    const plain = exportOnnx(createModel({ blocks: 1, filters: 8 }, 4));
    const s2 = await createNodeSession(plain);
    expect((await s2.run(inputs, 2)).movesLeft).toBeUndefined();
    await s2.release();
    expect(modelSearchHints(plain)).toEqual({ lengthWeight: 0 });
    expect(() => modelSearchHints(withMetadata(plain, { [MOVES_LEFT_SLOPE_KEY]: '-1', [MOVES_LEFT_CAP_KEY]: '0.1' }))).toThrow(/c4.movesLeftSlope/);
    model.dispose();
  });

  test('onnxruntime-web (wasm, in Node) loads the model and matches tfjs within 1e-5', async () => {
    const model = createModel({ blocks: 2, filters: 16 }, 21);
    randomizeWeights(model, 22);
    const { inputs } = randomPositions(16, 23);
    const expected = tfjsOutputs(model, inputs, 16);
    const session = await createWebSession(exportOnnx(model));
    const got = await session.run(inputs, 16);
    await session.release();
    expect(maxAbsDiff(got.policy, expected.policy)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(got.value, expected.value)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  test('the file declares input/outputs, opset 13 and the NetConfig', () => {
    const model = createModel({ blocks: 1, filters: 8 }, 3);
    const decoded = modelProto().toObject(modelProto().decode(exportOnnx(model)), { longs: Number }) as {
      opset_import: { version: number }[];
      graph: { input: { name: string }[]; output: { name: string }[]; node: { op_type: string }[] };
      metadata_props: { key: string; value: string }[];
    };
    expect(decoded.opset_import[0].version).toBe(13);
    expect(decoded.graph.input.map((i) => i.name)).toEqual(['input']);
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['policy', 'value']);
    expect(decoded.graph.node.some((n) => n.op_type === 'BatchNormalization')).toBe(false); // folded
    const cfg = JSON.parse(decoded.metadata_props.find((m) => m.key === 'c4.netConfig')!.value) as NetConfig;
    const { opponentReply: _none, movesLeft: _no, ...exported } = DEFAULT_NET_CONFIG;
    expect(cfg).toEqual({ ...exported, blocks: 1, filters: 8 });
    model.dispose();
  });

  test('the metadata reader (src/nn) reads what the exporter writes; withMetadata stamps a model and keeps it loadable', async () => {
    const model = createModel({ blocks: 1, filters: 8 }, 4);
    const bytes = exportOnnx(model, { metadata: { [LENGTH_WEIGHT_KEY]: '0.25', 'c4.generation': '7' } });
    model.dispose();
    const meta = onnxMetadata(bytes);
    expect(meta['c4.generation']).toBe('7');
    expect(JSON.parse(meta['c4.netConfig'])).toMatchObject({ blocks: 1, filters: 8 });
    expect(modelLengthWeight(bytes)).toBe(0.25);
    // Absent: 0 (models trained before the key, generation 440 among them).
    const plain = exportOnnx(createModel({ blocks: 1, filters: 8 }, 4));
    expect(modelLengthWeight(plain)).toBe(0);
    const stamped = withMetadata(plain, { [LENGTH_WEIGHT_KEY]: '0.5' });
    expect(modelLengthWeight(stamped)).toBe(0.5);
    expect(modelLengthWeight(withMetadata(stamped, { [LENGTH_WEIGHT_KEY]: '0.1' }))).toBe(0.1);
    expect(onnxMetadata(stamped)['c4.netConfig']).toBe(onnxMetadata(plain)['c4.netConfig']);
    const session = await createNodeSession(stamped);
    await session.release();
    // A recorded value out of range is an error; bytes that are not protobuf are left to the session to reject.
    expect(() => modelLengthWeight(withMetadata(plain, { [LENGTH_WEIGHT_KEY]: '2' }))).toThrow(/c4.lengthWeight/);
    expect(() => modelLengthWeight(withMetadata(plain, { [LENGTH_WEIGHT_KEY]: 'x' }))).toThrow(/not a number/);
    expect(modelLengthWeight(new TextEncoder().encode('not a model'))).toBe(0);
  });
});
