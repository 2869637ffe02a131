/**
 * An evaluation cache in front of any Evaluator. Connect Four is full of
 * transpositions and self-play games share openings, so many leaves repeat.
 * Keys are canonical (a position and its mirror image share one entry; the
 * policy is stored in the canonical orientation and mirrored on the way in
 * and out). The table is direct-mapped in typed arrays: bounded memory, O(1),
 * a newer entry replaces an older one on a slot clash. Repeats inside one
 * batch are sent to the inner evaluator once.
 */
import type { Position } from '../engine/index.js';
import { KEY_HI_WEIGHT, WIDTH } from '../engine/index.js';
import type { Evaluation, Evaluator, MovesLeftUtility } from '../mcts/evaluator.js';


export interface CacheOptions {
  /** Slots, rounded up to a power of two (default 2^18 = 262,144; about 10 MB). */
  slots?: number;
  /** The value scale of the network behind it (Evaluator.lengthWeight; default: the inner evaluator's). */
  lengthWeight?: number;
  /** The moves-left utility of the network behind it (Evaluator.movesLeftUtility; default: the inner evaluator's). */
  movesLeftUtility?: MovesLeftUtility;
}

export class CachedEvaluator implements Evaluator {
  private readonly mask: number;
  private readonly keyLo: Int32Array;
  /** keyHi + 1; 0 marks an empty slot. */
  private readonly keyHi: Int32Array;
  private readonly policy: Float32Array;
  private readonly value: Float32Array;
  /** Evaluation.movesLeft of each slot; NaN where the inner evaluator gave none. */
  private readonly movesLeft: Float32Array;
  hits = 0;
  misses = 0;
  readonly lengthWeight: number;
  readonly movesLeftUtility?: MovesLeftUtility;

  constructor(
    readonly inner: Evaluator,
    opts: CacheOptions = {},
  ) {
    this.lengthWeight = opts.lengthWeight ?? inner.lengthWeight ?? 0;
    const utility = opts.movesLeftUtility ?? inner.movesLeftUtility;
    if (utility) this.movesLeftUtility = utility;
    let slots = 1;
    while (slots < (opts.slots ?? 1 << 18)) slots *= 2;
    this.mask = slots - 1;
    this.keyLo = new Int32Array(slots);
    this.keyHi = new Int32Array(slots);
    this.policy = new Float32Array(slots * WIDTH);
    this.value = new Float32Array(slots);
    this.movesLeft = new Float32Array(slots);
  }

  private slotOf(lo: number, hi: number): number {
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    const out: Evaluation[] = new Array(positions.length);
    const missIndex = new Map<number, number>(); // canonical key -> index in `missed`
    const missed: Position[] = [];
    const missedBy: number[] = []; // for each miss in `positions`, its index in `missed`, else -1
    const flipped: boolean[] = [];
    const slots: number[] = [];
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i];
      const key = pos.key();
      const mkey = pos.mirrorKey();
      const flip = mkey < key;
      const canon = flip ? mkey : key;
      const hi = Math.floor(canon / KEY_HI_WEIGHT);
      const lo = canon - hi * KEY_HI_WEIGHT;
      const slot = this.slotOf(lo, hi);
      flipped.push(flip);
      slots.push(slot);
      if (this.keyHi[slot] === hi + 1 && this.keyLo[slot] === lo) {
        this.hits++;
        out[i] = this.entry(slot, flip);
        missedBy.push(-1);
        continue;
      }
      this.misses++;
      let m = missIndex.get(canon);
      if (m === undefined) {
        m = missed.length;
        missIndex.set(canon, m);
        missed.push(pos);
      }
      missedBy.push(m);
    }
    if (missed.length === 0) return out;
    const evals = await this.inner.evaluate(missed);
    const stored = new Uint8Array(missed.length);
    for (let i = 0; i < positions.length; i++) {
      const m = missedBy[i];
      if (m < 0) continue;
      const source = missed[m];
      const ev = evals[m];
      // The inner evaluation is in `source`'s orientation; `positions[i]` may be its mirror image.
      const sameSide = flipped[i] === (source.mirrorKey() < source.key());
      const policy = new Float32Array(WIDTH);
      for (let c = 0; c < WIDTH; c++) policy[c] = ev.policy[sameSide ? c : WIDTH - 1 - c];
      out[i] = ev.movesLeft === undefined ? { policy, value: ev.value } : { policy, value: ev.value, movesLeft: ev.movesLeft };
      if (!stored[m]) {
        stored[m] = 1;
        this.store(slots[i], source, ev);
      }
    }
    return out;
  }

  /** The entry in `slot`, mirrored when `flip` (the position is the mirror image of the stored one). */
  private entry(slot: number, flip: boolean): Evaluation {
    const policy = new Float32Array(WIDTH);
    for (let c = 0; c < WIDTH; c++) policy[c] = this.policy[slot * WIDTH + (flip ? WIDTH - 1 - c : c)];
    const movesLeft = this.movesLeft[slot];
    return Number.isNaN(movesLeft) ? { policy, value: this.value[slot] } : { policy, value: this.value[slot], movesLeft };
  }

  /** Stores `ev`, the evaluation of `source`, in `slot` under its canonical key (the policy in the canonical orientation). */
  private store(slot: number, source: Position, ev: Evaluation): void {
    const key = source.key();
    const mkey = source.mirrorKey();
    const canon = Math.min(key, mkey);
    const hi = Math.floor(canon / KEY_HI_WEIGHT);
    this.keyHi[slot] = hi + 1;
    this.keyLo[slot] = canon - hi * KEY_HI_WEIGHT;
    const flip = mkey < key;
    for (let c = 0; c < WIDTH; c++) this.policy[slot * WIDTH + c] = ev.policy[flip ? WIDTH - 1 - c : c];
    this.value[slot] = ev.value;
    this.movesLeft[slot] = ev.movesLeft ?? NaN;
  }

  /** Forgets every entry (call when the network changes). */
  clear(): void {
    this.keyHi.fill(0);
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
