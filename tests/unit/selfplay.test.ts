import { describe, expect, test } from 'vitest';
import { INPUT_SIZE, Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import { RolloutEvaluator, Rng } from '../../src/mcts/index.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { agentPlayers, baselinePlayers, playMatch } from '../../training/match/arena.js';
import { onePlyMove, probeAccuracy, probePositions, threatColumns, winningColumns } from '../../training/match/baselines.js';
import { ReplayBuffer, searchValueBeforeExploration, shapeByLength, type Sample } from '../../training/run/replay.js';
import { openingPosition, playGames, selfPlayParams } from '../../training/selfplay/games.js';

const policyOf = (...xs: number[]) => Float32Array.from(xs);

/** Reads the side-to-move plane of an encoded input back into "own stones per column". */
function ownPerColumn(inputs: Float32Array, j: number): number[] {
  const out = new Array(WIDTH).fill(0);
  for (let r = 0; r < 6; r++) for (let c = 0; c < WIDTH; c++) out[c] += inputs[j * INPUT_SIZE + (r * WIDTH + c) * 2];
  return out;
}

describe('replay buffer', () => {
  test('averages repeats and mirror images; batches mirror input and policy together', () => {
    const buf = new ReplayBuffer({ capacity: 100 });
    const p = parseMoves('1');
    buf.add({ pos: p, policy: policyOf(1, 0, 0, 0, 0, 0, 0), z: 1, q: 0, full: true });
    buf.add({ pos: p.mirror(), policy: policyOf(0, 0, 0, 0, 0, 0, 1), z: -1, q: 0, full: true });
    buf.add({ pos: p, policy: policyOf(0, 1, 0, 0, 0, 0, 0), z: 1, q: 0, full: false });
    expect(buf.distinct).toBe(1);
    const batch = buf.sampleBatch(64, new Rng(3));
    let mirrored = 0;
    for (let j = 0; j < 64; j++) {
      // Two full samples agree (after mirroring) on column 1; the fast one has no policy weight.
      expect(batch.value[j]).toBeCloseTo(1 / 3, 6);
      expect(batch.policyWeights[j]).toBe(1);
      // X's stone is in the opponent plane (O to move); the policy's 1 sits on that stone's side.
      const planeSum = [0, 1, 2, 3, 4, 5, 6].map((c) => batch.inputs[j * INPUT_SIZE + c * 2 + 1]);
      const stoneCol = planeSum.indexOf(1);
      expect([0, 6]).toContain(stoneCol);
      expect(batch.policy[j * WIDTH + stoneCol]).toBeCloseTo(1, 6);
      if (stoneCol === 6) mirrored++;
      expect(ownPerColumn(batch.inputs, j).reduce((a, b) => a + b, 0)).toBe(0);
    }
    expect(mirrored).toBeGreaterThan(15);
    expect(mirrored).toBeLessThan(49);
  });

  test.each([
    [0, 1],
    [0.5, 0.75],
    [1, 0.5],
  ])('qMix %f mixes z and q', (qMix, want) => {
    const buf = new ReplayBuffer({ capacity: 10, qMix });
    buf.add({ pos: parseMoves('44'), policy: policyOf(0, 0, 0, 1, 0, 0, 0), z: 1, q: 0.5, full: true });
    expect(buf.sampleBatch(1, new Rng(1)).value[0]).toBeCloseTo(want, 6);
  });

  /** One game's samples from a played line: the result for each sample's side to move, the mover of the last stone winning. */
  function gameSamples(line: string, winnerLast: boolean): Sample[] {
    return Array.from({ length: line.length }, (_, i) => {
      const pos = parseMoves(line.slice(0, i));
      const moverOfLast = (line.length - 1 - i) % 2 === 0;
      return { pos, policy: policyOf(0, 0, 0, 1, 0, 0, 0), z: winnerLast ? (moverOfLast ? 1 : -1) : 0, q: 0, full: true };
    });
  }

  test('length shaping: a far result counts less than a near one, draws and weight 0 unchanged', () => {
    // 1212121: the first player wins with the seventh stone.
    const game = gameSamples('1212121', true);
    const shaped = shapeByLength(game, 0.5);
    expect(shaped.map((s) => +s.z.toFixed(4))).toEqual([7, 6, 5, 4, 3, 2, 1].map((left, i) => +((i % 2 === 0 ? 1 : -1) * (1 - (0.5 * left) / 42)).toFixed(4)));
    expect(shaped[6].z).toBeCloseTo(1 - 0.5 / 42, 6);
    // The loser's positions: the one further from the end is the less bad.
    expect(shaped[1].z).toBeGreaterThan(shaped[5].z);
    expect(shaped[5].z).toBeLessThan(0);
    // The samples given are not changed; weight 0 and a draw return them as they are.
    expect(game[0].z).toBe(1);
    expect(shapeByLength(game, 0)).toBe(game);
    expect(shapeByLength(gameSamples('1234567', false), 0.5).every((s) => s.z === 0)).toBe(true);
  });

  test('addGame shapes the value targets by the buffer\'s lengthWeight', () => {
    const plain = new ReplayBuffer({ capacity: 10 });
    const shaped = new ReplayBuffer({ capacity: 10, lengthWeight: 0.5 });
    const game = gameSamples('1212121', true).slice(0, 1);
    plain.addGame(game);
    shaped.addGame(game);
    expect(plain.sampleBatch(1, new Rng(1)).value[0]).toBe(1);
    // A one-sample game ends one ply after it.
    expect(shaped.sampleBatch(1, new Rng(1)).value[0]).toBeCloseTo(1 - 0.5 / 42, 6);
  });

  /** Samples of the line `line` (the first player wins with its last stone), each policy all on column `favoured[i]` (1-7) but 0.4 on the move played. */
  function searchedGame(line: string, favoured: string): Sample[] {
    return gameSamples(line, true).map((s, i) => {
      const policy = new Float32Array(WIDTH);
      policy[Number(line[i]) - 1] += 0.4;
      policy[Number(favoured[i]) - 1] += 0.6;
      return { ...s, policy, q: -0.1 * (i + 1) };
    });
  }

  test('before the last exploratory move, the value target is the search value', () => {
    // Moves 2 and 4 (indices 1, 3) were not the most visited: samples 0-3 take q, 4-6 keep z.
    const game = searchedGame('1212121', '1313121');
    const out = searchValueBeforeExploration(game);
    expect(out.map((s) => +s.z.toFixed(6))).toEqual([-0.1, -0.2, -0.3, -0.4, 1, -1, 1]);
    expect(game.map((s) => s.z)).toEqual([1, -1, 1, -1, 1, -1, 1]);
    // Every move the most visited (or tied with it): the game as it is.
    const greedy = searchedGame('1212121', '1212121');
    expect(searchValueBeforeExploration(greedy)).toBe(greedy);
    const tied = greedy.map((s) => ({ ...s, policy: policyOf(0.5, 0.5, 0, 0, 0, 0, 0) }));
    expect(searchValueBeforeExploration(tied)).toBe(tied);
    // A sample without a policy (a fast search's) cannot say.
    const blank = game.map((s) => ({ ...s, policy: new Float32Array(WIDTH) }));
    expect(searchValueBeforeExploration(blank)).toBe(blank);
  });

  test('addGame takes the search value before exploration only when asked, after length shaping', () => {
    const game = searchedGame('1212121', '1313121');
    const values = (params: ConstructorParameters<typeof ReplayBuffer>[0]) => {
      const buf = new ReplayBuffer({ capacity: 10, averageRepeats: false, mirror: false, ...params });
      buf.addGame(game);
      return Array.from({ length: buf.size }, (_, i) => buf.targets(i).z);
    };
    expect(values({})).toEqual([1, -1, 1, -1, 1, -1, 1]);
    const asked = values({ searchValueBeforeExploration: true, lengthWeight: 0.5 });
    expect(asked.slice(0, 4).map((z) => +z.toFixed(6))).toEqual([-0.1, -0.2, -0.3, -0.4]);
    expect(asked[4]).toBeCloseTo(1 - (0.5 * 3) / 42, 6);
  });

  test('a bounded window that forgets the oldest, and exact serialisation', () => {
    const buf = new ReplayBuffer({ capacity: 5, averageRepeats: false });
    for (let c = 0; c < 7; c++) buf.add({ pos: parseMoves(String(c + 1)), policy: policyOf(1, 0, 0, 0, 0, 0, 0), z: c / 10, q: 0, full: true });
    expect(buf.size).toBe(5);
    expect(buf.total).toBe(7);
    const copy = ReplayBuffer.fromBytes(buf.toBytes(), { averageRepeats: false });
    expect(copy.size).toBe(5);
    const a = buf.sampleBatch(20, new Rng(9));
    const b = copy.sampleBatch(20, new Rng(9));
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
    expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
    expect(Math.min(...a.value)).toBeGreaterThanOrEqual(0.2 - 1e-6);
  });
});

describe('self-play', () => {
  test('games finish, targets are distributions, z is from the side to move, and a seed reproduces', async () => {
    const params = selfPlayParams({ concurrency: 8, search: { simulations: 24 } });
    const run = async (seed: number) => (await playGames(new UniformEvaluator(), 12, params, new Rng(seed))).games;
    const games = await run(1);
    expect(games.length).toBe(12);
    for (const g of games) {
      expect(g.samples.length).toBe(g.moves.length);
      const last = g.samples[g.samples.length - 1];
      // The last sample is the position before the final move: its side to move made that move.
      if (g.winner !== 0) expect(last.z).toBe(1);
      for (const s of g.samples) {
        expect(s.policy.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(s.z).toBe(g.winner === 0 ? 0 : s.pos.sideToMove === g.winner ? 1 : -1);
      }
    }
    const again = await run(1);
    expect(again.map((g) => g.moves.join(''))).toEqual(games.map((g) => g.moves.join('')));
    expect(new Set(games.map((g) => g.moves.join(''))).size).toBeGreaterThan(8);
  });

  test('playout cap randomization marks about the chosen fraction of moves as full searches', async () => {
    const params = selfPlayParams({ concurrency: 16, fullSearchProbability: 0.25, fastSimulations: 4, search: { simulations: 16 } });
    const { games } = await playGames(new UniformEvaluator(), 16, params, new Rng(2));
    const samples = games.flatMap((g) => g.samples);
    const full = samples.filter((s) => s.full).length / samples.length;
    expect(full).toBeGreaterThan(0.15);
    expect(full).toBeLessThan(0.35);
  });

  test('random openings: about the chosen fraction of games, 1..N random moves, no sample from them', async () => {
    const params = selfPlayParams({ concurrency: 16, randomOpeningFraction: 0.5, randomOpeningPlies: 6, search: { simulations: 8, temperatureMoves: 0, dirichletWeight: 0 } });
    const { games } = await playGames(new UniformEvaluator(), 48, params, new Rng(3));
    const openings = games.map((g) => g.moves.length - g.samples.length);
    expect(Math.min(...openings)).toBe(0);
    expect(Math.max(...openings)).toBeLessThanOrEqual(6);
    const opened = openings.filter((k) => k > 0).length;
    expect(opened).toBeGreaterThan(12);
    expect(opened).toBeLessThan(36);
    expect(new Set(openings.filter((k) => k > 0)).size).toBeGreaterThan(3);
    for (const g of games) {
      // The first sample is the position after the opening, and the moves replay to a finished game.
      const k = g.moves.length - g.samples.length;
      expect(g.samples[0].pos.moves).toBe(k);
      const pos = new Position();
      for (const c of g.moves) pos.play(c);
      expect(pos.isOver).toBe(true);
    }
  });

  test('openingPosition: off draws nothing from the generator; no opening move wins or fills the board', () => {
    const rng = new Rng(5);
    const before = rng.getState();
    expect(openingPosition({ randomOpeningFraction: 0, randomOpeningPlies: 8 }, rng).moves).toEqual([]);
    expect(rng.getState()).toEqual(before);
    for (let i = 0; i < 200; i++) {
      const { pos, moves } = openingPosition({ randomOpeningFraction: 1, randomOpeningPlies: 40 }, rng);
      expect(moves.length).toBeGreaterThanOrEqual(1);
      expect(pos.isOver).toBe(false);
      expect(pos.moves).toBe(moves.length);
    }
  });

  test('a start replaces the opening, draws nothing, and every game of playGames begins there', async () => {
    const rng = new Rng(6);
    const before = rng.getState();
    const { pos, moves } = openingPosition({ randomOpeningFraction: 1, randomOpeningPlies: 8, start: [3, 2] }, rng);
    expect(moves).toEqual([3, 2]);
    expect(pos.key()).toBe(parseMoves('43').key());
    expect(rng.getState()).toEqual(before);
    expect(() => openingPosition({ randomOpeningFraction: 0, randomOpeningPlies: 0, start: [0, 0, 0, 0, 0, 0, 0] }, rng)).toThrow(/column 1 cannot be played after 6 moves/);
    expect(() => openingPosition({ randomOpeningFraction: 0, randomOpeningPlies: 0, start: [0, 1, 0, 1, 0, 1, 0] }, rng)).toThrow(/game is over/);
    const { games } = await playGames(new UniformEvaluator(), 6, selfPlayParams({ concurrency: 3, search: { simulations: 8 }, start: [3, 2] }), new Rng(7));
    expect(games).toHaveLength(6);
    for (const g of games) {
      expect(g.moves.slice(0, 2)).toEqual([3, 2]);
      expect(g.samples[0].pos.moves).toBe(2);
    }
  });
});

describe('baselines and matches', () => {
  test.each(['win', 'block'] as const)('probe positions (%s) have correct answers', (kind) => {
    const probes = probePositions(kind, 50, 4);
    expect(probes.length).toBe(50);
    for (const { pos, answers } of probes) {
      if (kind === 'win') expect(answers).toEqual(winningColumns(pos));
      else {
        expect(winningColumns(pos)).toEqual([]);
        expect(threatColumns(pos)).toEqual(answers);
        // Playing elsewhere really loses at once.
        const other = [0, 1, 2, 3, 4, 5, 6].find((c) => pos.canPlay(c) && c !== answers[0]);
        if (other !== undefined) {
          const after = pos.clone();
          after.play(other);
          expect(winningColumns(after)).toContain(answers[0]);
        }
      }
      expect(onePlyMove(pos, new Rng(1))).toBe(answers[0]);
    }
  });

  test('the uniform policy scores at chance on the probes', async () => {
    const acc = await probeAccuracy(new UniformEvaluator(), probePositions('win', 100, 5));
    expect(acc).toBeLessThan(0.6);
  });

  test('one-ply beats random and MCTS with rollouts beats one-ply', async () => {
    const r1 = await playMatch(baselinePlayers('one-ply'), baselinePlayers('random'), { games: 40, openingPlies: 2, seed: 1 });
    expect(r1.wins + r1.draws + r1.losses).toBe(40);
    expect(r1.score).toBeGreaterThan(0.8);
    const r2 = await playMatch(
      agentPlayers(new RolloutEvaluator(4, 1), 100),
      baselinePlayers('one-ply'),
      { games: 10, openingPlies: 2, seed: 2 },
    );
    expect(r2.score).toBeGreaterThan(0.7);
    const r3 = await playMatch(baselinePlayers('random'), baselinePlayers('one-ply'), { games: 40, openingPlies: 2, seed: 1 });
    expect(r3.score).toBeLessThan(0.2);
  });
});
