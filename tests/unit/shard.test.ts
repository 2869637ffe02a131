/**
 * Shards are untrusted input (other machines write them): every game is
 * replayed through the engine and every field range-checked
 * (training/records/shard.ts `fromWire`), so a mutated game is refused with
 * a reason instead of teaching the trainer impossible positions.
 */
import { describe, expect, test } from 'vitest';
import { fromWire, parseShard, SHARD_VERSION, type WireGame } from '../../training/records/shard.js';
import { shardStepSamples } from '../../training/selfplay/shards.js';

/** Player 1 wins along the bottom row at ply 7 (columns 4, 4, 5, 5, 6, 6, 7); uniform policies. */
function valid(): WireGame {
  const moves = [3, 3, 4, 4, 5, 5, 6];
  return { moves, winner: 1, opening: 0, policy: moves.flatMap(() => Array(7).fill(1 / 7)), q: moves.map(() => 0), full: moves.map(() => 1) };
}

describe('fromWire', () => {
  test('a valid game is rebuilt: its samples, each with the result for its side to move', () => {
    const g = fromWire(valid());
    expect(g.samples.map((s) => s.z)).toEqual([1, -1, 1, -1, 1, -1, 1]);
    expect(g.winner).toBe(1);
  });

  test.each<[string, (w: WireGame) => void, RegExp]>([
    ['column 8 (index 7)', (w) => (w.moves[2] = 7), /illegal move 7 at ply 3/],
    ['column -1', (w) => (w.moves[0] = -1), /illegal move -1 at ply 1/],
    ['column 1.5', (w) => (w.moves[1] = 1.5), /illegal move 1.5 at ply 2/],
    ['a move after the win', (w) => (w.moves.push(0), w.policy.push(...Array(7).fill(1 / 7)), w.q.push(0), w.full.push(1)), /a move at ply 8, after the game ended/],
    ['a game that is not over', (w) => (w.moves.pop(), w.policy.splice(-7), w.q.pop(), w.full.pop()), /not over after 6 moves/],
    ['a flipped winner', (w) => (w.winner = 2), /winner 2, but the moves give player 1/],
    ['a claimed draw', (w) => (w.winner = 0), /winner 0, but the moves give player 1/],
    ['a negative policy', (w) => (w.policy[0] = -0.5), /policy -0.5 for column 1 is not in \[0, 1\]/],
    ['a policy of 1e30', (w) => (w.policy[3] = 1e30), /policy 1e\+30 for column 4/],
    ['a policy that does not sum to 1', (w) => (w.policy[8] = 0.9), /sample 2: policy sums to/],
    ['a policy on a full column', (w) => {
      // Column 1 filled by six plies of an opening, then a policy on it.
      w.moves = [0, 0, 0, 0, 0, 0, 3, 3, 4, 4, 5, 5, 6];
      w.opening = 6;
      w.policy = Array.from({ length: 7 }, () => [1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7]).flat();
    }, /policy 0.14\d* for full column 1/],
    ['a root value of 5', (w) => (w.q[2] = 5), /root value 5 is not in \[-1, 1\]/],
    ['a root value of null (NaN in JSON)', (w) => ((w.q as unknown[])[2] = null), /root value null/],
    ['full = 2', (w) => (w.full[1] = 2), /full 2 is not 0 or 1/],
    ['an opening longer than the game', (w) => (w.opening = 9), /opening 9 is not 0-7/],
  ])('%s is refused', (_, mutate, message) => {
    const w = valid();
    mutate(w);
    expect(() => fromWire(w)).toThrow(message);
  });
});

describe('parseShard', () => {
  test('names the file and line of a bad game', () => {
    const line = (w: WireGame) => JSON.stringify({ v: SHARD_VERSION, model: 'm.onnx', config: 'c'.repeat(64), network: 'a'.repeat(64), ...w });
    const bad = { ...valid(), winner: 2 as const };
    expect(() => parseShard(`${line(valid())}\n${line(bad)}\n`, 'shards/x.jsonl')).toThrow(/^shards\/x\.jsonl:2: malformed self-play game: winner 2/);
  });
});

describe('shardStepSamples', () => {
  test('a shard of 2,000 games adds the gradient steps of the run\'s own games per generation, not 2,000 games\' worth', () => {
    const game = fromWire(valid());
    const many = Array.from({ length: 2000 }, () => game);
    expect(shardStepSamples(many, 8)).toBe(8 * game.samples.length);
    expect(shardStepSamples(many.slice(0, 3), 8)).toBe(3 * game.samples.length);
  });
});
