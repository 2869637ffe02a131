/**
 * The moves-left head's configuration (train.movesLeftWeight makes the head,
 * selfplay.search.movesLeftSlope/movesLeftCap the utility) and a checkpoint's
 * state fitted when a run switches the head on or off. Its gradients are in
 * nn-ort-trainer.test.ts, its export in export-onnx.test.ts, a run with it in
 * tests/cli/train-moves-left.test.ts.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { fitHeads } from '../../training/nn/state.js';
import { Trainer } from '../../training/nn/trainer.js';
import { configProblems } from '../../training/run/config-check.js';
import { playUtility, resolveConfig, selfPlayAt, trainedNet, trainerParamsOf } from '../../training/run/config.js';

beforeAll(async () => {
  await initTrainingBackend();
});

describe('config: train.movesLeftWeight and the search utility', () => {
  test('0 by default: no head; above 0 the run trains one, beside the opponent-reply head if that has a weight too', () => {
    const off = resolveConfig({ name: 'x', seed: 1, net: { blocks: 2 } });
    expect(off.train.movesLeftWeight).toBe(0);
    expect(trainedNet(off)).toEqual({ blocks: 2 });
    const on = resolveConfig({ name: 'x', seed: 1, net: { blocks: 2 }, train: { movesLeftWeight: 0.5 } });
    expect(trainedNet(on)).toEqual({ blocks: 2, movesLeft: true });
    expect(trainerParamsOf(on)).toMatchObject({ movesLeftWeight: 0.5 });
    const both = resolveConfig({ name: 'x', seed: 1, train: { movesLeftWeight: 1, opponentReplyWeight: 0.15 } });
    expect(trainedNet(both)).toMatchObject({ movesLeft: true, opponentReply: true });
    expect(configProblems({ name: 'x', seed: 1, train: { movesLeftWeight: -1 } })).toEqual(['"train.movesLeftWeight" must be a number from 0 to 10, got -1']);
  });

  test('the self-play search takes movesLeftSlope and movesLeftCap (off by default); bad values are refused', () => {
    expect(selfPlayAt(resolveConfig({ name: 'x', seed: 1 }), 1).search.movesLeftSlope).toBe(0);
    const cfg = resolveConfig({ name: 'x', seed: 1, selfplay: { search: { movesLeftSlope: 0.01, movesLeftCap: 0.2 } } });
    expect(selfPlayAt(cfg, 1).search).toMatchObject({ movesLeftSlope: 0.01, movesLeftCap: 0.2 });
    expect(configProblems({ name: 'x', seed: 1, selfplay: { search: { movesLeftSlope: 2 } } })).toEqual(['"selfplay.search.movesLeftSlope" must be a number from 0 to 1, got 2']);
    expect(configProblems({ name: 'x', seed: 1, selfplay: { search: { movesLeftCap: -0.1 } } })).toEqual(['"selfplay.search.movesLeftCap" must be a number from 0 to 1, got -0.1']);
  });

  test('play: the utility written into each model, by default self-play\'s (its schedule applied); none without the head', () => {
    const search = { movesLeftSlope: 0.05, movesLeftCap: 0.1 };
    const schedule = [{ fromGeneration: 3, selfplay: { search: { movesLeftSlope: 0.02 } } }];
    const same = resolveConfig({ name: 'x', seed: 1, selfplay: { search }, schedule, train: { movesLeftWeight: 1 } });
    expect(playUtility(same, 1)).toEqual({ slope: 0.05, cap: 0.1 });
    // The network after generation 2 plays as generation 3's self-play searches.
    expect(playUtility(same, 2)).toEqual({ slope: 0.02, cap: 0.1 });
    const off = resolveConfig({ name: 'x', seed: 1, selfplay: { search }, play: { movesLeftSlope: 0 }, train: { movesLeftWeight: 1 } });
    expect(playUtility(off, 1)).toEqual({ slope: 0, cap: 0.1 });
    const own = resolveConfig({ name: 'x', seed: 1, selfplay: { search }, play: { movesLeftSlope: 0.2, movesLeftCap: 0.3 }, train: { movesLeftWeight: 1 } });
    expect(playUtility(own, 5)).toEqual({ slope: 0.2, cap: 0.3 });
    expect(playUtility(resolveConfig({ name: 'x', seed: 1, selfplay: { search }, play: { movesLeftSlope: 0.2 } }), 1)).toBeUndefined();
    expect(configProblems({ name: 'x', seed: 1, play: { movesLeftSlope: 1.5 } })).toEqual(['"play.movesLeftSlope" must be a number from 0 to 1, got 1.5']);
    expect(configProblems({ name: 'x', seed: 1, play: { slope: 0 } })[0]).toMatch(/"play.slope" is not a known key/);
  });
});

describe('fitHeads', () => {
  test('a checkpoint without the moves-left head fits a network with it (fresh head, the rest kept), and back', () => {
    const cfg = { blocks: 1, filters: 8, valueHidden: 16 };
    const plain = new Trainer(createModel(cfg, 1));
    const saved = plain.getState();
    const withHead = new Trainer(createModel({ ...cfg, movesLeft: true, opponentReply: true }, 2), { movesLeftWeight: 1 });
    const fresh = withHead.getState();
    expect(() => withHead.setState(saved)).toThrow(/weights/);
    const fitted = fitHeads(saved, fresh);
    expect(fitted.changes).toEqual([
      { head: 'opponent_policy', change: 'added' },
      { head: 'moves_left', change: 'added' },
    ]);
    withHead.setState(fitted.state);
    const now = withHead.getState();
    now.weights.forEach((w, i) => {
      const head = w.name.startsWith('moves_left/') || w.name.startsWith('opponent_policy/');
      expect(w.data, w.name).toEqual(head ? fresh.weights[i].data : saved.weights.find((s) => s.name === w.name)!.data);
    });
    const dropped = fitHeads(now, plain.getState());
    expect(dropped.changes.map((c) => c.change)).toEqual(['dropped', 'dropped']);
    plain.setState(dropped.state);
    expect(plain.getState().weights.map((w) => w.name)).toEqual(saved.weights.map((w) => w.name));
    // Nothing to fit: the state itself.
    expect(fitHeads(saved, saved).state).toBe(saved);
    [plain, withHead].forEach((t) => t.dispose());
  });
});
