import { describe, expect, test } from 'vitest';
import { Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import {
  type Evaluation,
  type Evaluator,
  RolloutEvaluator,
  Rng,
  SearchTree,
  bestMove,
  policyTarget,
  runSearches,
  sampleMove,
  searchParams,
} from '../../src/mcts/index.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { Agent, analyse } from '../../src/agent/index.js';
import { NodeStore, PROVEN_DRAW, PROVEN_LOSS, PROVEN_WIN, UNPROVEN } from '../../src/mcts/nodes.js';
import { provenPlies, tryProve } from '../../src/mcts/proofs.js';

const pos = (moves: string) => parseMoves(moves);

/** Checks, for every expanded node, that its children's visits sum to its own visits minus its own evaluation. */
function checkVisitSums(tree: SearchTree): number {
  const n = tree.nodes;
  let checked = 0;
  for (let i = 0; i < n.size; i++) {
    if (n.first[i] < 0) continue;
    let sum = 0;
    for (let c = n.first[i]; c < n.first[i] + n.count[i]; c++) sum += n.visits[c];
    expect(sum).toBe(n.visits[i] - 1);
    checked++;
  }
  return checked;
}

/**
 * An oracle with a known preference: the side to move values its own centre
 * stones. Search must then play the centre; with the sign flipped, search
 * must avoid it. A negamax sign error in backup or selection inverts this.
 */
class CentreEvaluator implements Evaluator {
  constructor(private readonly sign: number) {}
  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    return positions.map((p) => {
      let mine = 0;
      let theirs = 0;
      for (let r = 0; r < 6; r++) {
        const owner = p.cell(3, r);
        if (owner === 0) continue;
        if (owner === p.sideToMove) mine++;
        else theirs++;
      }
      const policy = new Float32Array(WIDTH);
      const legal = p.legalMoves();
      const n = [...Array(WIDTH).keys()].filter((c) => (legal >> c) & 1).length;
      for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) policy[c] = 1 / n;
      return { policy, value: this.sign * 0.3 * (mine - theirs) };
    });
  }
}

describe('tactics with the uniform and rollout oracles', () => {
  test.each([
    // moves, expected column (0-based), why
    ['121212', 0, 'win in one: vertical in column 1'],
    ['12121', 0, 'block: X threatens column 1'],
    ['4455', 2, 'win in one? no: both 3 and 6 make a double threat; 3 is centre-most'],
    ['445566', 2, 'win in one: bottom row 3 or 7; 3 is centre-most'],
    ['3344', 1, 'double threat to build: 2 or 5'],
  ])('%s -> column %i (%s)', async (moves, col, _why) => {
    for (const solver of [true, false]) {
      const a = await analyse(pos(moves), new UniformEvaluator(), 800, { solver });
      if (moves === '3344') expect([1, 4]).toContain(a.best);
      else if (moves === '4455') expect([2, 5]).toContain(a.best);
      else if (moves === '445566') expect([2, 6]).toContain(a.best);
      else expect(a.best).toBe(col);
    }
  });

  test.each([
    ['121212', 0],
    ['12121', 0],
    ['21212', 1],
    ['7676767'.slice(0, 5), 6],
  ])('rollout oracle, few simulations: %s -> column %i', async (moves, col) => {
    // One leaf per step (the MCTS default): at 64 simulations, 8 leaves under virtual loss blur the rollout oracle.
    const a = await analyse(pos(moves), new RolloutEvaluator(4, 3), 64, { solver: false, leavesPerStep: 1 });
    expect(a.best).toBe(col);
  });
});

describe('value signs', () => {
  test.each([
    [1, true],
    [-1, false],
  ])('an oracle that likes (sign %i) own centre stones makes search play the centre: %s', async (sign, centre) => {
    for (const solver of [true, false]) {
      const a = await analyse(new Position(), new CentreEvaluator(sign), 300, { solver });
      expect(a.best === 3).toBe(centre);
    }
  });

  test('root value and child q are from the side to move: positive with a win in one, negative facing an unstoppable threat', async () => {
    const win = await analyse(pos('121212'), new UniformEvaluator(), 200, { solver: false });
    expect(win.value).toBeGreaterThan(0.5);
    expect(win.q[0]).toBe(1);
    // O to move; X has an open three on the bottom row with both ends free.
    const lost = await analyse(pos('44553'), new UniformEvaluator(), 2000, { solver: false });
    expect(lost.value).toBeLessThan(-0.3);
  });

  test.each([
    ['4455', 1],
    ['44553', -1],
    ['121212', 1],
  ])('MCTS-solver proves %s: value %i for the side to move', async (moves, value) => {
    const a = await analyse(pos(moves), new UniformEvaluator(), 20000, { solver: true });
    expect(a.value).toBe(value);
  });

  test('the solver stops early once the root is proven', async () => {
    const ev = new UniformEvaluator();
    await analyse(pos('121212'), ev, 10000, { solver: true });
    expect(ev.calls).toBeLessThan(5);
  });
});

describe('pruning moves that lose at once', () => {
  test('a single threat: every move but the block is a proven loss after one evaluation', async () => {
    const ev = new UniformEvaluator();
    // O to move; X threatens column 1.
    const a = await analyse(pos('12121'), ev, 1, { pruneLosing: true });
    expect(ev.calls).toBe(1);
    expect([...a.proofs.slice(1)]).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(a.visits.slice(1).every((n) => n === 0)).toBe(true);
  });

  test('a stone under the opponent\'s four is a proven loss', async () => {
    // O to move; X holds row 2 at columns 4, 5 and 7, column 6 is empty: O's stone there lets X in above it.
    const ev = new UniformEvaluator();
    const a = await analyse(pos('4745725'), ev, 1, { pruneLosing: true });
    expect(ev.calls).toBe(1);
    expect([...a.proofs].map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, null, null, null, -1, null]);
  });

  test('two threats prove the root lost with one evaluation; without pruning it takes more', async () => {
    const pruned = new UniformEvaluator();
    const a = await analyse(pos('44553'), pruned, 20000, { pruneLosing: true });
    expect(a.value).toBe(-1);
    expect(pruned.calls).toBe(1);
    const plain = new UniformEvaluator();
    const b = await analyse(pos('44553'), plain, 20000); // the default: no pruning
    expect(b.value).toBe(-1);
    expect(plain.calls).toBeGreaterThan(1);
  });
});

describe('tree bookkeeping', () => {
  test.each([
    [1, true],
    [1, false],
    [8, true],
    [8, false],
  ])('visit counts add up (leavesPerStep %i, solver %s)', async (leaves, solver) => {
    const tree = new SearchTree(pos('4453'), searchParams({ simulations: 500, leavesPerStep: leaves, solver }), new Rng(1));
    tree.beginMove(false);
    await runSearches([tree], new RolloutEvaluator(2, 1));
    expect(tree.rootVisits).toBeGreaterThanOrEqual(500);
    expect(checkVisitSums(tree)).toBeGreaterThan(10);
    // No virtual loss is left behind: each node's value sum is bounded by its visits.
    for (let i = 0; i < tree.nodes.size; i++) expect(Math.abs(tree.nodes.valueSum[i])).toBeLessThanOrEqual(tree.nodes.visits[i] + 1e-9);
    const target = policyTarget(tree, new Float32Array(7));
    expect(target.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  test('leaves of many trees go to the evaluator in one batch per step', async () => {
    const ev = new UniformEvaluator();
    const trees = Array.from({ length: 16 }, (_, i) => new SearchTree(pos(String((i % 7) + 1)), searchParams({ simulations: 50 }), new Rng(i)));
    await runSearches(trees, ev);
    expect(Math.max(...ev.batchSizes)).toBe(16);
    expect(ev.batchSizes[0]).toBe(16);
  });

  test('virtual loss batches one tree', async () => {
    const ev = new UniformEvaluator();
    const tree = new SearchTree(new Position(), searchParams({ simulations: 400, leavesPerStep: 16 }), new Rng(1));
    await runSearches([tree], ev);
    expect(ev.batchSizes.length).toBeLessThan(100);
    expect(Math.max(...ev.batchSizes)).toBeGreaterThan(8);
  });

  test('subtree reuse keeps the chosen child and its statistics', async () => {
    const tree = new SearchTree(new Position(), searchParams({ simulations: 400 }), new Rng(1));
    await runSearches([tree], new RolloutEvaluator(2, 1));
    const visits = tree.rootVisitsByColumn(new Float32Array(7));
    const col = bestMove(tree);
    tree.advance(col);
    expect(tree.rootVisits).toBe(visits[col]);
    expect(tree.root.moves).toBe(1);
    checkVisitSums(tree);
    await runSearches([tree], new RolloutEvaluator(2, 1));
    expect(tree.rootVisits).toBeGreaterThanOrEqual(400);
    checkVisitSums(tree);
    const fresh = new SearchTree(tree.root, searchParams({ simulations: 400, reuseTree: false }), new Rng(1));
    tree.params.reuseTree = false;
    tree.advance(bestMove(tree));
    expect(tree.rootVisits).toBe(0);
    expect(fresh.rootVisits).toBe(0);
  });

  test('a finished game needs no search', async () => {
    const ev = new UniformEvaluator();
    const tree = new SearchTree(pos('1212121'), searchParams({}), new Rng(1));
    expect(tree.done()).toBe(true);
    await runSearches([tree], ev);
    expect(ev.calls).toBe(0);
  });
});

describe('determinism and noise', () => {
  async function selfPlayGame(seed: number): Promise<string> {
    const rng = new Rng(seed);
    const tree = new SearchTree(new Position(), searchParams({ simulations: 60, dirichletWeight: 0.25, temperatureMoves: 42 }), rng);
    const ev = new RolloutEvaluator(1, seed);
    let moves = '';
    while (!tree.root.isOver) {
      tree.beginMove(true);
      await runSearches([tree], ev);
      const col = sampleMove(tree, 1, rng);
      moves += String(col + 1);
      tree.advance(col);
    }
    return moves;
  }

  test('the same seed gives the same game; other seeds differ', async () => {
    const a = await selfPlayGame(5);
    expect(await selfPlayGame(5)).toBe(a);
    const others = new Set([a, await selfPlayGame(6), await selfPlayGame(7)]);
    expect(others.size).toBe(3);
  });

  test('Rng state round-trips and Dirichlet samples are distributions', () => {
    const r = new Rng(42);
    r.next();
    const saved = r.getState();
    const x = [r.next(), r.next(), r.gamma(0.3)];
    const r2 = new Rng(0);
    r2.setState(saved);
    expect([r2.next(), r2.next(), r2.gamma(0.3)]).toEqual(x);
    const d = new Float64Array(7);
    let mean0 = 0;
    for (let i = 0; i < 2000; i++) {
      r.dirichlet(1, 7, d);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      mean0 += d[0] / 2000;
    }
    expect(mean0).toBeGreaterThan(1 / 7 - 0.02);
    expect(mean0).toBeLessThan(1 / 7 + 0.02);
  });
});

describe('MCTS-solver proof rule', () => {
  // Child proofs from the point of view of the player who moved into each child (= side to move at the parent).
  test.each([
    ['one child wins', [PROVEN_LOSS, UNPROVEN, PROVEN_WIN], PROVEN_LOSS],
    ['all children lose', [PROVEN_LOSS, PROVEN_LOSS], PROVEN_WIN],
    ['best child draws', [PROVEN_LOSS, PROVEN_DRAW], PROVEN_DRAW],
    ['an unproven child keeps it open', [PROVEN_LOSS, UNPROVEN], UNPROVEN],
    ['nothing proven', [UNPROVEN, UNPROVEN], UNPROVEN],
  ])('%s', (_name, children, expected) => {
    const nodes = new NodeStore(4);
    nodes.alloc(1);
    const start = nodes.alloc(children.length);
    nodes.first[0] = start;
    nodes.count[0] = children.length;
    children.forEach((p, k) => (nodes.proof[start + k] = p));
    expect(tryProve(nodes, 0)).toBe(expected !== UNPROVEN);
    expect(nodes.proof[0]).toBe(expected);
  });
});

describe('proof lengths and the longest proven loss', () => {
  /** Node 0 with `children` (proof, terminal) appended under it; returns their indices. */
  function kids(nodes: NodeStore, parent: number, children: [number, boolean][]): number[] {
    const start = nodes.alloc(children.length);
    nodes.first[parent] = start;
    nodes.count[parent] = children.length;
    return children.map(([proof, terminal], k) => {
      nodes.proof[start + k] = proof;
      nodes.terminal[start + k] = terminal ? 1 : 0;
      nodes.parent[start + k] = parent;
      return start + k;
    });
  }

  test('the winner takes its quickest proven win, the loser holds out along its longest proven loss', () => {
    const nodes = new NodeStore(16);
    nodes.alloc(1);
    // Node 0 proven lost for the side to move (PROVEN_WIN for the player who moved into it): two answers, both lose.
    nodes.proof[0] = PROVEN_WIN;
    const [a, b] = kids(nodes, 0, [[PROVEN_LOSS, false], [PROVEN_LOSS, false]]);
    // a: the opponent wins at once (a terminal child) or in three plies; it takes the one-ply win.
    const [, aSlow] = kids(nodes, a, [[PROVEN_WIN, true], [PROVEN_WIN, false]]);
    const [aSlowReply] = kids(nodes, aSlow, [[PROVEN_LOSS, false]]);
    kids(nodes, aSlowReply, [[PROVEN_WIN, true]]);
    // b: the opponent's only proven win takes three plies; an unproven child of b does not count.
    const [bWin] = kids(nodes, b, [[UNPROVEN, false], [PROVEN_WIN, false]]);
    void bWin;
    const bWinNode = nodes.first[b] + 1;
    const [bReply] = kids(nodes, bWinNode, [[PROVEN_LOSS, false]]);
    kids(nodes, bReply, [[PROVEN_WIN, true]]);
    expect(provenPlies(nodes, a)).toBe(1);
    expect(provenPlies(nodes, b)).toBe(3);
    expect(provenPlies(nodes, 0)).toBe(4);
    // A leaf proven lost without children (pruneLosing): the opponent makes four next.
    const leaf = nodes.alloc(1);
    nodes.proof[leaf] = PROVEN_LOSS;
    expect(provenPlies(nodes, leaf)).toBe(1);
  });

  // The gate's game that seed 1's generation 340 lost at ply 39: moving second at ply 22, columns 6 and 7
  // lose at ply 41 and the rest at ply 39. The search had proven column 7 lost, its most visited and best
  // valued move, and the MCTS-solver's rule played the unproven column 3 instead.
  const LOST = '444444326555523225333';

  /**
   * A searched tree at LOST whose root children are then set by hand: the
   * mean values `q` of the unproven ones (by column), and column 6 (index 5)
   * and column 7 proven lost, the game ending 2 plies after the root after 6
   * and 4 plies after 7 (a proof line 7, win, loss, four).
   */
  async function lostRoot(lengthWeight: number, q: Record<number, number>, allLost = false): Promise<SearchTree> {
    const tree = new SearchTree(pos(LOST), searchParams({ simulations: 50, lengthWeight, solver: true }), new Rng(1));
    await runSearches([tree], new UniformEvaluator(), [50]);
    const nodes = tree.nodes;
    for (let c = nodes.first[0]; c < nodes.first[0] + nodes.count[0]; c++) {
      const col = nodes.move[c];
      nodes.visits[c] = 100 * (col + 1);
      nodes.first[c] = -1;
      nodes.count[c] = 0;
      nodes.proof[c] = UNPROVEN;
      if (col === 5 || col === 6 || allLost) {
        nodes.proof[c] = PROVEN_LOSS;
        nodes.valueSum[c] = -nodes.visits[c];
      } else nodes.valueSum[c] = q[col] * nodes.visits[c];
      if (col === 6) {
        // 7, then the opponent's winning reply, our forced answer, and its four.
        let node = c;
        for (const proof of [PROVEN_WIN, PROVEN_LOSS, PROVEN_WIN]) {
          const k = nodes.alloc(1);
          nodes.first[node] = k;
          nodes.count[node] = 1;
          nodes.proof[k] = proof;
          node = k;
        }
        nodes.terminal[node] = 1;
      }
    }
    return tree;
  }

  test('the root sees each proven loss\'s length', async () => {
    const plies = (await lostRoot(0.25, {})).rootProofPliesByColumn(new Float32Array(WIDTH));
    expect(plies[6]).toBe(4);
    expect(plies[5]).toBe(2);
    expect(Number.isNaN(plies[0])).toBe(true);
  });

  // A loss 4 plies after the root is worth -(1 - 0.25 * 3 / 42) = -0.982 on a weight-0.25 network's scale.
  test.each([
    ['a proven long loss beats unproven moves the network values lower', 0.25, -0.99, 6],
    ['an unproven move the network values higher is still preferred (the most visited)', 0.25, -0.95, 4],
    ['without a weight, a proven loss is never played while anything else is left', 0, -0.999, 4],
  ])('%s', async (_name, w, q, expected) => {
    const tree = await lostRoot(w, { 0: q, 1: q, 2: q, 4: q });
    expect(bestMove(tree)).toBe(expected);
  });

  test('when every move is a proven loss, the longest one (with a weight)', async () => {
    expect(bestMove(await lostRoot(0.25, {}, true))).toBe(6);
  });

  test('the agent takes the weight from its evaluator; an explicit search setting wins', async () => {
    const net = Object.assign(new UniformEvaluator(), { lengthWeight: 0.25 });
    const agent = new Agent(net, { budget: { sims: 10 } });
    agent.newGame(LOST);
    expect(agent.searchTree!.params.lengthWeight).toBe(0.25);
    const plain = new Agent(net, { budget: { sims: 10 }, search: { lengthWeight: 0 } });
    plain.newGame(LOST);
    expect(plain.searchTree!.params.lengthWeight).toBe(0);
    expect(() => searchParams({ lengthWeight: 1.5 })).toThrow(/lengthWeight/);
  });
});
