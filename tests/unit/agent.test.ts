/**
 * The one playing agent (src/agent): its tree follows the game (a reused
 * tree plays the move a fresh search plays, for fewer evaluations), its
 * play preset never has noise, its evaluator stack checks and averages, and
 * its levels are presets of increasing strength.
 */
import { describe, expect, test } from 'vitest';
import { Agent, DEFAULT_LEVEL, LEVELS, PLAY_SEARCH, agentEvaluator, levelById, levelMove, playSearch } from '../../src/agent/index.js';
import { parseMoves } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';

describe('tree reuse', () => {
  test.each([
    // Yellow has 1-2-3 on the bottom row: Red must block in column 4.
    ['71726', 2, 3],
    // Red has three in column 4 and Yellow replies in column 1 instead of blocking: Red wins there.
    ['45454', 0, 3],
  ])('after %s and a reply in column %i, the reused tree plays column %i like a fresh search, for fewer evaluations', async (start, reply, expected) => {
    const budget = { sims: 600 };
    const a = new Agent(new UniformEvaluator(), { budget, seed: 5 });
    a.newGame(start, 5);
    await a.think();
    a.observe(reply);
    const reused = (await a.think())!;

    const b = new Agent(new UniformEvaluator(), { budget, seed: 5 });
    b.newGame(start + String(reply + 1), 5);
    const fresh = (await b.think())!;

    expect(reused.best).toBe(expected);
    expect(fresh.best).toBe(expected);
    expect(reused.evaluations).toBeLessThan(fresh.evaluations);
  });

  test('thinkAbout follows a continuation of the game and starts afresh elsewhere', async () => {
    const a = new Agent(new UniformEvaluator(), { budget: { sims: 300 } });
    const first = (await a.thinkAbout('44'))!;
    expect(first.simulations).toBeGreaterThanOrEqual(300);
    const next = (await a.thinkAbout(`44${first.best + 1}4`))!;
    expect(a.root!.moves).toBe(4);
    expect(next.best).toBeGreaterThanOrEqual(0);
    await a.thinkAbout('1');
    expect(a.root!.key()).toBe(parseMoves('1').key());
  });

  test('a hook that says stop ends the search with null after one slice', async () => {
    const a = new Agent(new UniformEvaluator(), { budget: { sims: 100_000 }, slice: 16 });
    a.newGame('');
    let slices = 0;
    expect(await a.think({ afterSlice: () => ++slices < 2 })).toBeNull();
    expect(slices).toBe(2);
  });
});

describe('the play preset', () => {
  test('no noise and no temperature, whatever the overrides ask', () => {
    const p = playSearch(123, { dirichletWeight: 0.25, temperatureMoves: 10, pruneLosing: true });
    expect(p).toMatchObject({ simulations: 123, dirichletWeight: 0, temperatureMoves: 0, pruneLosing: true, solver: true, reuseTree: true });
    expect(PLAY_SEARCH.leavesPerStep).toBe(8);
  });
});

describe('the evaluator stack', () => {
  /** A network that prefers column 1 and answers NaN for one position. */
  class Lopsided implements Evaluator {
    async evaluate(ps: readonly import('../../src/engine/index.js').Position[]): Promise<Evaluation[]> {
      return ps.map((p) => ({ policy: Float32Array.from([0.7, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]), value: p.moves === 3 ? Number.NaN : 0.5 }));
    }
  }

  test('averages with the mirror image, caches, and stops on a non-finite output', async () => {
    const ev = agentEvaluator(new Lopsided());
    const [e] = await ev.evaluate([parseMoves('')]);
    // The empty board is its own mirror: column 1's 0.7 is averaged with column 7's 0.05.
    expect(e.policy[0]).toBeCloseTo(0.375, 5);
    expect(e.policy[6]).toBeCloseTo(0.375, 5);
    await ev.evaluate([parseMoves('')]);
    expect(ev.hits).toBe(1);
    await expect(ev.evaluate([parseMoves('123')])).rejects.toThrow(/not a number/);
    const plain = agentEvaluator(new Lopsided(), { mirrorAverage: false });
    expect((await plain.evaluate([parseMoves('')]))[0].policy[0]).toBeCloseTo(0.7, 5);
  });
});

describe('levels', () => {
  test('each is a preset of more simulations than the one before, described in words', () => {
    for (let i = 1; i < LEVELS.length; i++) expect(LEVELS[i].simulations).toBeGreaterThan(LEVELS[i - 1].simulations);
    expect(new Set(LEVELS.map((l) => l.id)).size).toBe(LEVELS.length);
    for (const l of LEVELS) expect(l.description.length).toBeGreaterThan(20);
    // Players' words up front; the match figures go under "Details".
    for (const l of LEVELS) expect(l.description).not.toMatch(/\d/);
    for (const l of LEVELS) expect(l.record).toMatch(/\d+ games/);
    expect(levelById('nonsense').id).toBe(DEFAULT_LEVEL);
    expect(levelById('max').simulations).toBe(LEVELS[LEVELS.length - 1].simulations);
  });

  test('the weaker levels make mistakes on purpose, the stronger ones never, the mistakes fewer as the level rises', () => {
    const share = [0.05, 0.1, 0.15, 0.4, 0.15, 0.1, 0.05];
    const r = { best: 3, visitShare: share, proven: null };
    // Many positions (the draw is seeded by the position): how often each level leaves the most visited move.
    const positions = Array.from({ length: 400 }, (_, i) => String(i).split('').map((d) => String((Number(d) % 7) + 1)).join(''));
    const offBest = (id: string) => positions.filter((m) => levelMove(levelById(id), m, r) !== 3).length / positions.length;
    expect(offBest('strong')).toBe(0);
    expect(offBest('max')).toBe(0);
    expect(offBest('easy')).toBeGreaterThan(offBest('medium'));
    expect(offBest('medium')).toBeGreaterThan(0);
    // Reproducible: the same position, the same move.
    expect(levelMove(levelById('easy'), '4455', r)).toBe(levelMove(levelById('easy'), '4455', r));
    // Never an unvisited column; a proven win is always taken.
    const narrow = { best: 2, visitShare: [0, 0, 0.5, 0.5, 0, 0, 0], proven: null };
    for (const m of positions) expect([2, 3]).toContain(levelMove(levelById('easy'), m, narrow));
    for (const m of positions) expect(levelMove(levelById('easy'), m, { ...r, proven: 1 })).toBe(3);
  });

  test.each(['easy', 'medium'])('%s varies from game to game, and a game seed repeats its game', (id) => {
    const share = [0.05, 0.1, 0.15, 0.4, 0.15, 0.1, 0.05];
    const r = { best: 3, visitShare: share, proven: null };
    const positions = ['', '4', '44', '443', '4433', '44335', '443356', '4433562'];
    const game = (seed: number) => positions.map((m) => levelMove(levelById(id), m, r, seed)).join('');
    // Two seeds: different games (over a few seeds, so that one coincidence cannot pass it).
    const games = new Set([1, 2, 3, 4, 5].map(game));
    expect(games.size).toBeGreaterThan(1);
    expect(game(12345)).not.toBe(game(54321));
    // The same seed: the same game.
    expect(game(12345)).toBe(game(12345));
    // Seed 0 is the position alone, as before game seeds.
    expect(game(0)).toBe(positions.map((m) => levelMove(levelById(id), m, r)).join(''));
  });

  test('the stronger levels ignore the game seed', () => {
    const r = { best: 3, visitShare: [0.05, 0.1, 0.15, 0.4, 0.15, 0.1, 0.05], proven: null };
    for (const seed of [1, 2, 99]) expect(levelMove(levelById('max'), '44', r, seed)).toBe(3);
  });
});
