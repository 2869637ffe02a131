/**
 * Asynchronous self-play (training/selfplay/): games cross the worker-thread
 * boundary and shard files intact, and a worker thread's games are the same
 * kind of samples as the serial mode's: legal positions in game order,
 * policies over legal columns summing to 1, z from the mover's side.
 * Also the gate's schedule and record (training/match/gate.ts) and the config's
 * schedule (training/run/config.ts configAt).
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '../../src/mcts/rng.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { configAt, resolveConfig } from '../../training/run/config.js';
import { exportOnnx } from '../../training/onnx/export.js';
import { DEFAULT_GATE, gateDue, gateSolver, runGate } from '../../training/match/gate.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { fromWire, parseShard, shardLine, toWire } from '../../training/records/shard.js';
import { SelfPlayPool } from '../../training/selfplay/pool.js';
import { playGames, selfPlayParams, type SelfPlayGame } from '../../training/selfplay/games.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../temp-dir.js';

const params = selfPlayParams({ concurrency: 8, randomOpeningFraction: 0.5, randomOpeningPlies: 4, search: { simulations: 24 } });

/** The invariants every self-play game holds, whichever thread played it. */
function checkGame(g: SelfPlayGame): void {
  const opening = g.moves.length - g.samples.length;
  expect(opening).toBeGreaterThanOrEqual(0);
  g.samples.forEach((s, i) => {
    expect(s.pos.moves).toBe(opening + i);
    let sum = 0;
    for (let c = 0; c < 7; c++) {
      if (!s.pos.canPlay(c)) expect(s.policy[c]).toBe(0);
      sum += s.policy[c];
    }
    expect(sum).toBeCloseTo(1, 5);
    expect(s.z).toBe(g.winner === 0 ? 0 : s.pos.sideToMove === g.winner ? 1 : -1);
    expect(Math.abs(s.q)).toBeLessThanOrEqual(1);
  });
}

const serialGames = async (n: number) => (await playGames(new UniformEvaluator(), n, params, new Rng(7))).games;

describe('games on the wire', () => {
  test('toWire -> fromWire and shard lines give back the same games', async () => {
    const games = await serialGames(12);
    const text = games.map((g) => shardLine(g, { model: 'm.onnx', config: 'c'.repeat(64), network: 'a'.repeat(64) }) + '\n').join('');
    for (const back of [games.map((g) => fromWire(toWire(g))), parseShard(text, 'x.jsonl')]) {
      expect(back.length).toBe(games.length);
      back.forEach((b, i) => {
        const a = games[i];
        expect(b.moves).toEqual(a.moves);
        expect(b.winner).toBe(a.winner);
        expect(b.samples.map((s) => s.pos.key())).toEqual(a.samples.map((s) => s.pos.key()));
        expect(b.samples.map((s) => [Array.from(s.policy), s.z, s.q + 0, s.full])).toEqual(a.samples.map((s) => [Array.from(s.policy), s.z, s.q + 0, s.full]));
      });
    }
  });

  test.each([
    ['a torn line', '{"v":1,"moves":[3,3'],
    ['another version', JSON.stringify({ v: 99, moves: [], winner: 0, opening: 0, policy: [], q: [], full: [] })],
    ['an illegal move', JSON.stringify({ v: 1, moves: [3, 3, 3, 3, 3, 3, 3], winner: 0, opening: 7, policy: [], q: [], full: [] })],
    ['samples that do not match the moves', JSON.stringify({ v: 1, moves: [3], winner: 0, opening: 0, policy: [], q: [], full: [] })],
  ])('a shard with %s is refused with its file and line', (_what, line) => {
    expect(() => parseShard(`\n${line}\n`, 'bad.jsonl')).toThrow(/^bad\.jsonl:2: /);
  });
});

describe('self-play worker threads', () => {
  test('a worker plays the same kind of games as the serial mode, and takes a new network and settings', { timeout: 120_000 }, async () => {
    for (const g of await serialGames(8)) checkGame(g);
    await initTrainingBackend();
    const bytes = exportOnnx(createModel({ blocks: 1, filters: 8, valueHidden: 16 }, 3));
    const pool = new SelfPlayPool(1, { seed: 11, cacheSlots: 4096 });
    try {
      pool.setModel(bytes, 0, params);
      const first = await pool.take(10);
      expect(first.games.length).toBeGreaterThanOrEqual(10);
      for (const g of first.games) checkGame(g);
      expect(first.stats.evaluations).toBeGreaterThan(0);
      // Some games open with random moves (no samples for those plies), as the settings ask.
      expect(first.games.some((g) => g.moves.length > g.samples.length)).toBe(true);
      pool.setModel(bytes, 1, selfPlayParams({ ...params, randomOpeningFraction: 0 }));
      // Games played on the new network say so.
      let later = await pool.take(1);
      while (!later.generations.includes(1)) later = await pool.take(1);
      for (const g of later.games) checkGame(g);
    } finally {
      await pool.close();
    }
  });
});

describe('the strength gate', () => {
  test.each([
    [{ every: 0, from: 1 }, 10, false, false],
    [{ every: 5, from: 100 }, 95, false, false],
    [{ every: 5, from: 100 }, 100, false, true],
    [{ every: 5, from: 100 }, 103, false, false],
    [{ every: 5, from: 100 }, 103, true, true],
    [{ every: 5, from: 100 }, 110, false, true],
  ])('%j at generation %i (last: %s) is due: %s', (p, gen, last, due) => {
    expect(gateDue({ ...DEFAULT_GATE, ...p }, gen, last)).toBe(due);
  });

  test('an untrained network fails at its first game, and the record says what was played', { timeout: 120_000 }, async () => {
    await initTrainingBackend();
    const dir = tempDir('c4-gate-');
    const path = join(dir, 'net.onnx');
    writeFileSync(path, exportOnnx(createModel({ blocks: 1, filters: 8, valueHidden: 16 }, 5)));
    const r = await runGate(path, { ...DEFAULT_GATE, every: 1, games: 3, simulations: 64 }, gateSolver());
    expect(r.perfect).toBe(false);
    // The second-mover games come first and stop at the first imperfect one; the first-mover games are then skipped.
    expect(r.second.games).toBe(1);
    expect(r.second.plies).toHaveLength(1);
    expect(r.first.games).toBe(0);
    expect(r.simulations).toBe(64);
    expect(r.seconds).toBeGreaterThan(0);
  });
});

describe('the config schedule', () => {
  test('each step applies from its generation on, over the earlier ones', () => {
    const cfg = resolveConfig({
      name: 't',
      seed: 1,
      selfplay: { search: { simulations: 100, cPuct: 1.5 } },
      schedule: [
        { fromGeneration: 10, selfplay: { search: { simulations: 400 } } },
        { fromGeneration: 20, selfplay: { randomOpeningFraction: 0.5 }, train: { reuse: 2 } },
      ],
    } as never);
    const at = (g: number) => {
      const c = configAt(cfg, g);
      return [c.selfplay.search.simulations, c.selfplay.search.cPuct, c.selfplay.randomOpeningFraction, c.train.reuse];
    };
    expect(at(1)).toEqual([100, 1.5, 0, 4]);
    expect(at(10)).toEqual([400, 1.5, 0, 4]);
    expect(at(25)).toEqual([400, 1.5, 0.5, 2]);
  });
});
