import { describe, expect, test } from 'vitest';
import { Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { MirrorAveragingEvaluator } from '../../src/nn/mirror-average.js';

/**
 * A deliberately lopsided network: NOT mirror-equivariant, so an average
 * taken in the wrong orientation shows. Policy: weight c + 1 on each legal
 * column c, normalised; value: the key's parity-based number in (-1, 1).
 */
class Lopsided implements Evaluator {
  batches: Position[][] = [];
  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    this.batches.push([...positions]);
    return positions.map((p) => lopsided(p));
  }
}

function lopsided(p: Position): Evaluation {
  const legal = p.legalMoves();
  const policy = new Float32Array(WIDTH);
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) sum += policy[c] = c + 1;
  for (let c = 0; c < WIDTH; c++) policy[c] /= sum;
  return { policy, value: ((p.key() % 97) - 48) / 50 };
}

/** The average by hand: p's evaluation and its mirror's, read back column by column. */
function expected(p: Position): Evaluation {
  const a = lopsided(p);
  const b = lopsided(p.mirror());
  return { policy: Float32Array.from(a.policy, (x, c) => (x + b.policy[WIDTH - 1 - c]) / 2), value: (a.value + b.value) / 2 };
}

const cases = ['4', '1', '7', '12', '4455', '3333332', '1111112222227', '7654321', '44444'];

describe('MirrorAveragingEvaluator', () => {
  test.each(cases)('after %s: the mean of the position\'s and its mirror\'s evaluations', async (moves) => {
    const p = parseMoves(moves);
    const [got] = await new MirrorAveragingEvaluator(new Lopsided()).evaluate([p]);
    const want = expected(p);
    for (let c = 0; c < WIDTH; c++) expect(got.policy[c]).toBeCloseTo(want.policy[c], 6);
    expect(got.value).toBeCloseTo(want.value, 6);
  });

  test.each(cases)('after %s: the mirror image gets the mirrored policy and the same value', async (moves) => {
    const p = parseMoves(moves);
    const [a, b] = await new MirrorAveragingEvaluator(new Lopsided()).evaluate([p, p.mirror()]);
    for (let c = 0; c < WIDTH; c++) expect(b.policy[c]).toBeCloseTo(a.policy[WIDTH - 1 - c], 6);
    expect(b.value).toBeCloseTo(a.value, 6);
  });

  test('full columns keep probability 0 and policies sum to 1', async () => {
    const p = parseMoves('1111112222223333335');
    const [got] = await new MirrorAveragingEvaluator(new Lopsided()).evaluate([p]);
    expect([got.policy[0], got.policy[1], got.policy[2]]).toEqual([0, 0, 0]);
    expect(got.policy.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
  });

  test('one inner batch per call; a symmetric position is sent once', async () => {
    const inner = new Lopsided();
    const positions = [new Position(), parseMoves('4'), parseMoves('12'), parseMoves('3')];
    const got = await new MirrorAveragingEvaluator(inner).evaluate(positions);
    expect(inner.batches).toHaveLength(1);
    // Two symmetric positions once each, two lopsided ones with their mirrors.
    expect(inner.batches[0]).toHaveLength(6);
    for (const [i, p] of positions.entries()) {
      const want = expected(p);
      for (let c = 0; c < WIDTH; c++) expect(got[i].policy[c]).toBeCloseTo(want.policy[c], 6);
      expect(got[i].value).toBeCloseTo(want.value, 6);
    }
  });

  test('behind the cache, a position and its mirror image are served the same averaged entry', async () => {
    const inner = new Lopsided();
    const cached = new CachedEvaluator(new MirrorAveragingEvaluator(inner));
    const p = parseMoves('1123');
    const [a] = await cached.evaluate([p]);
    const [b] = await cached.evaluate([p.mirror()]);
    expect(inner.batches).toHaveLength(1);
    const want = expected(p);
    for (let c = 0; c < WIDTH; c++) {
      expect(a.policy[c]).toBeCloseTo(want.policy[c], 6);
      expect(b.policy[c]).toBeCloseTo(want.policy[WIDTH - 1 - c], 6);
    }
    expect(b.value).toBeCloseTo(want.value, 6);
  });
});
