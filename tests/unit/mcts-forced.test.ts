/**
 * KataGo's forced playouts and policy target pruning (src/mcts/forced.ts,
 * the root selection in tree.ts, policyTarget in choice.ts): the counts a
 * noised root reaches, the pruning on hand-made numbers and on a search,
 * nothing changed without noise, and self-play targets bit for bit as before
 * the feature while the switch is off.
 */
import { describe, expect, test } from 'vitest';
import { Position, WIDTH } from '../../src/engine/index.js';
import { type Evaluation, type Evaluator, Rng, SELFPLAY_SEARCH, SearchTree, policyTarget, runSearches, searchParams } from '../../src/mcts/index.js';
import { forcedVisits, prunedVisits } from '../../src/mcts/forced.js';
import { playGames, selfPlayParams } from '../../training/selfplay/games.js';

/**
 * A deterministic oracle with uneven priors (so that forced playouts have a
 * weak child to force) and a value that likes the side to move's centre stones.
 */
class SkewedEvaluator implements Evaluator {
  constructor(private readonly centreValue = 0.2) {}
  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    return positions.map((p) => {
      const policy = new Float32Array(WIDTH);
      const legal = p.legalMoves();
      let sum = 0;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) sum += policy[c] = 1 + ((p.moves * 7 + c * 3) % 5) * (c === 3 ? 4 : 1);
      for (let c = 0; c < WIDTH; c++) policy[c] /= sum;
      let centre = 0;
      for (let r = 0; r < 6; r++) centre += p.cell(3, r) === 0 ? 0 : p.cell(3, r) === p.sideToMove ? 1 : -1;
      return { policy, value: this.centreValue * centre };
    });
  }
}

/** FNV-1a over the float bits of every policy target and the moves of every game. */
function targetHash(games: { moves: number[]; samples: { policy: Float32Array }[] }[]): string {
  let h = 0x811c9dc5;
  const add = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const g of games) {
    for (const m of g.moves) add(m);
    for (const s of g.samples) for (const w of new Uint32Array(s.policy.buffer, s.policy.byteOffset, WIDTH)) add(w);
  }
  return h.toString(16);
}

const f32 = (...xs: number[]) => Float32Array.from(xs);

/** One noised root search from the empty board with `forcedPlayouts` k; its tree. */
async function rootSearch(k: number, noise = true): Promise<SearchTree> {
  const params = searchParams({ simulations: 400, forcedPlayouts: k }, SELFPLAY_SEARCH);
  const tree = new SearchTree(new Position(), params, new Rng(5));
  tree.beginMove(noise);
  await runSearches([tree], new SkewedEvaluator(0.8));
  return tree;
}

/** Visits a root child lacks against its n_forced, the largest over the children. */
function forcedShortfall(tree: SearchTree, k: number): number {
  const visits = tree.rootVisitsByColumn(new Float32Array(WIDTH));
  const priors = tree.rootPriorsByColumn(new Float32Array(WIDTH));
  const total = visits.reduce((a, b) => a + b, 0);
  return Math.max(...Array.from(visits, (n, c) => forcedVisits(k, priors[c], total) - n));
}

describe('forced playouts and policy target pruning (KataGo)', () => {
  test('a noised root gives every child its n_forced = sqrt(2 P N) visits (within the one in flight)', async () => {
    const forced = await rootSearch(2);
    expect(forced.forcing).toBe(true);
    expect(forcedShortfall(forced, 2)).toBeLessThanOrEqual(1);
    // Without forcing the same search leaves some child well short: the test measures the feature.
    expect(forcedShortfall(await rootSearch(0), 2)).toBeGreaterThan(2);
  });

  test("no noise, no forcing: the agent's searches are unchanged with the field set", async () => {
    const plain = await rootSearch(0, false);
    const set = await rootSearch(2, false);
    expect(set.forcing).toBe(false);
    expect(Array.from(set.rootVisitsByColumn(new Float32Array(WIDTH)))).toEqual(Array.from(plain.rootVisitsByColumn(new Float32Array(WIDTH))));
  });

  test.each([
    // [column, what pruning leaves, why]
    [3, 300, 'the best child keeps its visits'],
    [1, 4, 'a weak child loses its floor(n_forced) = floor(sqrt(2 * 0.05 * 416)) = 6 visits, its PUCT still below the best'],
    [5, 0, 'a weak child with fewer visits than n_forced loses them all'],
    [2, 100, 'a strong child whose PUCT would pass the best keeps its visits'],
    [6, 0, 'a child left with one visit is pruned'],
    [0, 0, 'an unvisited child stays at zero'],
  ])('prunedVisits: column %i keeps %i (%s)', (col, expected) => {
    const children = {
      visits: f32(0, 10, 100, 300, 0, 5, 1),
      priors: f32(0.02, 0.05, 0.2, 0.6, 0.03, 0.05, 0.05),
      qs: f32(0, -0.5, 0.34, 0.3, 0, -0.5, -0.5),
    };
    const out = prunedVisits(children, 3, 2, 1.5, Math.sqrt(417), new Float32Array(WIDTH));
    expect(out[col]).toBe(expected);
  });

  test('the pruned target of a forced search: weak children lose share, the best child gains', async () => {
    const tree = await rootSearch(2);
    const visits = tree.rootVisitsByColumn(new Float32Array(WIDTH));
    const total = visits.reduce((a, b) => a + b, 0);
    const target = policyTarget(tree, new Float32Array(WIDTH));
    expect(target.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(target[3]).toBeGreaterThan(visits[3] / total);
    const weak = [0, 1, 2, 4, 5, 6].filter((c) => target[c] < visits[c] / total);
    expect(weak.length).toBeGreaterThan(0);
  });

  test('off by default: self-play targets are bit for bit those from before the feature', async () => {
    const params = selfPlayParams({ concurrency: 4, search: { simulations: 48 } });
    const { games } = await playGames(new SkewedEvaluator(), 6, params, new Rng(27));
    expect(targetHash(games)).toBe('e7d308d0');
  });

  test('self-play with search.forcedPlayouts 2: targets stay distributions and change', async () => {
    const params = selfPlayParams({ concurrency: 4, search: { simulations: 48, forcedPlayouts: 2 } });
    const { games } = await playGames(new SkewedEvaluator(), 6, params, new Rng(27));
    for (const g of games) for (const s of g.samples) expect(s.policy.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(targetHash(games)).not.toBe('e7d308d0');
  });
});
