/**
 * KataGo's opponent-reply target on the data side: each sample's reply is
 * the next sample's search policy (training/run/replay.ts linkReplies), from
 * self-play and from shards alike; the replay buffer batches it mirrored with
 * its position and masks samples without one; buffers, shards and trainer
 * states from before the target still load. The head and its loss are tested
 * in nn-ort-trainer.test.ts and export-onnx.test.ts.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { INPUT_SIZE, Position, WIDTH } from '../../src/engine/index.js';
import { Rng } from '../../src/mcts/index.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { fitHeads, stateFromBytes } from '../../training/nn/state.js';
import { Trainer } from '../../training/nn/trainer.js';
import { fromWire, toWire } from '../../training/records/shard.js';
import { loadCheckpoint } from '../../training/run/checkpoint.js';
import { resolveConfig, trainedNet, trainerParamsOf } from '../../training/run/config.js';
import { configProblems } from '../../training/run/config-check.js';
import { linkReplies, ReplayBuffer, type Sample } from '../../training/run/replay.js';
import { playGames, selfPlayParams } from '../../training/selfplay/games.js';

beforeAll(async () => {
  await initTrainingBackend();
});

const policyOf = (...xs: number[]) => Float32Array.from(xs);
const rows = (a: Float32Array) => Array.from({ length: a.length / WIDTH }, (_, i) => Array.from(a.subarray(i * WIDTH, (i + 1) * WIDTH)));

/** Three samples of one game (plies 0-2 of 3, 3, 4), the middle one from a fast search. */
function threeSamples(): Sample[] {
  const pos = new Position();
  const out: Sample[] = [];
  const policies = [policyOf(0.1, 0, 0, 0.9, 0, 0, 0), policyOf(0, 0, 0.2, 0.8, 0, 0, 0), policyOf(0, 0, 0.6, 0.4, 0, 0, 0)];
  [2, 2, 3].forEach((col, i) => {
    out.push({ pos: pos.clone(), policy: policies[i], z: 0, q: 0, full: i !== 1 });
    pos.play(col);
  });
  return out;
}

describe('linkReplies', () => {
  test('a sample gets the next one\'s policy when that came from a full search; the last gets none', () => {
    const s = linkReplies(threeSamples());
    expect(s[0].reply).toBeUndefined(); // the next search was a fast one
    expect(s[1].reply).toBe(s[2].policy);
    expect(s[2].reply).toBeUndefined();
  });

  test('self-play games carry it, and a shard game (no new field on the wire) gives the same', async () => {
    const { games } = await playGames(new UniformEvaluator(), 4, selfPlayParams({ concurrency: 4, search: { simulations: 16 } }), new Rng(4));
    for (const g of games) {
      g.samples.forEach((s, i) => {
        if (i + 1 < g.samples.length) expect(s.reply).toBe(g.samples[i + 1].policy);
        else expect(s.reply).toBeUndefined();
      });
      const wire = toWire(g);
      expect(Object.keys(wire).sort()).toEqual(['full', 'moves', 'opening', 'policy', 'q', 'winner']);
      const back = fromWire(JSON.parse(JSON.stringify(wire)));
      expect(back.samples.map((s) => (s.reply ? Array.from(s.reply) : null))).toEqual(g.samples.map((s) => (s.reply ? Array.from(s.reply) : null)));
    }
  });
});

describe('replay buffer', () => {
  test('batches mirror the reply with its position; a sample without one has weight 0 and a zero row', () => {
    const buf = new ReplayBuffer({ capacity: 8, mirror: true, averageRepeats: false });
    for (const s of linkReplies(threeSamples())) buf.add(s);
    const b = buf.sampleBatch(64, new Rng(3));
    const replies = rows(b.reply);
    const reply = [0, 0, 0.6, 0.4, 0, 0, 0];
    const seen = { plain: 0, mirrored: 0 };
    replies.forEach((r, j) => {
      // Stones per column of the drawn position (either player's plane).
      const stones = Array.from({ length: WIDTH }, (_, c) => [0, 1, 2, 3, 4, 5].reduce((a, row) => a + b.inputs[j * INPUT_SIZE + (row * WIDTH + c) * 2] + b.inputs[j * INPUT_SIZE + (row * WIDTH + c) * 2 + 1], 0));
      // Only sample 1 (one stone, in column 3, or column 5 mirrored) has a reply.
      if (stones.reduce((a, x) => a + x, 0) !== 1) {
        expect(b.replyWeights[j]).toBe(0);
        expect(r).toEqual(Array(7).fill(0));
        return;
      }
      const mirrored = stones[4] === 1;
      seen[mirrored ? 'mirrored' : 'plain']++;
      expect(b.replyWeights[j]).toBe(1);
      expect(r.map((x) => +x.toFixed(6))).toEqual(mirrored ? [...reply].reverse() : reply);
    });
    expect(seen.plain).toBeGreaterThan(5);
    expect(seen.mirrored).toBeGreaterThan(5);
  });

  test('bytes keep the replies; a buffer from before them ("C4RB") loads with none', () => {
    const buf = new ReplayBuffer({ capacity: 5, averageRepeats: false });
    for (const s of linkReplies(threeSamples())) buf.add(s);
    const copy = ReplayBuffer.fromBytes(buf.toBytes(), { averageRepeats: false });
    expect(copy.sampleBatch(16, new Rng(1))).toEqual(buf.sampleBatch(16, new Rng(1)));
    // The old layout: the same header and arrays without the reply ones, under the old magic.
    const n = 5;
    const bytes = buf.toBytes();
    const floats = 24 + 16 * n + 28 * n + 4 * n + 4 * n;
    const old = new Uint8Array(floats + 2 * n);
    old.set(bytes.subarray(0, floats), 0);
    old.set(bytes.subarray(floats + 28 * n, floats + 28 * n + 2 * n), floats);
    new DataView(old.buffer).setInt32(0, 0x43345242, true);
    const legacy = ReplayBuffer.fromBytes(old, { averageRepeats: false });
    const a = legacy.sampleBatch(16, new Rng(1));
    const b = buf.sampleBatch(16, new Rng(1));
    expect(a.policy).toEqual(b.policy);
    expect(a.inputs).toEqual(b.inputs);
    expect(Array.from(a.replyWeights)).toEqual(Array(16).fill(0));
    expect(Array.from(b.replyWeights)).toContain(1);
  });

  test('the committed checkpoint of 2026-11-29 (replay "C4RB", no head) loads; its state fits a network with the head', () => {
    const ck = loadCheckpoint(join(import.meta.dirname, '..', '..', 'models', 'runs', 'default-2026-11-29.checkpoint.bin'));
    const replay = ReplayBuffer.fromBytes(ck.replay, { averageRepeats: false });
    expect(replay.size).toBeGreaterThan(1000);
    const batch = replay.sampleBatch(256, new Rng(2));
    expect(Math.max(...batch.replyWeights)).toBe(0);
    expect(Math.max(...batch.policyWeights)).toBe(1);
    const saved = stateFromBytes(ck.trainer).state;
    const model = createModel({ blocks: 4, filters: 32, valueHidden: 64, opponentReply: true }, 1);
    const t = new Trainer(model, { opponentReplyWeight: 0.15 });
    const fresh = t.getState();
    expect(() => t.setState(saved)).toThrow(/weights/);
    const fitted = fitHeads(saved, fresh);
    expect(fitted.changes).toEqual([{ head: 'opponent_policy', change: 'added' }]);
    t.setState(fitted.state);
    const now = t.getState();
    now.weights.forEach((w, i) => {
      const from = w.name.startsWith('opponent_policy/') ? fresh.weights[i] : saved.weights.find((s) => s.name === w.name)!;
      expect(w.data, w.name).toEqual(from.data);
    });
    // And back: a state with the head into a network without it drops the head.
    const plain = new Trainer(createModel({ blocks: 4, filters: 32, valueHidden: 64 }, 1));
    const dropped = fitHeads(now, plain.getState());
    expect(dropped.changes).toEqual([{ head: 'opponent_policy', change: 'dropped' }]);
    plain.setState(dropped.state);
    expect(plain.getState().weights.map((w) => w.name)).toEqual(saved.weights.map((w) => w.name));
    [t, plain].forEach((x) => x.dispose());
  });
});

describe('config: train.opponentReplyWeight', () => {
  test('0 by default: no head; above 0 the run trains a head with that weight', () => {
    const off = resolveConfig({ name: 'x', seed: 1, net: { blocks: 2 } });
    expect(off.train.opponentReplyWeight).toBe(0);
    expect(trainedNet(off)).toEqual({ blocks: 2 });
    const on = resolveConfig({ name: 'x', seed: 1, net: { blocks: 2 }, train: { opponentReplyWeight: 0.15 } });
    expect(trainedNet(on)).toEqual({ blocks: 2, opponentReply: true });
    expect(trainerParamsOf(on)).toMatchObject({ opponentReplyWeight: 0.15 });
    expect(configProblems({ name: 'x', seed: 1, train: { opponentReplyWeight: -1 } })).toEqual(['"train.opponentReplyWeight" must be a number from 0 to 10, got -1']);
  });
});
