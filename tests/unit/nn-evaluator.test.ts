import { describe, expect, test } from 'vitest';
import { INPUT_SIZE, Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { Rng } from '../../src/mcts/rng.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { OnnxEvaluator, legalSoftmax } from '../../src/nn/onnx-evaluator.js';
import type { ModelSession } from '../../src/nn/session.js';

/**
 * A stand-in for a model that is a known function of the encoded input: the
 * logit of column c is the number of the mover's stones in column c minus
 * 0.3 * |c - 3|, the value is tanh(0.1 * (mover's stones in the bottom row - 1)).
 * Mirror-equivariant like a trained net on mirror-augmented data (which the
 * cache relies on), but each position's policy is lopsided, so a policy
 * served unmirrored (or mirrored twice) shows.
 */
class FunctionSession implements ModelSession {
  batches: number[] = [];
  async run(input: Float32Array, batch: number) {
    this.batches.push(batch);
    const policy = new Float32Array(batch * WIDTH);
    const value = new Float32Array(batch);
    for (let i = 0; i < batch; i++) {
      let bottom = 0;
      for (let r = 0; r < 6; r++)
        for (let c = 0; c < WIDTH; c++) {
          const own = input[i * INPUT_SIZE + (r * WIDTH + c) * 2];
          policy[i * WIDTH + c] += own;
          if (r === 0) bottom += own;
        }
      for (let c = 0; c < WIDTH; c++) policy[i * WIDTH + c] -= 0.3 * Math.abs(c - 3);
      value[i] = Math.tanh(0.1 * (bottom - 1));
    }
    return { policy, value };
  }
  async release() {}
}

function randomPositions(n: number, seed: number): Position[] {
  const rng = new Rng(seed);
  const out: Position[] = [];
  while (out.length < n) {
    const p = new Position();
    const plies = rng.int(30);
    for (let k = 0; k < plies && !p.isOver; k++) {
      const legal = p.legalMoves();
      const cols = [...Array(WIDTH).keys()].filter((c) => (legal >> c) & 1);
      p.play(cols[rng.int(cols.length)]);
    }
    if (!p.isOver) out.push(p);
  }
  return out;
}

describe('legalSoftmax', () => {
  test.each([
    [[0, 0, 0, 0, 0, 0, 0], 0b1111111, [1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7]],
    [[0, 0, 0, 0, 0, 0, 0], 0b0000101, [0.5, 0, 0.5, 0, 0, 0, 0]],
    [[100, 0, 0, 0, 0, 0, Math.log(3)], 0b1000001, [1, 0, 0, 0, 0, 0, 0]],
    [[9, 0, 0, 0, 0, 0, Math.log(3)], 0b1000010, [0, 0.25, 0, 0, 0, 0, 0.75]],
  ])('logits %j over legal mask %i', (logits, legal, expected) => {
    const out = legalSoftmax(Float32Array.from(logits), 0, legal, new Float32Array(7));
    for (let c = 0; c < 7; c++) expect(out[c]).toBeCloseTo(expected[c], 6);
  });
});

describe('OnnxEvaluator over a session', () => {
  test('splits big batches, keeps order, zeroes full columns', async () => {
    const session = new FunctionSession();
    const ev = new OnnxEvaluator(session, { maxBatch: 32 });
    const positions = [parseMoves('111111'), ...randomPositions(99, 3)];
    const out = await ev.evaluate(positions);
    expect(session.batches).toEqual([32, 32, 32, 4]);
    expect(out[0].policy[0]).toBe(0);
    for (let i = 0; i < positions.length; i++) {
      const p = out[i].policy;
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const legal = positions[i].legalMoves();
      for (let c = 0; c < WIDTH; c++) if (!((legal >> c) & 1)) expect(p[c]).toBe(0);
    }
  });
});

describe('CachedEvaluator', () => {
  test('returns exactly what the inner evaluator returns, for positions and their mirror images', async () => {
    const inner = new OnnxEvaluator(new FunctionSession());
    const cached = new CachedEvaluator(new OnnxEvaluator(new FunctionSession()), { slots: 1024 });
    const base = randomPositions(200, 11);
    const batch = [...base, ...base.map((p) => p.mirror()), ...base.slice(0, 50)];
    const want = await inner.evaluate(batch);
    for (const round of [0, 1]) {
      const got = await cached.evaluate(batch);
      for (let i = 0; i < batch.length; i++) {
        expect(got[i].value).toBeCloseTo(want[i].value, 6);
        for (let c = 0; c < WIDTH; c++) expect(got[i].policy[c]).toBeCloseTo(want[i].policy[c], 6);
      }
      if (round === 1) expect(cached.hits).toBeGreaterThan(300);
    }
  });

  test('repeats within a batch and across batches reach the inner evaluator once', async () => {
    let seen = 0;
    const counting: Evaluator = {
      async evaluate(ps: readonly Position[]): Promise<Evaluation[]> {
        seen += ps.length;
        return ps.map(() => ({ policy: new Float32Array([0.1, 0.2, 0.3, 0.4, 0, 0, 0]), value: 0.5 }));
      },
    };
    const cached = new CachedEvaluator(counting);
    const p = parseMoves('1');
    const out = await cached.evaluate([p, p.mirror(), p, parseMoves('7')]);
    expect(seen).toBe(1);
    expect(Array.from(out[1].policy)).toEqual(Array.from(out[0].policy).reverse());
    await cached.evaluate([parseMoves('1'), parseMoves('7')]);
    expect(seen).toBe(1);
    cached.clear();
    await cached.evaluate([p]);
    expect(seen).toBe(2);
  });
});
