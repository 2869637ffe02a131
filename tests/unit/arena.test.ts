import { describe, expect, test } from 'vitest';
import { parseMoves, type Position } from '../../src/engine/index.js';
import { BatchingEvaluator } from '../../src/mcts/batching.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { agentPlayers, baselinePlayers, playMatch } from '../../training/match/arena.js';

/** Counts the calls and positions that reach the network. */
class Counting implements Evaluator {
  calls = 0;
  positions = 0;
  constructor(private readonly inner: Evaluator) {}
  evaluate(ps: readonly Position[]): Promise<Evaluation[]> {
    this.calls++;
    this.positions += ps.length;
    return this.inner.evaluate(ps);
  }
}

describe('BatchingEvaluator', () => {
  test('joins the requests of one turn into one call and answers each in order', async () => {
    const counting = new Counting(new UniformEvaluator());
    const batched = new BatchingEvaluator(counting);
    const a = [parseMoves('4'), parseMoves('44')];
    const b = [parseMoves('1')];
    const [ra, rb] = await Promise.all([batched.evaluate(a), batched.evaluate(b)]);
    expect(counting.calls).toBe(1);
    expect(counting.positions).toBe(3);
    expect(ra).toHaveLength(2);
    expect(rb).toHaveLength(1);
    // Each answer is its own position's: uniform over the seven legal columns.
    for (const x of rb[0].policy) expect(x).toBeCloseTo(1 / 7, 6);
  });

  test('passes a failure to every request of the batch', async () => {
    const rejecting: Evaluator = { evaluate: () => Promise.reject(new Error('boom')) };
    const throwing: Evaluator = {
      evaluate: () => {
        throw new Error('boom at once');
      },
    };
    for (const inner of [rejecting, throwing]) {
      const batched = new BatchingEvaluator(inner);
      const out = await Promise.allSettled([batched.evaluate([parseMoves('4')]), batched.evaluate([parseMoves('3')])]);
      expect(out.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    }
  });
});

describe('arena', () => {
  test('plays the agent of src/agent with its games batched together', async () => {
    const counting = new Counting(new UniformEvaluator());
    const r = await playMatch(agentPlayers(counting, 16), baselinePlayers('random'), { games: 8, openingPlies: 2, seed: 3 });
    expect(r.wins + r.draws + r.losses).toBe(8);
    // Eight games searched at once: several leaves per network call on average.
    expect(counting.positions / counting.calls).toBeGreaterThan(2);
  });

  test('is reproducible from its seed', async () => {
    const play = () => playMatch(baselinePlayers('one-ply'), baselinePlayers('random'), { games: 10, openingPlies: 2, seed: 9 });
    expect(await play()).toEqual(await play());
  });
});
