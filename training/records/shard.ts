/**
 * Self-play games on the wire: the plain form in which a game crosses a
 * worker-thread boundary (structured clone) or lands in a shard file
 * (one JSON object per line). A game is its move list plus, for every
 * searched move after the opening, the search policy, the root value and
 * whether the search was a full one; positions are rebuilt by replaying the
 * moves, so nothing about a position's encoding is written twice.
 */
import { Position, WIDTH } from '../../src/engine/index.js';
import type { SelfPlayGame } from '../selfplay/games.js';
import type { Sample } from '../run/replay.js';

/** Schema version of a shard line. */
export const SHARD_VERSION = 1;

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

/** Rebuilds a game; throws on a malformed one (a shard from another version or a torn write). */
export function fromWire(w: WireGame): SelfPlayGame {
  const n = w.moves?.length;
  const k = n - w.opening;
  if (!Array.isArray(w.moves) || !Number.isInteger(w.opening) || k < 0 || w.q?.length !== k || w.full?.length !== k || w.policy?.length !== k * WIDTH) {
    throw new Error('malformed self-play game');
  }
  if (w.winner !== 0 && w.winner !== 1 && w.winner !== 2) throw new Error(`malformed self-play game: winner ${String(w.winner)}`);
  const pos = new Position();
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= w.opening) {
      const j = i - w.opening;
      const z = w.winner === 0 ? 0 : pos.sideToMove === w.winner ? 1 : -1;
      samples.push({ pos: pos.clone(), policy: Float32Array.from(w.policy.slice(j * WIDTH, (j + 1) * WIDTH)), z, q: w.q[j], full: w.full[j] === 1 });
    }
    const col = w.moves[i];
    if (!Number.isInteger(col) || !pos.canPlay(col)) throw new Error(`malformed self-play game: illegal move ${String(col)} at ply ${i + 1}`);
    pos.play(col);
  }
  return { moves: w.moves, winner: w.winner, samples };
}

/** One shard line. */
export function shardLine(g: SelfPlayGame, meta: { model: string }): string {
  return JSON.stringify({ v: SHARD_VERSION, model: meta.model, ...toWire(g) });
}

/** Parses a shard file's text; `where` names it in errors. */
export function parseShard(text: string, where: string): SelfPlayGame[] {
  const games: SelfPlayGame[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      const o = JSON.parse(lines[i]) as WireGame & { v?: number };
      if (o.v !== SHARD_VERSION) throw new Error(`shard version ${String(o.v)}, expected ${SHARD_VERSION}`);
      games.push(fromWire(o));
    } catch (e) {
      throw new Error(`${where}:${i + 1}: ${(e as Error).message}`);
    }
  }
  return games;
}
