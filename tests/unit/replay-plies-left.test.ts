/**
 * The moves-left target on the data side: ReplayBuffer.addGame gives each
 * sample the plies from its position to its game's end, the merged view
 * averages them over repeated positions, batches carry them with a weight
 * (0 where a sample has none), and buffers from before the target ("C4R2")
 * load with none.
 */
import { describe, expect, test } from 'vitest';
import { Position, WIDTH, parseMoves } from '../../src/engine/index.js';
import { Rng } from '../../src/mcts/index.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { ReplayBuffer, type Sample } from '../../training/run/replay.js';
import { playGames, selfPlayParams } from '../../training/selfplay/games.js';

const uniform = () => new Float32Array(WIDTH).fill(1 / WIDTH);
const sample = (moves: string, z = 1): Sample => ({ pos: moves === '' ? new Position() : parseMoves(moves), policy: uniform(), z, q: 0, full: true });

describe('plies-left targets', () => {
  test('addGame: each sample of a self-play game gets the plies to its end', async () => {
    const { games } = await playGames(new UniformEvaluator(), 4, selfPlayParams({ concurrency: 4, search: { simulations: 8 } }), new Rng(3));
    const buf = new ReplayBuffer({ capacity: 1000, averageRepeats: false });
    let i = 0;
    for (const g of games) {
      buf.addGame(g.samples);
      for (const s of g.samples) expect(buf.targets(i++).pliesLeft).toBe(g.moves.length - s.pos.moves);
      expect(buf.targets(i - 1).pliesLeft).toBe(1);
    }
  });

  test('averaged over repeats, carried by batches with their weights; samples added one by one have none', () => {
    const buf = new ReplayBuffer({ capacity: 10, averageRepeats: true });
    buf.addGame([sample(''), sample('4', -1)]); // ends at ply 2: 2, 1 plies left
    buf.addGame([sample(''), sample('4', 1), sample('44', -1)]); // ends at ply 3: 3, 2, 1
    buf.add(sample('1')); // no target
    const batch = buf.sampleBatch(200, new Rng(5));
    const seen = new Set<string>();
    for (let j = 0; j < 200; j++) seen.add(`${batch.pliesLeft[j]}/${batch.pliesLeftWeights[j]}`);
    // The empty board: (2 + 3) / 2; after `4`: (1 + 2) / 2; after `44`: 1; after `1`: none.
    expect([...seen].sort()).toEqual(['0/0', '1.5/1', '1/1', '2.5/1']);
  });

  test('bytes keep the targets; a buffer from before them ("C4R2") loads with none', () => {
    const n = 6;
    const buf = new ReplayBuffer({ capacity: n, averageRepeats: false });
    buf.addGame([sample(''), sample('4', -1), sample('44', 1)]);
    const bytes = buf.toBytes();
    const copy = ReplayBuffer.fromBytes(bytes, { averageRepeats: false });
    expect(copy.sampleBatch(32, new Rng(1))).toEqual(buf.sampleBatch(32, new Rng(1)));
    expect(copy.targets(0).pliesLeft).toBe(3);
    // The version before: the same bytes without the last array, under its magic.
    const old = bytes.slice(0, bytes.length - n);
    new DataView(old.buffer).setInt32(0, 0x43345232, true);
    const legacy = ReplayBuffer.fromBytes(old, { averageRepeats: false });
    const a = legacy.sampleBatch(32, new Rng(1));
    const b = buf.sampleBatch(32, new Rng(1));
    expect(a.inputs).toEqual(b.inputs);
    expect(a.value).toEqual(b.value);
    expect(Math.max(...a.pliesLeftWeights)).toBe(0);
    expect(Math.min(...b.pliesLeftWeights)).toBe(1);
    expect(legacy.targets(0).pliesLeft).toBeUndefined();
    expect(() => ReplayBuffer.fromBytes(bytes.slice(0, bytes.length - 1), { averageRepeats: false })).toThrow(/wrong length/);
  });
});
