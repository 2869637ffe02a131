/**
 * Threat maps on the two-word bitboard, for the solver's hot path.
 *
 * Pons' `compute_winning_position` (Position.hpp, blog part 10, "anticipate
 * losing moves") returns every cell that would complete four in a row for a
 * given set of stones. On our split board (see src/engine/bitboard.ts: bits
 * 0-27 of the 49-bit board in `lo`, bits 28-48 in `hi`) a 49-bit shift is two
 * word shifts plus the bits that cross the boundary:
 *   (P << s).lo = (lo << s) & LO_BITS     (P << s).hi = (hi << s) | (lo >>> (28 - s))
 *   (P >> s).lo = (lo >>> s) | ((hi << (28 - s)) & LO_BITS)     (P >> s).hi = hi >>> s
 * The two halves are computed by two functions that return plain int32s, so
 * nothing is allocated per node. Their results still hold cells that are not
 * free (and garbage above bit 20 of `hi`); callers mask with the free cells.
 *
 * Vertical fours need no crossing: a vertical run that would cross from `lo`
 * into `hi` has to pass the always-empty sentinel bit 27.
 */
import * as bb from '../engine/bitboard.js';

/** Local copy: an imported binding may compile to a getter call (see negamax.ts). */
const LO_BITS = bb.LO_BITS;

/** Low word of the cells that complete a four for stones (lo, hi); not masked to free cells. */
export function winLo(lo: number, hi: number): number {
  // vertical: three stones below the cell
  let r = (lo << 1) & (lo << 2) & (lo << 3);
  // horizontal (7), diagonal "/" (8), diagonal "\" (6)
  r |= dirLo(lo, hi, 7);
  r |= dirLo(lo, hi, 8);
  r |= dirLo(lo, hi, 6);
  return r & LO_BITS;
}

/** High word of the cells that complete a four for stones (lo, hi); not masked to free cells. */
export function winHi(lo: number, hi: number): number {
  let r = (hi << 1) & (hi << 2) & (hi << 3);
  r |= dirHi(lo, hi, 7);
  r |= dirHi(lo, hi, 8);
  r |= dirHi(lo, hi, 6);
  return r;
}

/** Low word of the threats along one direction with bit step d (6, 7 or 8). */
function dirLo(lo: number, hi: number, d: number): number {
  const l1 = (lo << d) & LO_BITS;
  const l2 = (lo << (2 * d)) & LO_BITS;
  const l3 = (lo << (3 * d)) & LO_BITS;
  const r1 = (lo >>> d) | ((hi << (28 - d)) & LO_BITS);
  const r2 = (lo >>> (2 * d)) | ((hi << (28 - 2 * d)) & LO_BITS);
  const r3 = (lo >>> (3 * d)) | ((hi << (28 - 3 * d)) & LO_BITS);
  const p = l1 & l2;
  const q = r1 & r2;
  return (p & (l3 | r1)) | (q & (l1 | r3));
}

/** High word of the threats along one direction with bit step d (6, 7 or 8). */
function dirHi(lo: number, hi: number, d: number): number {
  const l1 = (hi << d) | (lo >>> (28 - d));
  const l2 = (hi << (2 * d)) | (lo >>> (28 - 2 * d));
  const l3 = (hi << (3 * d)) | (lo >>> (28 - 3 * d));
  const r1 = hi >>> d;
  const r2 = hi >>> (2 * d);
  const r3 = hi >>> (3 * d);
  const p = l1 & l2;
  const q = r1 & r2;
  return (p & (l3 | r1)) | (q & (l1 | r3));
}

/** The number of set bits of two 32-bit words together: one SWAR pass for both, their nibble counts added before the bytes are summed. */
export function popcount2(a: number, b: number): number {
  a -= (a >>> 1) & 0x55555555;
  b -= (b >>> 1) & 0x55555555;
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  b = (b & 0x33333333) + ((b >>> 2) & 0x33333333);
  a += b; // each nibble at most 8
  a = (a & 0x0f0f0f0f) + ((a >>> 4) & 0x0f0f0f0f); // each byte at most 16
  return Math.imul(a, 0x01010101) >>> 24;
}
