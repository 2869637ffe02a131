/**
 * Bit layout and bit operations of the Connect Four bitboard.
 *
 * The board is Pascal Pons' 7 x (6 + 1) layout: each column owns 7 bits, the
 * six playable cells from the bottom up and one always-empty sentinel bit on
 * top, so that shifting a pattern never carries a stone from one column into
 * the next. Bit index = 7 * column + row (column 0 = left, row 0 = bottom).
 *
 *      col:  0  1  2  3    4  5  6
 *          .  .  .  .    .  .  .     <- sentinel row (always 0)
 *    row 5   5 12 19 26 |  5 12 19
 *    row 4   4 11 18 25 |  4 11 18
 *    row 3   3 10 17 24 |  3 10 17
 *    row 2   2  9 16 23 |  2  9 16
 *    row 1   1  8 15 22 |  1  8 15
 *    row 0   0  7 14 21 |  0  7 14
 *           \__ lo word __/ \ hi word /
 *
 * JavaScript has no fast 64-bit integers (BigInt allocates), so the 49 bits
 * are split in two 32-bit words: columns 0-3 in `lo` (bits 0-27) and columns
 * 4-6 in `hi` (bits 0-20). A shift by s bits across the board becomes two
 * word shifts plus the bits that cross the boundary:
 *   (x >> s).lo = (lo >>> s) | ((hi << (28 - s)) & LO_BITS)
 *   (x >> s).hi = hi >>> s
 * Worked example: after "4453" the bottom row holds stones at columns 3, 4, 2
 * (bits lo:21, hi:0, lo:14) and column 3 has a second stone (lo:22).
 */

export const WIDTH = 7;
export const HEIGHT = 6;
/** Bits per column: HEIGHT playable cells plus the sentinel. */
export const COLUMN_BITS = HEIGHT + 1;
/** Number of columns stored in the `lo` word; the rest live in `hi`. */
export const LO_COLUMNS = 4;
/** Number of bits used by the `lo` word (28). */
export const LO_SIZE = LO_COLUMNS * COLUMN_BITS;
/** All bits of the `lo` word that may hold a cell or sentinel. */
export const LO_BITS = (1 << LO_SIZE) - 1;
/** Most moves a game can have. */
export const MAX_MOVES = WIDTH * HEIGHT;

/** Columns from the centre out (4, 3, 5, 2, 6, 1, 7 in Pons' numbering): the move order of searches and the tie-break of choices. */
export const CENTRE_FIRST: readonly number[] = [3, 2, 4, 1, 5, 0, 6];

/** 2^28: the weight of the `hi` word in a position's 49-bit key (key = lo + hi * KEY_HI_WEIGHT). */
export const KEY_HI_WEIGHT = 2 ** LO_SIZE;

/** Shift of a column's bottom bit inside its word. */
export function columnShift(col: number): number {
  return (col < LO_COLUMNS ? col : col - LO_COLUMNS) * COLUMN_BITS;
}

/** The six playable cells of one column, inside that column's word. */
export const COLUMN_MASK: readonly number[] = Array.from(
  { length: WIDTH },
  (_, c) => ((1 << HEIGHT) - 1) << columnShift(c),
);
/** The bottom cell of one column, inside that column's word. */
export const BOTTOM_MASK_COL: readonly number[] = Array.from({ length: WIDTH }, (_, c) => 1 << columnShift(c));
/** The top playable cell of one column, inside that column's word. */
export const TOP_MASK_COL: readonly number[] = Array.from(
  { length: WIDTH },
  (_, c) => 1 << (HEIGHT - 1 + columnShift(c)),
);

/** Bottom cells of the four `lo` columns and of the three `hi` columns. */
export const BOTTOM_LO = BOTTOM_MASK_COL[0] | BOTTOM_MASK_COL[1] | BOTTOM_MASK_COL[2] | BOTTOM_MASK_COL[3];
export const BOTTOM_HI = BOTTOM_MASK_COL[4] | BOTTOM_MASK_COL[5] | BOTTOM_MASK_COL[6];
/** All playable cells of each word (the board without its sentinel row). */
export const BOARD_LO = BOTTOM_LO * ((1 << HEIGHT) - 1);
export const BOARD_HI = BOTTOM_HI * ((1 << HEIGHT) - 1);

/** The bit of cell (col, row) inside its column's word (lo for columns 0-3, hi for 4-6). */
export function cellBit(col: number, row: number): number {
  return 1 << (columnShift(col) + row);
}

/**
 * True when the stones (lo, hi) contain four in a row in any direction.
 * Precondition: no sentinel bit is set.
 */
export function hasFour(lo: number, hi: number): boolean {
  // Vertical (shift 1): never crosses a word.
  let mlo = lo & (lo >>> 1);
  let mhi = hi & (hi >>> 1);
  if ((mlo & (mlo >>> 2)) | (mhi & (mhi >>> 2))) return true;
  // Horizontal (7), diagonal "/" (8) and diagonal "\" (6).
  mlo = lo & ((lo >>> 7) | ((hi << 21) & LO_BITS));
  mhi = hi & (hi >>> 7);
  if ((mlo & ((mlo >>> 14) | ((mhi << 14) & LO_BITS))) | (mhi & (mhi >>> 14))) return true;
  mlo = lo & ((lo >>> 8) | ((hi << 20) & LO_BITS));
  mhi = hi & (hi >>> 8);
  if ((mlo & ((mlo >>> 16) | ((mhi << 12) & LO_BITS))) | (mhi & (mhi >>> 16))) return true;
  mlo = lo & ((lo >>> 6) | ((hi << 22) & LO_BITS));
  mhi = hi & (hi >>> 6);
  return ((mlo & ((mlo >>> 12) | ((mhi << 16) & LO_BITS))) | (mhi & (mhi >>> 12))) !== 0;
}

/** Number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Mirror image (column c <-> 6 - c) of a bitboard, returned as [lo, hi]. */
export function mirrorBits(lo: number, hi: number): [number, number] {
  let mlo = 0;
  let mhi = 0;
  for (let c = 0; c < WIDTH; c++) {
    const bits = ((c < LO_COLUMNS ? lo : hi) >>> columnShift(c)) & ((1 << COLUMN_BITS) - 1);
    const m = WIDTH - 1 - c;
    if (m < LO_COLUMNS) mlo |= bits << columnShift(m);
    else mhi |= bits << columnShift(m);
  }
  return [mlo, mhi];
}
