/**
 * The solver's transposition table: one byte of score bound per slot, kept in
 * typed arrays so that a lookup allocates nothing.
 *
 * Pons' design (blog part 7 and 11, TranspositionTable.hpp): the slot is
 * key mod `size` with `size` a prime, and the slot stores only the low 32 bits
 * of the 49-bit key. Since 2^32 and the odd prime `size` are coprime, the pair
 * (key mod 2^32, key mod size) pins key mod (2^32 * size) by the Chinese
 * remainder theorem, and 2^32 * size > 2^49 once size > 2^17: a matching
 * partial key therefore identifies the position exactly.
 * A new entry simply overwrites the slot (always-replace, as in Pons' table).
 */

/** Smallest allowed table size: the Chinese-remainder argument needs more than 2^17 slots. */
export const MIN_TABLE_SIZE = (1 << 17) + 1;

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
  /** Number of slots (a prime). */
  readonly size: number;
  /** Low 32 bits of the key stored in each slot (as int32). */
  private readonly keys: Int32Array;
  /** Stored value per slot; 0 = empty. Encoding is the solver's business. */
  private readonly values: Uint8Array;
  /** 1 / size, so that the slot needs a multiplication instead of a division. */
  private readonly inverse: number;

  /** A table of at least `minSize` slots (rounded up to a prime above 2^17). */
  constructor(minSize: number) {
    this.size = nextPrime(Math.max(minSize, MIN_TABLE_SIZE));
    this.keys = new Int32Array(this.size);
    this.values = new Uint8Array(this.size);
    this.inverse = 1 / this.size;
  }

  /** Empties every slot. */
  reset(): void {
    this.keys.fill(0);
    this.values.fill(0);
  }

  /**
   * The slot of a key given as its two words (keyLo < 2^28, keyHi < 2^21).
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

  /** Stores `value` (1-255) for the key. */
  put(keyLo: number, keyHi: number, value: number): void {
    const i = this.slot(keyLo, keyHi);
    this.keys[i] = keyLo | (keyHi << 28);
    this.values[i] = value;
  }

  /** The value stored for the key, or 0 when absent. */
  get(keyLo: number, keyHi: number): number {
    const i = this.slot(keyLo, keyHi);
    return this.keys[i] === (keyLo | (keyHi << 28)) ? this.values[i] : 0;
  }
}
