import { describe, expect, test } from 'vitest';
import { DEFAULT_LEVEL, LEVELS, agentSide, agentToMove, levelById, undoCount, winChances, type Mode } from '../../src/ui/seats.js';
import { curveFor, modelOverride, shippedModel } from '../../src/worker/assets.js';

describe('playing against the agent', () => {
  test.each<[Mode, 0 | 1 | 2]>([
    ['agent-second', 2],
    ['agent-first', 1],
    ['humans', 0],
  ])('%s: agent plays side %d', (mode, side) => {
    expect(agentSide(mode)).toBe(side);
  });

  test.each<[Mode, number, boolean, boolean]>([
    ['agent-second', 0, false, false],
    ['agent-second', 1, false, true],
    ['agent-second', 1, true, false], // game over
    ['agent-first', 0, false, true],
    ['agent-first', 1, false, false],
    ['humans', 0, false, false],
    ['humans', 1, false, false],
  ])('%s after %d moves (over: %s): agent to move = %s', (mode, n, over, expected) => {
    expect(agentToMove(mode, n, over)).toBe(expected);
  });

  test.each<[Mode, number, number, string]>([
    ['humans', 0, 0, 'nothing to undo'],
    ['humans', 5, 1, 'one move between people'],
    ['agent-second', 0, 0, 'empty board'],
    ['agent-second', 1, 1, 'agent still thinking: take back the own move'],
    ['agent-second', 2, 2, 'own move and the reply'],
    ['agent-second', 7, 1, 'the player just won: take back the winning move'],
    ['agent-first', 1, 0, "only the agent's opening: nothing of the player's to undo"],
    ['agent-first', 2, 1, 'agent thinking'],
    ['agent-first', 3, 2, 'own move and the reply'],
  ])('%s after %d moves: undo %d (%s)', (mode, n, count) => {
    expect(undoCount(mode, n)).toBe(count);
  });
});

describe('levels and gauge', () => {
  test('levels grow in strength and the default exists', () => {
    const sims = LEVELS.map((l) => l.simulations);
    expect([...sims].sort((a, b) => a - b)).toEqual(sims);
    expect(levelById(DEFAULT_LEVEL).id).toBe(DEFAULT_LEVEL);
    expect(levelById('no-such-level').id).toBe(DEFAULT_LEVEL);
  });

  test.each([
    [1, 1, 1, 0],
    [-1, 1, 0, 1],
    [0, 2, 0.5, 0.5],
    [0.5, 2, 0.25, 0.75],
    [1.5, 1, 1, 0], // clamped
  ] as const)('value %d for side %d -> red %d, yellow %d', (v, mover, red, yellow) => {
    const c = winChances(v, mover);
    expect(c.red).toBeCloseTo(red);
    expect(c.yellow).toBeCloseTo(yellow);
  });
});

describe('model and book locations', () => {
  test.each([
    [{}, null],
    [{ '../../models/agent.onnx': '/assets/agent-1.onnx', '../../models/z.onnx': '/assets/z.onnx' }, 'models/agent.onnx'],
    [{ '../../models/a.onnx': '/a', '../../models/gen-12.onnx': '/g' }, 'models/gen-12.onnx'],
  ])('shippedModel(%j) -> %s', (models, file) => {
    expect(shippedModel(models)?.file ?? null).toBe(file);
  });

  test.each([
    ['models/agent.onnx', '/assets/agent.curve-1.svg'],
    ['models/gen-12.onnx', null],
  ])('curveFor(%s) = %j', (file, url) => {
    const curves = { '../../models/agent.curve.svg': '/assets/agent.curve-1.svg', '../../models/other-agent.curve.svg': '/o.svg' };
    expect(curveFor(file, curves)).toBe(url);
  });

  test.each([
    ['http://h/?model=/m/x.onnx', '/m/x.onnx'],
    ['http://h/app/?model=x.onnx', '/app/x.onnx'],
    ['http://h/?model=https://evil.example/x.onnx', null],
    ['http://h/', null],
  ])('modelOverride(%s) = %j', (href, out) => {
    expect(modelOverride(href)).toBe(out);
  });
});
