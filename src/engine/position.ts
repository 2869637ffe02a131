/**
 * The Connect Four position: the one game interface that the solver, MCTS,
 * training and the UI all share. Pons' representation: the stones of the side
 * to move (`cur`) and the occupied cells (`mask`), each split in a lo and a hi
 * word (see bitboard.ts for the bit layout). The opponent's stones are
 * `cur ^ mask`. Pure: no I/O, no DOM, no clock.
 */
import {
  BOTTOM_MASK_COL,
  COLUMN_MASK,
  HEIGHT,
  LO_COLUMNS,
  LO_SIZE,
  MAX_MOVES,
  TOP_MASK_COL,
  WIDTH,
  columnShift,
  hasFour,
  mirrorBits,
  popcount,
  KEY_HI_WEIGHT,
} from './bitboard.js';

/** Game state after the last move. */
export type Outcome = 'ongoing' | 'win' | 'draw';


export class Position {
  /** Stones of the side to move, columns 0-3. */
  curLo = 0;
  /** Stones of the side to move, columns 4-6. */
  curHi = 0;
  /** Occupied cells, columns 0-3. */
  maskLo = 0;
  /** Occupied cells, columns 4-6. */
  maskHi = 0;
  /** Number of stones played. */
  moves = 0;
  /** True when the last move made four in a row (the side to move has lost). */
  won = false;

  /** A copy that can be played on independently. */
  clone(): Position {
    const p = new Position();
    p.curLo = this.curLo;
    p.curHi = this.curHi;
    p.maskLo = this.maskLo;
    p.maskHi = this.maskHi;
    p.moves = this.moves;
    p.won = this.won;
    return p;
  }

  /** 1 when the first player is to move, 2 for the second. */
  get sideToMove(): 1 | 2 {
    return (this.moves & 1) === 0 ? 1 : 2;
  }

  /** True when the game has ended by a four or a full board. */
  get isOver(): boolean {
    return this.won || this.moves === MAX_MOVES;
  }

  outcome(): Outcome {
    if (this.won) return 'win';
    return this.moves === MAX_MOVES ? 'draw' : 'ongoing';
  }

  /**
   * True when `col` is a column (an integer 0-6) with room. False for
   * anything else (7, -1, 1.5, NaN): a move read from a file is checked
   * here, and `TOP_MASK_COL[col]` of a non-column would be undefined (room
   * everywhere). Does not look at whether the game is over.
   */
  canPlay(col: number): boolean {
    return (col | 0) === col && col >= 0 && col < WIDTH && ((col < LO_COLUMNS ? this.maskLo : this.maskHi) & TOP_MASK_COL[col]) === 0;
  }

  /** Bit c set for each column c that can take a stone; 0 once the game is over. */
  legalMoves(): number {
    if (this.won) return 0;
    let legal = 0;
    for (let c = 0; c < WIDTH; c++) {
      if (((c < LO_COLUMNS ? this.maskLo : this.maskHi) & TOP_MASK_COL[c]) === 0) legal |= 1 << c;
    }
    return legal;
  }

  /** Number of stones in column `col`. */
  height(col: number): number {
    const word = col < LO_COLUMNS ? this.maskLo : this.maskHi;
    return popcount(word & COLUMN_MASK[col]);
  }

  /**
   * Drops a stone of the side to move in column `col` (0-6).
   * Precondition: the game is not over and canPlay(col).
   */
  play(col: number): void {
    const lo = col < LO_COLUMNS;
    this.curLo ^= this.maskLo;
    this.curHi ^= this.maskHi;
    if (lo) this.maskLo |= this.maskLo + BOTTOM_MASK_COL[col];
    else this.maskHi |= this.maskHi + BOTTOM_MASK_COL[col];
    this.moves++;
    this.won = hasFour(this.curLo ^ this.maskLo, this.curHi ^ this.maskHi);
  }

  /** Plays `col` and returns this position; throws on an illegal move. */
  playChecked(col: number): this {
    if (!Number.isInteger(col) || col < 0 || col >= WIDTH) throw new RangeError(`column ${col} is not 0-6`);
    if (this.won) throw new Error(`column ${col + 1}: the game is already won`);
    if (!this.canPlay(col)) throw new Error(`column ${col + 1} is full`);
    this.play(col);
    return this;
  }

  /**
   * True when the side to move wins at once by playing `col`.
   * Precondition: canPlay(col) and the game is not over.
   */
  isWinningMove(col: number): boolean {
    return this.foursWithStoneIn(col, this.curLo, this.curHi);
  }

  /**
   * Bit c set for each column c where the opponent of the side to move would
   * make four by dropping a stone there now (as if it were their turn): the
   * threats the side to move must answer. 0 once the game is over.
   */
  opponentThreats(): number {
    if (this.won) return 0;
    const oppLo = this.curLo ^ this.maskLo;
    const oppHi = this.curHi ^ this.maskHi;
    let threats = 0;
    for (let c = 0; c < WIDTH; c++) {
      if (this.canPlay(c) && this.foursWithStoneIn(c, oppLo, oppHi)) threats |= 1 << c;
    }
    return threats;
  }

  /** True when the stones `lo`/`hi` plus a stone dropped in column `col` (which has room) hold a four. */
  private foursWithStoneIn(col: number, lo: number, hi: number): boolean {
    if (col < LO_COLUMNS) return hasFour(lo | ((this.maskLo + BOTTOM_MASK_COL[col]) & COLUMN_MASK[col]), hi);
    return hasFour(lo, hi | ((this.maskHi + BOTTOM_MASK_COL[col]) & COLUMN_MASK[col]));
  }

  /**
   * A unique key of the position: cur + mask, 49 bits, exact as a double and
   * so usable as a Map key without BigInt. Each column's part stays inside
   * its 7 bits (the sum never carries), so the words can be added apart.
   */
  key(): number {
    return (this.curHi + this.maskHi) * KEY_HI_WEIGHT + (this.curLo + this.maskLo);
  }

  /** Low 28 bits of key(), for typed-array hash tables. */
  keyLo(): number {
    return this.curLo + this.maskLo;
  }

  /** High 21 bits of key(). */
  keyHi(): number {
    return this.curHi + this.maskHi;
  }

  /** The key of the mirror image (column c <-> 6 - c). */
  mirrorKey(): number {
    const [lo, hi] = mirrorBits(this.curLo + this.maskLo, this.curHi + this.maskHi);
    return hi * KEY_HI_WEIGHT + lo;
  }

  /** The smaller of key() and mirrorKey(): one key for a position and its mirror image. */
  canonicalKey(): number {
    return Math.min(this.key(), this.mirrorKey());
  }

  /** The mirror image of this position. */
  mirror(): Position {
    const p = new Position();
    [p.curLo, p.curHi] = mirrorBits(this.curLo, this.curHi);
    [p.maskLo, p.maskHi] = mirrorBits(this.maskLo, this.maskHi);
    p.moves = this.moves;
    p.won = this.won;
    return p;
  }

  /**
   * Owner of cell (col, row), row 0 = bottom: 0 = empty, 1 = first player,
   * 2 = second player.
   */
  cell(col: number, row: number): 0 | 1 | 2 {
    const bit = 1 << (columnShift(col) + row);
    const lo = col < LO_COLUMNS;
    if (((lo ? this.maskLo : this.maskHi) & bit) === 0) return 0;
    const mine = ((lo ? this.curLo : this.curHi) & bit) !== 0;
    return mine === (this.sideToMove === 1) ? 1 : 2;
  }

  /** The board drawn in ASCII, top row first: X = first player, O = second. */
  toString(): string {
    const rows: string[] = [];
    for (let r = HEIGHT - 1; r >= 0; r--) {
      let line = '';
      for (let c = 0; c < WIDTH; c++) line += '.XO'[this.cell(c, r)];
      rows.push(line);
    }
    rows.push('1234567');
    return rows.join('\n');
  }
}
