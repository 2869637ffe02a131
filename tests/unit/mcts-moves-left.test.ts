import { describe, expect, test } from 'vitest';
import { Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import { type Evaluation, type Evaluator, RolloutEvaluator, Rng, SearchTree, runSearches, searchParams } from '../../src/mcts/index.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { MirrorAveragingEvaluator } from '../../src/nn/mirror-average.js';
import { Agent, networkSearch } from '../../src/agent/index.js';
import { searchMoves } from '../../training/eval/error-rate.js';

/**
 * Uniform priors; every line worth -value to the first player (each
 * backed-up value is the same, so only length tells the moves apart); and
 * plies left that depend only on the first stone: 30 - plies after a first
 * move in column 4 (index 3), 20 - plies after any other. Without
 * `movesLeft` it leaves the estimate out.
 */
class LengthOracle implements Evaluator {
  constructor(
    readonly value: number,
    readonly movesLeft = true,
  ) {}
  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    return positions.map((pos) => {
      const policy = new Float32Array(WIDTH);
      const legal = pos.legalMoves();
      let n = 0;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) n++;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) policy[c] = 1 / n;
      const left = (pos.cell(3, 0) === 1 ? 30 : 20) - pos.moves;
      // `value` to the side to move after an odd number of plies, -value after an even one: every line is worth the same to each side.
      const value = pos.moves % 2 === 1 ? this.value : -this.value;
      return this.movesLeft ? { policy, value, movesLeft: left } : { policy, value };
    });
  }
}

async function rootVisits(ev: Evaluator, slope: number): Promise<number[]> {
  const tree = new SearchTree(new Position(), searchParams({ simulations: 1400, movesLeftSlope: slope, movesLeftCap: 0.2, solver: false }), new Rng(1));
  tree.beginMove(false);
  await runSearches([tree], ev);
  return [...tree.rootVisitsByColumn(new Float32Array(WIDTH))];
}

describe('moves-left utility', () => {
  test('a losing side spends its visits on the longer game, a winning side on the shorter', async () => {
    // value 0.5: the root's mover sees every reply at -0.5, it is losing.
    const losing = await rootVisits(new LengthOracle(0.5), 0.02);
    const winning = await rootVisits(new LengthOracle(-0.5), 0.02);
    const others = (v: number[]) => Math.max(...v.filter((_, c) => c !== 3));
    expect(losing[3]).toBeGreaterThan(2 * others(losing));
    expect(winning[3]).toBeLessThan(others(winning) / 2);
  });

  test('slope 0, or no estimate from the evaluator, searches exactly as before', async () => {
    const off = await rootVisits(new LengthOracle(0.5), 0);
    expect(await rootVisits(new LengthOracle(0.5, false), 0)).toEqual(off);
    expect(await rootVisits(new LengthOracle(0.5, false), 0.02)).toEqual(off);
    // Uniform priors and equal values: the visits are spread evenly.
    expect(Math.max(...off) - Math.min(...off)).toBeLessThanOrEqual(1);
  });

  test('the cache and mirror averaging pass the estimate through; rollouts give their mean length', async () => {
    const pos = parseMoves('4332');
    const [direct] = await new LengthOracle(0.5).evaluate([pos]);
    const cache = new CachedEvaluator(new LengthOracle(0.5), { slots: 64 });
    const [miss] = await cache.evaluate([pos]);
    const [hit] = await cache.evaluate([pos.mirror()]);
    expect(cache.hits).toBe(1);
    expect(miss.movesLeft).toBe(direct.movesLeft);
    expect(hit.movesLeft).toBe(direct.movesLeft);
    const [none] = await new CachedEvaluator(new LengthOracle(0.5, false), { slots: 64 }).evaluate([pos]);
    expect(none.movesLeft).toBeUndefined();
    // Mirror averaging averages the estimate of the position with its mirror image's.
    const leftByColumn1: Evaluator = {
      evaluate: async (ps) => ps.map((p) => ({ policy: new Float32Array(WIDTH).fill(1 / WIDTH), value: 0, movesLeft: 10 + p.height(0) })),
    };
    const [avg] = await new MirrorAveragingEvaluator(leftByColumn1).evaluate([parseMoves('1')]);
    expect(avg.movesLeft).toBe(10.5); // 11 for `1`, 10 for its mirror `7`
    const [mixed] = await new MirrorAveragingEvaluator({ evaluate: async (ps) => ps.map((p) => ({ policy: new Float32Array(WIDTH).fill(1 / WIDTH), value: 0, ...(p.height(0) > 0 ? { movesLeft: 5 } : {}) })) }).evaluate([parseMoves('1')]);
    expect(mixed.movesLeft).toBeUndefined();
    const [roll] = await new RolloutEvaluator(4, 3).evaluate([parseMoves('4444')]);
    expect(roll.movesLeft).toBeGreaterThanOrEqual(7); // the shortest game from 4 plies: 3 + 4 more stones
    expect(roll.movesLeft).toBeLessThanOrEqual(38);
  });

  test("the agent and the error rates' search take the network's utility (Evaluator.movesLeftUtility) unless told otherwise", async () => {
    const utility = { slope: 0.05, cap: 0.2 };
    const tagged = Object.assign(new LengthOracle(0.5), { movesLeftUtility: utility });
    expect(networkSearch(tagged)).toEqual({ lengthWeight: 0, movesLeftSlope: 0.05, movesLeftCap: 0.2 });
    expect(networkSearch(new LengthOracle(0.5))).toEqual({ lengthWeight: 0 });
    const params = (a: Agent) => (a as unknown as { params: { movesLeftSlope: number } }).params;
    expect(params(new Agent(tagged, { budget: { sims: 10 } })).movesLeftSlope).toBe(0.05);
    expect(params(new Agent(tagged, { budget: { sims: 10 }, search: { movesLeftSlope: 0 } })).movesLeftSlope).toBe(0);
    // From the empty board, losing everywhere: with the utility the longer game (column 4) is chosen, as with the slope given outright.
    const board = [new Position()];
    const sims = { simulations: 1400, solver: false };
    expect(await searchMoves(tagged, board, sims)).toEqual([3]);
    expect(await searchMoves(new LengthOracle(0.5), board, { ...sims, movesLeftSlope: 0.05, movesLeftCap: 0.2 })).toEqual([3]);
    // Winning everywhere, the shorter games: not column 4. Told slope 0, the search is the untagged one's.
    expect(await searchMoves(Object.assign(new LengthOracle(-0.5), { movesLeftUtility: utility }), board, sims)).not.toEqual([3]);
    expect(await searchMoves(tagged, board, { ...sims, movesLeftSlope: 0 })).toEqual(await searchMoves(new LengthOracle(0.5), board, sims));
  });
});
