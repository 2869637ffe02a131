/**
 * The solver's transposition table: per entry the low 32 bits of the
 * position's key and one word of data (score, bound type, best move, work),
 * both in one Int32Array so that a lookup allocates nothing and both ways of
 * a bucket share a cache line.
 *
 * Pons' design (blog part 7 and 11, TranspositionTable.hpp): the home slot is
 * key mod `size` with `size` a prime, and an entry stores only the low 32 bits
 * of the 49-bit key. Since 2^32 and the odd prime `size` are coprime, the pair
 * (key mod 2^32, key mod size) pins key mod (2^32 * size) by the Chinese
 * remainder theorem, and 2^32 * size > 2^49 once size > 2^17: a matching
 * partial key in the home slot therefore identifies the position exactly.
 *
 * Steininger's design (c4, src/solver/table.cpp): two ways per bucket, the
 * home slot and the one after it; a new entry replaces the one of the two
 * that cost the fewest nodes to compute, unless one already holds the key.
 * An entry in the second way carries a flag, so that its home slot (and with
 * it the Chinese-remainder argument) stays known; a position already stored
 * with an exact score is never overwritten by a bound.
 */

/** Smallest allowed table size: the Chinese-remainder argument needs more than 2^17 slots. */
export const MIN_TABLE_SIZE = (1 << 17) + 1;

/** Bound types of an entry's score. */
export const LOWER = 1;
export const UPPER = 2;
export const EXACT = 3;

// The data word: bits 0-5 score + SCORE_OFFSET (never 0, so 0 is an empty
// slot), 6-7 type, 8-10 best move (NO_MOVE for none), 11-15 work (log8 of the
// nodes searched), 16 the second-way flag (the table's own).
const SCORE_OFFSET = 32;
const TYPE_SHIFT = 6;
const MOVE_SHIFT = 8;
const WORK_SHIFT = 11;
const WORK_MAX = 31;
const SECOND_WAY = 1 << 16;
/** The best-move field of an entry without one. */
export const NO_MOVE = 7;

/** The data of an entry: `score` (-31..31) of bound `type` (LOWER/UPPER/EXACT), best `move` (0-6 or NO_MOVE). */
export function entryData(score: number, type: number, move: number): number {
  return (score + SCORE_OFFSET) | (type << TYPE_SHIFT) | (move << MOVE_SHIFT);
}
export function entryScore(data: number): number {
  return (data & 63) - SCORE_OFFSET;
}
export function entryType(data: number): number {
  return (data >> TYPE_SHIFT) & 3;
}
export function entryMove(data: number): number {
  return (data >> MOVE_SHIFT) & 7;
}

/** The smallest prime >= n. */
export function nextPrime(n: number): number {
  for (let p = Math.max(2, Math.ceil(n)); ; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) {
      if (p % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) return p;
  }
}

export class TranspositionTable {
  /** Number of home slots (a prime); the table holds one more entry, the last bucket's second way. */
  readonly size: number;
  /** Per entry: the low 32 bits of the key, then the data word (0 = empty). */
  private readonly words: Int32Array;
  /**
   * One bit per home slot, set once an entry with that home is stored: a
   * lookup of a key whose bit is clear returns at once. The bits (1 MB for
   * 2^23 slots) stay in cache where the table (64 MB) cannot, so a lookup in
   * a table that is still mostly empty costs no memory access.
   */
  private readonly present: Int32Array;
  /** 1 / size, so that the slot needs a multiplication instead of a division. */
  private readonly inverse: number;

  /** A table of at least `minSize` slots (rounded up to a prime above 2^17), 8 bytes each. */
  constructor(minSize: number) {
    this.size = nextPrime(Math.max(minSize, MIN_TABLE_SIZE));
    this.words = new Int32Array(2 * (this.size + 1));
    this.present = new Int32Array((this.size >>> 5) + 1);
    this.inverse = 1 / this.size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.words.byteLength + this.present.byteLength;
  }

  /** Empties every slot. */
  reset(): void {
    this.words.fill(0);
    this.present.fill(0);
  }

  /**
   * The home slot of a key given as its two words (keyLo < 2^28, keyHi < 2^21).
   * key mod size without a double `%` (a slow fmod call in V8): the quotient
   * from a multiplication by 1 / size is exact to within one, and the
   * remainder is corrected after.
   */
  slot(keyLo: number, keyHi: number): number {
    const key = keyHi * 268435456 + keyLo;
    let r = key - Math.floor(key * this.inverse) * this.size;
    if (r < 0) r += this.size;
    else if (r >= this.size) r -= this.size;
    return r;
  }

  /** The data stored for the key (see entryScore/entryType/entryMove), or 0 when absent. */
  get(keyLo: number, keyHi: number): number {
    const i = this.slot(keyLo, keyHi);
    if ((this.present[i >>> 5] & (1 << (i & 31))) === 0) return 0;
    const w = this.words;
    const j = 2 * i;
    const k = keyLo | (keyHi << 28);
    let d = w[j + 1];
    if (w[j] === k && d !== 0 && (d & SECOND_WAY) === 0) return d;
    d = w[j + 3];
    if (w[j + 2] === k && (d & SECOND_WAY) !== 0) return d ^ SECOND_WAY;
    return 0;
  }

  /** Stores `data` (from entryData) for the key, found by searching `nodes` positions. */
  put(keyLo: number, keyHi: number, data: number, nodes: number): void {
    const i = this.slot(keyLo, keyHi);
    this.present[i >>> 5] |= 1 << (i & 31);
    const w = this.words;
    const j = 2 * i;
    const k = keyLo | (keyHi << 28);
    let work = 0;
    while (nodes > 1 && work < WORK_MAX) {
      work++;
      nodes = Math.floor(nodes / 8);
    }
    const d = data | (work << WORK_SHIFT);
    const d0 = w[j + 1];
    const d1 = w[j + 3];
    let second: boolean;
    if (w[j] === k && d0 !== 0 && (d0 & SECOND_WAY) === 0) {
      if (entryType(d0) === EXACT) return;
      second = false;
    } else if (w[j + 2] === k && (d1 & SECOND_WAY) !== 0) {
      if (entryType(d1) === EXACT) return;
      second = true;
    } else {
      // An empty way first, then the one that was cheaper to compute.
      second = d0 !== 0 && (d1 === 0 || ((d1 >> WORK_SHIFT) & WORK_MAX) < ((d0 >> WORK_SHIFT) & WORK_MAX));
    }
    if (second) {
      w[j + 2] = k;
      w[j + 3] = d | SECOND_WAY;
    } else {
      w[j] = k;
      w[j + 1] = d;
    }
  }
}
