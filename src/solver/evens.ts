/**
 * Claimeven as a bound on the score (Allis 1988), refined as in Christophe
 * Steininger's c4 solver (src/solver/position.cpp,
 * upper_bound_from_evens_strategy).
 *
 * With an even number of stones on the board the opponent can answer every
 * move in the same column (or, in a column of odd height, in another such
 * one) and so take every even cell (rows 2, 4, 6 from the bottom) that is
 * not playable now, leaving us the rest. Then:
 * - if our cells hold a vertical four, or a four in another direction below
 *   the opponent's lowest four in that direction, we may win first: no bound;
 * - otherwise, if the opponent's cells hold no four, we cannot win: at most 0;
 * - otherwise we lose, and the row of the opponent's four says how late:
 *   a horizontal four on row 2 is complete by the 37th stone at the latest
 *   (score -3), on row 4 by the 39th (-2), on row 6 by the 41st (-1); for
 *   diagonals the highest empty cell of a four decides.
 *
 * The 64-bit subtraction Steininger uses to find "below" wraps around; here
 * the 49-bit board is a double (exact below 2^53) and the result is reduced
 * modulo 2^49, which keeps every bit he keeps on the board.
 */
import * as bb from '../engine/bitboard.js';

const LO_BITS = bb.LO_BITS;
const BOARD_LO = bb.BOARD_LO;
const BOARD_HI = bb.BOARD_HI;
const BOTTOM_LO = bb.BOTTOM_LO;
const BOTTOM_HI = bb.BOTTOM_HI;
/** Even rows (2, 4, 6 counted from 1) of each word. */
const EVEN_LO = BOTTOM_LO * 0b101010;
const EVEN_HI = BOTTOM_HI * 0b101010;
/** Row 2, 4 and 6 of each word. */
const ROW2_LO = BOTTOM_LO << 1;
const ROW2_HI = BOTTOM_HI << 1;
const ROW4_LO = BOTTOM_LO << 3;
const ROW4_HI = BOTTOM_HI << 3;
const ROW6_LO = BOTTOM_LO << 5;
const ROW6_HI = BOTTOM_HI << 5;
const LO_WEIGHT = 2 ** 28;
const BOARD_WEIGHT = 2 ** 49;
/** Steininger's BELOW_COLUMNS: every column's sentinel bit plus bit 0, as a number. */
const BELOW_COLUMNS = (BOTTOM_HI << 6) * LO_WEIGHT + ((BOTTOM_LO << 6) | 1);

/** No bound from the evens strategy: above every score. */
export const NO_BOUND = 64;

// Fours along one direction: the top cell of each (words set by fours()).
let fLo = 0;
let fHi = 0;

/** The highest cell of each four of stones (lo, hi) with bit step s; sets fLo, fHi. */
function fours(lo: number, hi: number, s: number): void {
  const s2 = 2 * s;
  const pLo = lo & ((lo << s2) & LO_BITS);
  const pHi = hi & ((hi << s2) | (lo >>> (28 - s2)));
  fLo = pLo & ((pLo << s) & LO_BITS);
  fHi = pHi & ((pHi << s) | (pLo >>> (28 - s)));
}

/** Whether our fours (xLo, xHi) hold a cell below the opponent's (yLo, yHi) as Steininger computes it: x & (y - BELOW_COLUMNS) mod 2^49. */
function below(xLo: number, xHi: number, yLo: number, yHi: number): boolean {
  if ((xLo | xHi) === 0) return false;
  let r = (yHi * LO_WEIGHT + yLo) - BELOW_COLUMNS;
  if (r < 0) r += BOARD_WEIGHT;
  const rHi = Math.floor(r / LO_WEIGHT);
  const rLo = r - rHi * LO_WEIGHT;
  return ((xLo & rLo) | (xHi & rHi)) !== 0;
}

/**
 * The evens strategy's upper bound on the score of the side to move (stones
 * `a`), with the opponent's stones `b` and an even number of stones on the
 * board: 0, -1, -2 or -3, or NO_BOUND.
 */
export function evensBound(aLo: number, aHi: number, bLo: number, bHi: number): number {
  const mLo = aLo | bLo;
  const mHi = aHi | bHi;
  const oLo = bLo | (EVEN_LO & ~aLo & ~(mLo + BOTTOM_LO));
  const oHi = bHi | (EVEN_HI & ~aHi & ~(mHi + BOTTOM_HI));
  const pLo = BOARD_LO & ~oLo;
  const pHi = BOARD_HI & ~oHi;
  // A vertical four of ours (never crosses the words).
  let vLo = pLo & (pLo >>> 1);
  let vHi = pHi & (pHi >>> 1);
  if (((vLo & (vLo >>> 2)) | (vHi & (vHi >>> 2))) !== 0) return NO_BOUND;
  fours(oLo, oHi, 7);
  const ohLo = fLo;
  const ohHi = fHi;
  fours(oLo, oHi, 6);
  const onLo = fLo;
  const onHi = fHi;
  fours(oLo, oHi, 8);
  const opLo = fLo;
  const opHi = fHi;
  fours(pLo, pHi, 7);
  if (below(fLo, fHi, ohLo, ohHi)) return NO_BOUND;
  fours(pLo, pHi, 6);
  if (below(fLo, fHi, onLo, onHi)) return NO_BOUND;
  fours(pLo, pHi, 8);
  if (below(fLo, fHi, opLo, opHi)) return NO_BOUND;
  if ((ohLo | ohHi | onLo | onHi | opLo | opHi) === 0) return 0;
  if ((ohLo | ohHi) !== 0) {
    if (((ohLo & ROW2_LO) | (ohHi & ROW2_HI)) !== 0) return -3;
    if (((ohLo & ROW4_LO) | (ohHi & ROW4_HI)) !== 0) return -2;
    return -1;
  }
  // Every cell of the opponent's diagonal fours: the fours' top cells and
  // the three below them along each diagonal.
  let wLo = 0;
  let wHi = 0;
  for (let k = 0; k < 2; k++) {
    const s = k === 0 ? 8 : 6;
    const qLo = k === 0 ? opLo : onLo;
    const qHi = k === 0 ? opHi : onHi;
    // quads | quads >> s, then that | that >> 2s
    const hLo = qLo | (qLo >>> s) | ((qHi << (28 - s)) & LO_BITS);
    const hHi = qHi | (qHi >>> s);
    wLo |= hLo | (hLo >>> (2 * s)) | ((hHi << (28 - 2 * s)) & LO_BITS);
    wHi |= hHi | (hHi >>> (2 * s));
  }
  vLo = wLo & BOARD_LO & ~mLo;
  vHi = wHi & BOARD_HI & ~mHi;
  if (((vLo & ROW6_LO) | (vHi & ROW6_HI)) !== 0) return -1;
  if (((vLo & ROW4_LO) | (vHi & ROW4_HI)) !== 0) return -2;
  if (((vLo & ROW2_LO) | (vHi & ROW2_HI)) !== 0) return -3;
  return -1;
}
