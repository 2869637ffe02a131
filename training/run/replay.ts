/**
 * The replay buffer: the last `capacity` self-play samples in a ring of typed
 * arrays (a position as its four bitboard words, the search policy, the game
 * result z, the root value q, whether the policy target came from a full
 * search, the opponent's reply policy when there is one, and the plies
 * from the position to its game's end, a moves-left target). Batches are drawn from a merged view in which repeated positions
 * (and their mirror images) are averaged into one sample (AlphaZero.jl's
 * "position averaging"), and each drawn sample is mirrored left-right with
 * probability 1/2 (board symmetry augmentation). Serialises to bytes for
 * checkpoints.
 */
import { INPUT_SIZE, KEY_HI_WEIGHT, MAX_MOVES, Position, WIDTH, encodeInto, mirrorBits } from '../../src/engine/index.js';
import type { Rng } from '../../src/mcts/rng.js';

/** One training sample as self-play produces it. */
export interface Sample {
  pos: Position;
  /** Search policy over columns (sums to 1). */
  policy: Float32Array;
  /** Game result for the side to move: 1, 0, -1. */
  z: number;
  /** Root search value for the side to move. */
  q: number;
  /** False for fast searches under playout cap randomization: no policy target. */
  full: boolean;
  /**
   * The opponent's reply: the policy target of the next position's search, when that search was a
   * full one (KataGo's auxiliary target, arXiv 1902.10565 section 3.4). Absent for a game's last
   * move, before a fast search, and in samples from before it existed: no reply loss for those.
   */
  reply?: Float32Array;
  /**
   * Plies from this position to its game's end (a moves-left target, Lc0's
   * moves-left head); set by ReplayBuffer.addGame from the game's last
   * sample. Absent for samples added one by one and in buffers from before
   * it existed: no moves-left target for those.
   */
  pliesLeft?: number;
}

/**
 * Gives each sample of one game (in move order) the next sample's policy as
 * its reply target, when that sample came from a full search. Self-play and
 * the shard reader both build games through this, so a shard needs no new field.
 */
export function linkReplies(samples: Sample[]): Sample[] {
  for (let i = 0; i + 1 < samples.length; i++) if (samples[i + 1].full) samples[i].reply = samples[i + 1].policy;
  return samples;
}

/**
 * The value targets of one game (its samples in move order) scaled by how
 * far off its end was: z * (1 - weight * pliesLeft / 42) for a decided game,
 * draws untouched. A loss far off is then less bad than one near, and a near
 * win better than a far one, so that among moves with the same result the
 * network learns to prefer the longer loss and the quicker win (the notes'
 * "give faster wins a higher value or break ties by length"; the gate asks
 * for losses moving second at ply 41, not 39). Near the end of the game the
 * target comes close to the terminal +-1 that the search's terminal nodes and
 * proofs use (the last move's position: 1 - weight / 42).
 * The end is the ply after the last sample's position: every move after a
 * random opening is searched, so the last sample is the last move's position.
 * Weight 0 returns the samples as they are.
 */
export function shapeByLength(samples: Sample[], weight: number): Sample[] {
  if (weight === 0 || samples.length === 0) return samples;
  const end = samples[samples.length - 1].pos.moves + 1;
  return samples.map((s) => (s.z === 0 ? s : { ...s, z: s.z * (1 - (weight * (end - s.pos.moves)) / MAX_MOVES) }));
}

/** The column played from `pos` to reach `next` (its next position in the game), or -1 if none does. */
function columnBetween(pos: Position, next: Position): number {
  if (next.moves !== pos.moves + 1) return -1;
  const key = next.key();
  for (let c = 0; c < WIDTH; c++) {
    if (!pos.canPlay(c)) continue;
    const child = pos.clone();
    child.play(c);
    if (child.key() === key) return c;
  }
  return -1;
}

/**
 * The value targets of one game (its samples in move order) up to and
 * including its last exploratory move, a move played that was not its
 * search's most visited (temperature sampling in the opening), replaced by
 * each sample's root search value q. The game's result after such a move
 * says how the sampled line went, not what the position is worth with the
 * players' best moves: measured at generation 340 of seed 3, the first
 * mover converted after `43` in 75% of self-play games with the opening's
 * temperature and in 128 of 128 without it (after `44` 84% and 128 of 128),
 * so z taught the network to rate `43` the better reply, which it is not
 * (docs/training-runs.md). Later samples keep z. A game without
 * exploration, and a sample whose policy does not say (a fast search's),
 * are left as they are; the samples given are not changed.
 */
export function searchValueBeforeExploration(samples: Sample[]): Sample[] {
  let last = -1;
  for (let i = 0; i + 1 < samples.length; i++) {
    const col = columnBetween(samples[i].pos, samples[i + 1].pos);
    if (col < 0) continue;
    const policy = samples[i].policy;
    let best = 0;
    for (let c = 0; c < WIDTH; c++) best = Math.max(best, policy[c]);
    if (best > 0 && policy[col] < best) last = i;
  }
  if (last < 0) return samples;
  return samples.map((s, i) => (i <= last ? { ...s, z: s.q } : s));
}

export interface ReplayParams {
  /** Samples kept (a sliding window over the newest games). C4 reference builds: 200k-300k. */
  capacity: number;
  /** Value target = (1 - qMix) * z + qMix * q (Willemsen et al. 2021 mix z and q). 0 = AlphaZero's z. */
  qMix: number;
  /** Value targets scaled by the plies left to the game's end (shapeByLength); 0 = AlphaZero's +-1. */
  lengthWeight: number;
  /** Value targets up to a game's last exploratory move are the root search value q (searchValueBeforeExploration). */
  searchValueBeforeExploration: boolean;
  /** Average repeated positions (AlphaZero.jl). */
  averageRepeats: boolean;
  /** Mirror each drawn sample with probability 1/2. */
  mirror: boolean;
}

export const DEFAULT_REPLAY: ReplayParams = {
  capacity: 100_000,
  qMix: 0,
  lengthWeight: 0,
  searchValueBeforeExploration: false,
  averageRepeats: true,
  mirror: true,
};

/** A batch in the trainer's layout (training/nn/trainer.ts `Batch`). */
export interface TrainingBatch {
  inputs: Float32Array;
  policy: Float32Array;
  value: Float32Array;
  policyWeights: Float32Array;
  /** Opponent-reply targets, N * 7 (zeros where there is none). */
  reply: Float32Array;
  /** 1 where a sample has a reply target, else 0. */
  replyWeights: Float32Array;
  /** Plies from each position to its game's end (averaged over repeats; 0 where there is none). */
  pliesLeft: Float32Array;
  /** 1 where a sample has a plies-left target, else 0. */
  pliesLeftWeights: Float32Array;
}

/**
 * The bytes' first word: "C4RB" for buffers from before reply targets (read
 * as having none), "C4R2" with them, "C4R3" with plies-left targets too
 * (the older ones read as having none).
 */
const MAGIC_V1 = 0x43345242;
const MAGIC_V2 = 0x43345232;
const MAGIC = 0x43345233;
/** `left` of a sample without a plies-left target. */
const NO_LEFT = 255;

export class ReplayBuffer {
  readonly params: ReplayParams;
  /** Samples stored (at most capacity). */
  size = 0;
  /** Index where the next sample goes. */
  private head = 0;
  /** Samples ever added. */
  total = 0;
  private readonly words: Int32Array; // curLo, curHi, maskLo, maskHi
  private readonly moves: Uint8Array;
  private readonly policy: Float32Array;
  private readonly z: Float32Array;
  private readonly q: Float32Array;
  private readonly full: Uint8Array;
  private readonly reply: Float32Array;
  private readonly hasReply: Uint8Array;
  /** Plies from the position to its game's end, NO_LEFT where unknown. */
  private readonly left: Uint8Array;
  /** The merged view, rebuilt lazily after additions. */
  private view: MergedView | null = null;

  constructor(params: Partial<ReplayParams> = {}) {
    this.params = { ...DEFAULT_REPLAY, ...params };
    const n = this.params.capacity;
    this.words = new Int32Array(n * 4);
    this.moves = new Uint8Array(n);
    this.policy = new Float32Array(n * WIDTH);
    this.z = new Float32Array(n);
    this.q = new Float32Array(n);
    this.full = new Uint8Array(n);
    this.reply = new Float32Array(n * WIDTH);
    this.hasReply = new Uint8Array(n);
    this.left = new Uint8Array(n).fill(NO_LEFT);
  }

  /**
   * Adds one game's samples (in move order), their value targets shaped by
   * `lengthWeight`, and before its last exploratory move the search's value
   * (with `searchValueBeforeExploration`).
   */
  addGame(samples: Sample[]): void {
    if (samples.length === 0) return;
    // The game ends after its last sample's move: every move after a random opening is searched (shapeByLength).
    const end = samples[samples.length - 1].pos.moves + 1;
    const shaped = shapeByLength(
      samples.map((s) => ({ ...s, pliesLeft: end - s.pos.moves })),
      this.params.lengthWeight,
    );
    for (const s of this.params.searchValueBeforeExploration ? searchValueBeforeExploration(shaped) : shaped) this.add(s);
  }

  add(s: Sample): void {
    const i = this.head;
    this.words[i * 4] = s.pos.curLo;
    this.words[i * 4 + 1] = s.pos.curHi;
    this.words[i * 4 + 2] = s.pos.maskLo;
    this.words[i * 4 + 3] = s.pos.maskHi;
    this.moves[i] = s.pos.moves;
    this.policy.set(s.policy, i * WIDTH);
    this.z[i] = s.z;
    this.q[i] = s.q;
    this.full[i] = s.full ? 1 : 0;
    this.hasReply[i] = s.reply ? 1 : 0;
    if (s.reply) this.reply.set(s.reply, i * WIDTH);
    else this.reply.fill(0, i * WIDTH, (i + 1) * WIDTH);
    this.left[i] = s.pliesLeft ?? NO_LEFT;
    this.head = (this.head + 1) % this.params.capacity;
    this.size = Math.min(this.size + 1, this.params.capacity);
    this.total++;
    this.view = null;
  }

  /** Position of stored sample i. */
  position(i: number): Position {
    const p = new Position();
    p.curLo = this.words[i * 4];
    p.curHi = this.words[i * 4 + 1];
    p.maskLo = this.words[i * 4 + 2];
    p.maskHi = this.words[i * 4 + 3];
    p.moves = this.moves[i];
    return p;
  }

  /** Stored sample i's value target z (after length shaping), root value q and plies left (if known), for diagnostics. */
  targets(i: number): { z: number; q: number; pliesLeft?: number } {
    return this.left[i] === NO_LEFT ? { z: this.z[i], q: this.q[i] } : { z: this.z[i], q: this.q[i], pliesLeft: this.left[i] };
  }

  /** Distinct training positions after averaging (or all samples without it). */
  get distinct(): number {
    return this.merged().count;
  }

  private merged(): MergedView {
    if (this.view) return this.view;
    const { qMix, averageRepeats } = this.params;
    const index = new Map<number, number>();
    const n = this.size;
    const v: MergedView = {
      count: 0,
      words: new Int32Array(n * 4),
      moves: new Uint8Array(n),
      policy: new Float32Array(n * WIDTH),
      value: new Float32Array(n),
      policyWeight: new Float32Array(n),
      reply: new Float32Array(n * WIDTH),
      replyWeight: new Float32Array(n),
      pliesLeft: new Float32Array(n),
      pliesLeftWeight: new Float32Array(n),
    };
    const seen = new Float32Array(n); // samples merged into each entry
    for (let i = 0; i < n; i++) {
      const lo = this.words[i * 4 + 2] + this.words[i * 4];
      const hi = this.words[i * 4 + 3] + this.words[i * 4 + 1];
      const [mlo, mhi] = mirrorBits(lo, hi);
      const key = hi * KEY_HI_WEIGHT + lo;
      const mkey = mhi * KEY_HI_WEIGHT + mlo;
      const flip = mkey < key;
      const canon = flip ? mkey : key;
      let e = averageRepeats ? index.get(canon) : undefined;
      if (e === undefined) {
        e = v.count++;
        if (averageRepeats) index.set(canon, e);
        // Stored in canonical orientation.
        if (flip) {
          const [cl, ch] = mirrorBits(this.words[i * 4], this.words[i * 4 + 1]);
          const [ml, mh] = mirrorBits(this.words[i * 4 + 2], this.words[i * 4 + 3]);
          v.words.set([cl, ch, ml, mh], e * 4);
        } else {
          v.words.set(this.words.subarray(i * 4, i * 4 + 4), e * 4);
        }
        v.moves[e] = this.moves[i];
      }
      const k = seen[e]++;
      v.value[e] += ((1 - qMix) * this.z[i] + qMix * this.q[i] - v.value[e]) / (k + 1);
      if (this.full[i]) {
        const w = v.policyWeight[e]++;
        for (let c = 0; c < WIDTH; c++) {
          const p = this.policy[i * WIDTH + (flip ? WIDTH - 1 - c : c)];
          v.policy[e * WIDTH + c] += (p - v.policy[e * WIDTH + c]) / (w + 1);
        }
      }
      if (this.hasReply[i]) {
        const w = v.replyWeight[e]++;
        for (let c = 0; c < WIDTH; c++) {
          const r = this.reply[i * WIDTH + (flip ? WIDTH - 1 - c : c)];
          v.reply[e * WIDTH + c] += (r - v.reply[e * WIDTH + c]) / (w + 1);
        }
      }
      if (this.left[i] !== NO_LEFT) {
        const w = v.pliesLeftWeight[e]++;
        v.pliesLeft[e] += (this.left[i] - v.pliesLeft[e]) / (w + 1);
      }
    }
    for (let e = 0; e < v.count; e++) {
      v.policyWeight[e] = v.policyWeight[e] > 0 ? 1 : 0;
      v.replyWeight[e] = v.replyWeight[e] > 0 ? 1 : 0;
      v.pliesLeftWeight[e] = v.pliesLeftWeight[e] > 0 ? 1 : 0;
    }
    this.view = v;
    return v;
  }

  /** Draws `n` samples uniformly (with replacement) from the merged view, mirrored at random. */
  sampleBatch(n: number, rng: Rng): TrainingBatch {
    const v = this.merged();
    if (v.count === 0) throw new Error('the replay buffer is empty');
    const out: TrainingBatch = {
      inputs: new Float32Array(n * INPUT_SIZE),
      policy: new Float32Array(n * WIDTH),
      value: new Float32Array(n),
      policyWeights: new Float32Array(n),
      reply: new Float32Array(n * WIDTH),
      replyWeights: new Float32Array(n),
      pliesLeft: new Float32Array(n),
      pliesLeftWeights: new Float32Array(n),
    };
    const p = new Position();
    for (let j = 0; j < n; j++) {
      const e = rng.int(v.count);
      const flip = this.params.mirror && rng.next() < 0.5;
      if (flip) {
        [p.curLo, p.curHi] = mirrorBits(v.words[e * 4], v.words[e * 4 + 1]);
        [p.maskLo, p.maskHi] = mirrorBits(v.words[e * 4 + 2], v.words[e * 4 + 3]);
      } else {
        p.curLo = v.words[e * 4];
        p.curHi = v.words[e * 4 + 1];
        p.maskLo = v.words[e * 4 + 2];
        p.maskHi = v.words[e * 4 + 3];
      }
      p.moves = v.moves[e];
      encodeInto(p, out.inputs, j * INPUT_SIZE);
      for (let c = 0; c < WIDTH; c++) {
        out.policy[j * WIDTH + c] = v.policy[e * WIDTH + (flip ? WIDTH - 1 - c : c)];
        out.reply[j * WIDTH + c] = v.reply[e * WIDTH + (flip ? WIDTH - 1 - c : c)];
      }
      out.value[j] = v.value[e];
      out.policyWeights[j] = v.policyWeight[e];
      out.replyWeights[j] = v.replyWeight[e];
      out.pliesLeft[j] = v.pliesLeft[e];
      out.pliesLeftWeights[j] = v.pliesLeftWeight[e];
    }
    return out;
  }

  /** The buffer as bytes: a small header and the ring arrays in order (the float arrays first, 4-byte aligned). */
  toBytes(): Uint8Array {
    const n = this.params.capacity;
    const header = new Int32Array([MAGIC, n, this.size, this.head, this.total % 2 ** 31, Math.floor(this.total / 2 ** 31)]);
    const parts: ArrayBufferView[] = [header, this.words, this.policy, this.z, this.q, this.reply, this.moves, this.full, this.hasReply, this.left];
    const len = parts.reduce((a, b) => a + b.byteLength, 0);
    const out = new Uint8Array(len);
    let o = 0;
    for (const part of parts) {
      out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), o);
      o += part.byteLength;
    }
    return out;
  }

  /**
   * Restores a buffer written by toBytes, or by the versions before it
   * ("C4RB": no reply arrays, so no sample has one; "C4R2": no plies-left
   * array, so no sample has one); `params` must have the same capacity.
   */
  static fromBytes(bytes: Uint8Array, params: Partial<ReplayParams> = {}): ReplayBuffer {
    const copy = bytes.slice(); // aligned private copy
    if (copy.byteLength < 24) throw new Error('not a replay buffer');
    const header = new Int32Array(copy.buffer, 0, 6);
    if (header[0] !== MAGIC && header[0] !== MAGIC_V2 && header[0] !== MAGIC_V1) throw new Error('not a replay buffer');
    const buf = new ReplayBuffer({ ...params, capacity: header[1] });
    const n = header[1];
    buf.size = header[2];
    buf.head = header[3];
    buf.total = header[4] + header[5] * 2 ** 31;
    let o = 24;
    const take = <T extends Int32Array | Float32Array | Uint8Array>(dst: T, make: (b: ArrayBuffer, o: number, len: number) => T) => {
      if (o + dst.byteLength > copy.byteLength) throw new Error('replay buffer bytes have the wrong length');
      dst.set(make(copy.buffer, o, dst.length));
      o += dst.byteLength;
    };
    take(buf.words, (b, off, len) => new Int32Array(b, off, len));
    take(buf.policy, (b, off, len) => new Float32Array(b, off, len));
    take(buf.z, (b, off, len) => new Float32Array(b, off, len));
    take(buf.q, (b, off, len) => new Float32Array(b, off, len));
    const replies = header[0] !== MAGIC_V1;
    if (replies) take(buf.reply, (b, off, len) => new Float32Array(b, off, len));
    take(buf.moves, (b, off, len) => new Uint8Array(b, off, len));
    take(buf.full, (b, off, len) => new Uint8Array(b, off, len));
    if (replies) take(buf.hasReply, (b, off, len) => new Uint8Array(b, off, len));
    if (header[0] === MAGIC) take(buf.left, (b, off, len) => new Uint8Array(b, off, len));
    if (o !== copy.byteLength || n !== buf.params.capacity) throw new Error('replay buffer bytes have the wrong length');
    return buf;
  }
}

interface MergedView {
  count: number;
  words: Int32Array;
  moves: Uint8Array;
  policy: Float32Array;
  value: Float32Array;
  policyWeight: Float32Array;
  reply: Float32Array;
  replyWeight: Float32Array;
  pliesLeft: Float32Array;
  pliesLeftWeight: Float32Array;
}
