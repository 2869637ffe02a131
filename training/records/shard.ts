/**
 * Self-play games on the wire: the plain form in which a game crosses a
 * worker-thread boundary (structured clone) or lands in a shard file
 * (one JSON object per line). A game is its move list plus, for every
 * searched move after the opening, the search policy, the root value and
 * whether the search was a full one; positions are rebuilt by replaying the
 * moves, so nothing about a position's encoding is written twice, and each
 * sample's opponent-reply target is the next sample's policy (linkReplies),
 * so shards from before that target give it too.
 */
import { Position, WIDTH } from '../../src/engine/index.js';
import type { SelfPlayGame } from '../selfplay/games.js';
import { linkReplies, type Sample } from '../run/replay.js';

/** Schema version of a shard line. 1: no `config`, `network`; 2: both (a v1 shard is refused: it names neither). */
export const SHARD_VERSION = 2;

/**
 * What a shard was played with, so that the run can refuse another's games:
 * `config` the sha256 of the run's self-play settings (selfPlayConfigSha256),
 * `network` the sha256 of the ONNX file that played.
 */
export interface ShardIdentity {
  config: string;
  network: string;
}

export interface WireGame {
  /** Columns played, 0-based, from the empty board. */
  moves: number[];
  winner: 0 | 1 | 2;
  /** Random opening moves at the start of `moves` (no samples from them). */
  opening: number;
  /** Search policies, WIDTH per sample, one sample per move after the opening. */
  policy: number[];
  /** Root search values for the side to move, one per sample. */
  q: number[];
  /** 1 for a full search (policy target), 0 for a fast one. */
  full: number[];
}

export function toWire(g: SelfPlayGame): WireGame {
  const opening = g.moves.length - g.samples.length;
  const policy: number[] = [];
  for (const s of g.samples) for (let c = 0; c < WIDTH; c++) policy.push(s.policy[c]);
  return { moves: g.moves, winner: g.winner, opening, policy, q: g.samples.map((s) => s.q), full: g.samples.map((s) => (s.full ? 1 : 0)) };
}

/** How far a search policy's sum may be from 1 (float32 rounding of visit shares). */
const POLICY_SUM_TOLERANCE = 1e-3;

/**
 * Rebuilds a game, checking every field: the moves are replayed through the
 * engine (each a legal column, none after the game ended, the game over at
 * the end), the winner is the one the moves give, and every sample's policy
 * (finite, in [0, 1], zero on full columns, summing to 1), root value
 * (finite, in [-1, 1]) and search flag (0 or 1) are in range. Throws
 * 'malformed self-play game: ...' naming the first fault: a shard from
 * another version, a torn write, or a hostile file.
 */
export function fromWire(w: WireGame): SelfPlayGame {
  const fault = (why: string): never => {
    throw new Error(`malformed self-play game: ${why}`);
  };
  if (!Array.isArray(w.moves) || !Array.isArray(w.policy) || !Array.isArray(w.q) || !Array.isArray(w.full)) fault('moves, policy, q and full must be arrays');
  const n = w.moves.length;
  if (!Number.isInteger(w.opening) || w.opening < 0 || w.opening > n) fault(`opening ${String(w.opening)} is not 0-${n}`);
  const k = n - w.opening;
  if (w.q.length !== k || w.full.length !== k || w.policy.length !== k * WIDTH) fault(`${k} samples need ${k} q, ${k} full and ${k * WIDTH} policy numbers`);
  if (w.winner !== 0 && w.winner !== 1 && w.winner !== 2) fault(`winner ${String(w.winner)}`);
  const pos = new Position();
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    if (pos.isOver) fault(`a move at ply ${i + 1}, after the game ended`);
    if (i >= w.opening) samples.push(sampleAt(w, i - w.opening, pos));
    const col = w.moves[i];
    if (!pos.canPlay(col)) fault(`illegal move ${String(col)} at ply ${i + 1}`);
    pos.play(col);
  }
  if (!pos.isOver) fault(`the game is not over after ${n} moves`);
  const winner = pos.won ? ((pos.moves & 1) === 1 ? 1 : 2) : 0;
  if (w.winner !== winner) fault(`winner ${w.winner}, but the moves give ${winner === 0 ? 'a draw' : `player ${winner}`}`);
  return { moves: w.moves, winner: w.winner, samples: linkReplies(samples) };
}

/** Sample `j` of a wire game, at position `pos` (before its move), its fields checked. */
function sampleAt(w: WireGame, j: number, pos: Position): Sample {
  const fault = (why: string): never => {
    throw new Error(`malformed self-play game: sample ${j + 1}: ${why}`);
  };
  const policy = Float32Array.from(w.policy.slice(j * WIDTH, (j + 1) * WIDTH));
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) {
    const p = w.policy[j * WIDTH + c];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fault(`policy ${String(p)} for column ${c + 1} is not in [0, 1]`);
    if (p > 0 && !pos.canPlay(c)) fault(`policy ${p} for full column ${c + 1}`);
    sum += p;
  }
  if (Math.abs(sum - 1) > POLICY_SUM_TOLERANCE) fault(`policy sums to ${sum}, not 1`);
  const q = w.q[j];
  if (typeof q !== 'number' || !(q >= -1 && q <= 1)) fault(`root value ${String(q)} is not in [-1, 1]`);
  const full = w.full[j];
  if (full !== 0 && full !== 1) fault(`full ${String(full)} is not 0 or 1`);
  const z = w.winner === 0 ? 0 : pos.sideToMove === w.winner ? 1 : -1;
  return { pos: pos.clone(), policy, z, q, full: full === 1 };
}

/** One shard line: the game, with what played it. */
export function shardLine(g: SelfPlayGame, meta: ShardIdentity & { model: string }): string {
  return JSON.stringify({ v: SHARD_VERSION, model: meta.model, config: meta.config, network: meta.network, ...toWire(g) });
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Parses a shard file's text; `where` names it in errors. With `accepts`,
 * each line's identity is checked: it returns why the run refuses it, or null.
 */
export function parseShard(text: string, where: string, accepts?: (id: ShardIdentity) => string | null): SelfPlayGame[] {
  const games: SelfPlayGame[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      const o = JSON.parse(lines[i]) as WireGame & { v?: number } & Partial<ShardIdentity>;
      if (o === null || typeof o !== 'object') throw new Error('not a JSON object');
      if (o.v !== SHARD_VERSION) throw new Error(`shard version ${String(o.v)}, expected ${SHARD_VERSION}${o.v === 1 ? ' (a version 1 shard names no config or network: play it again with npm run selfplay)' : ''}`);
      if (typeof o.config !== 'string' || !SHA256.test(o.config) || typeof o.network !== 'string' || !SHA256.test(o.network)) {
        throw new Error('"config" and "network" must be sha256 hex digests');
      }
      const why = accepts?.({ config: o.config, network: o.network });
      if (why) throw new Error(why);
      games.push(fromWire(o));
    } catch (e) {
      // One line whatever the file holds: a value with a newline in it is quoted back in the message.
      throw new Error(`${where}:${i + 1}: ${(e as Error).message.replace(/\s*[\r\n]+\s*/g, ' ')}`);
    }
  }
  return games;
}
