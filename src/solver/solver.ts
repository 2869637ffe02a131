/**
 * The perfect Connect Four solver: Pascal Pons' design ("Solving Connect 4:
 * how to build a perfect AI", blog parts 1-12, and his Solver.cpp) written
 * for our two-word bitboard.
 *
 * - Negamax with alpha-beta (parts 3-4), exploring the centre columns first.
 * - The exact score found by null-window searches that bisect the score
 *   range, leaning towards 0 where most scores are (part 8, "iterative
 *   deepening & null window").
 * - A transposition table of score bounds (part 6 and 11; upper bounds when
 *   all moves fail low, lower bounds on a beta cut-off, as in Pons' final
 *   Solver.cpp).
 * - Only non-losing moves are searched, a position with two opponent threats
 *   to block is a loss at once, and moves are ordered by how many winning
 *   spots they create, centre first on ties (parts 9-10, MoveSorter).
 * - An opening book of exact scores (part 12), consulted at shallow plies.
 *
 * The hot path takes the position as four int32 words, allocates nothing and
 * keeps each depth's move list in a preallocated typed array.
 */
import * as bb from '../engine/bitboard.js';
import type { Position } from '../engine/position.js';
import { OpeningBook } from './book.js';
import * as bits from './bits.js';
import { TranspositionTable } from './transposition-table.js';

// Imported bindings copied into module constants: tsx (and other ESM-to-CJS
// loaders) turn each access to an imported name into a getter call, which
// cost 60% of the search time when used on the hot path (measured with
// --cpu-prof on Test_L1_R2).
const BOARD_LO = bb.BOARD_LO;
const BOARD_HI = bb.BOARD_HI;
const BOTTOM_LO = bb.BOTTOM_LO;
const BOTTOM_HI = bb.BOTTOM_HI;
const BOTTOM_MASK_COL = Int32Array.from(bb.BOTTOM_MASK_COL);
const COLUMN_MASK = Int32Array.from(bb.COLUMN_MASK);
const popcount = bb.popcount;
const winLo = bits.winLo;
const winHi = bits.winHi;

/** Board cells. */
const CELLS = 42;
/** Pons' MIN_SCORE and MAX_SCORE: the extreme scores negamax can return inside the search. */
const MIN_SCORE = -18;
const MAX_SCORE = 18;
/** Columns from the centre outwards (part 4). */
const ORDER = Int32Array.of(3, 2, 4, 1, 5, 0, 6);
/** Move-list slots per depth (7 moves, rounded up). */
const SLOTS = 8;

/** Solver settings. Every field is optional; the defaults are in DEFAULT_SOLVER_PARAMS. */
export interface SolverParams {
  /** Transposition-table slots, rounded up to a prime; 5 bytes each. Default 2^23 (about 42 MB). */
  tableSize: number;
  /** Nodes between two checks of the time limit / stop callback; a power of 2. Default 2^14. */
  checkInterval: number;
  /** Use book entries marked unverified (seeded from published values). Default true. */
  trustUnverifiedBook: boolean;
}

export const DEFAULT_SOLVER_PARAMS: Readonly<SolverParams> = {
  tableSize: 1 << 23,
  checkInterval: 1 << 14,
  trustUnverifiedBook: true,
};

/** Options of one solve / analyze call. */
export interface SolveOptions {
  /** Only the sign of the score: 1 win, 0 draw, -1 loss. Faster. Default false. */
  weak?: boolean;
  /** Give up (throwing SolverInterruptedError) after this many milliseconds. Default: no limit. */
  timeLimitMs?: number;
  /** Polled every `checkInterval` nodes; returning true interrupts the search. */
  shouldStop?: () => boolean;
}

/** What is proven about a score: min <= score <= max (exact when they meet). */
export interface ScoreRange {
  min: number;
  max: number;
}

/** Thrown when a search runs past its time limit or its stop callback says so. */
export class SolverInterruptedError extends Error {
  override readonly name = 'SolverInterruptedError';
  constructor(
    /** Nodes searched by the interrupted call. */
    readonly nodes: number,
  ) {
    super(`solver interrupted after ${nodes} nodes`);
  }
}

/** Score of an immediate win for the side to move with `moves` stones on the board. */
export function winNowScore(moves: number): number {
  return (CELLS + 1 - moves) >> 1;
}

export class Solver {
  readonly params: Readonly<SolverParams>;
  /** Positions (negamax calls) searched since the last resetNodeCount(). */
  nodeCount = 0;
  private readonly table: TranspositionTable;
  private book: OpeningBook | null = null;
  /** Largest ply at which the book is consulted; -1 without a book. */
  private bookMaxPly = -1;
  private readonly checkMask: number;
  private deadline = Infinity;
  private shouldStop: (() => boolean) | null = null;
  private startNodes = 0;
  /** Move lists, SLOTS per depth: the move's cell in each word and its ordering score. */
  private readonly moveLo = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveHi = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveScore = new Int32Array((CELLS + 1) * SLOTS);

  constructor(params: Partial<SolverParams> = {}) {
    this.params = { ...DEFAULT_SOLVER_PARAMS, ...params };
    const interval = this.params.checkInterval;
    if (!(interval > 0 && (interval & (interval - 1)) === 0)) throw new RangeError('checkInterval must be a power of 2');
    this.checkMask = interval - 1;
    this.table = new TranspositionTable(this.params.tableSize);
  }

  /** Empties the transposition table (the book stays). */
  reset(): void {
    this.table.reset();
  }

  resetNodeCount(): void {
    this.nodeCount = 0;
  }

  /**
   * Loads an opening book file (public/book/book.bin, fetched in the browser
   * or read by training/book/book-file.ts in Node) and uses it from now on.
   * Throws BookFormatError on a malformed file.
   */
  loadBook(bytes: Uint8Array): OpeningBook {
    const book = OpeningBook.fromBytes(bytes);
    this.setBook(book);
    return book;
  }

  /** Uses `book` (or none with null) in later searches. Scores from the table stay valid. */
  setBook(book: OpeningBook | null): void {
    this.book = book && book.size > 0 ? book : null;
    this.bookMaxPly = this.book ? this.book.maxPly : -1;
  }

  /**
   * Exact score of `pos` for the side to move, Pons' convention: 22 - k for
   * a win with the mover's k-th stone, 0 for a draw, -(22 - k) for a loss to
   * the opponent's k-th stone. With `weak`, only the sign.
   * A position already won by the last mover scores as that loss.
   */
  solve(pos: Position, options: SolveOptions = {}): number {
    if (pos.won) return options.weak ? -1 : -((CELLS + 2 - pos.moves) >> 1);
    if (pos.moves >= CELLS) return 0;
    this.begin(options);
    try {
      const s = this.solveWords(pos.curLo, pos.curHi, pos.maskLo, pos.maskHi, pos.moves, options.weak === true);
      return (options.weak ? Math.sign(s) : s) + 0; // + 0 turns -0 into 0
    } finally {
      this.end();
    }
  }

  /**
   * What can be proven about the exact score of `pos` within the options'
   * time limit: bounds min <= score <= max, narrowed until they meet (the
   * exact score) or the time runs out or `shouldStop` says so. Never throws
   * SolverInterruptedError: an interrupted search returns the bounds proven
   * so far. The outcome is probed first (is it a win? is it a loss?: two
   * null-window searches, Pons part 7's weak solver), so a short limit still
   * proves win, draw or loss where the exact score is out of reach; with
   * `outcomeOnly` the search stops there.
   */
  scoreRange(pos: Position, options: SolveOptions & { outcomeOnly?: boolean } = {}): ScoreRange {
    if (pos.won) {
      const s = -((CELLS + 2 - pos.moves) >> 1);
      return { min: s, max: s };
    }
    if (pos.moves >= CELLS) return { min: 0, max: 0 };
    this.begin(options);
    try {
      return this.rangeWords(pos.curLo, pos.curHi, pos.maskLo, pos.maskHi, pos.moves, options.outcomeOnly === true);
    } finally {
      this.end();
    }
  }

  /**
   * scoreRange of playable column `col` (the score of the game after playing
   * it, for the side to move now). Precondition: the game is not over.
   */
  columnRange(pos: Position, col: number, options: SolveOptions & { outcomeOnly?: boolean } = {}): ScoreRange {
    if (pos.isWinningMove(col)) {
      const s = winNowScore(pos.moves);
      return { min: s, max: s };
    }
    const child = pos.clone();
    child.play(col);
    const r = this.scoreRange(child, options);
    // Negamax: the child's range is the opponent's. `0 - x`: a draw is +0, never -0.
    return { min: 0 - r.max, max: 0 - r.min };
  }

  private rangeWords(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, outcomeOnly: boolean): ScoreRange {
    const winsLo = winLo(cLo, cHi) & ((mLo + BOTTOM_LO) & BOARD_LO);
    const winsHi = winHi(cLo, cHi) & ((mHi + BOTTOM_HI) & BOARD_HI);
    if ((winsLo | winsHi) !== 0) {
      const s = winNowScore(moves);
      return { min: s, max: s };
    }
    let min = -((CELLS - moves) >> 1);
    let max = (CELLS + 1 - moves) >> 1;
    const narrow = (med: number) => {
      const r = this.negamax(cLo, cHi, mLo, mHi, moves, med, med + 1);
      if (r <= med) max = r;
      else min = r;
    };
    try {
      // The outcome first: a win (score > 0)? then a loss (score < 0)?
      for (const med of [0, -1]) if (min <= med && med < max) narrow(med);
      while (!outcomeOnly && min < max) {
        let med = min + ((max - min) >> 1);
        if (med <= 0 && Math.trunc(min / 2) < med) med = Math.trunc(min / 2);
        else if (med >= 0 && Math.trunc(max / 2) > med) med = Math.trunc(max / 2);
        narrow(med);
      }
    } catch (e) {
      if (!(e instanceof SolverInterruptedError)) throw e;
    }
    return { min: min + 0, max: max + 0 };
  }

  /**
   * The score of each column 0-6 for the side to move (the score of the game
   * after playing there), or null where the column is full or the game is over.
   */
  analyze(pos: Position, options: SolveOptions = {}): (number | null)[] {
    const scores: (number | null)[] = [null, null, null, null, null, null, null];
    if (pos.won || pos.moves >= CELLS) return scores;
    this.begin(options);
    try {
      for (let col = 0; col < bb.WIDTH; col++) if (pos.canPlay(col)) scores[col] = this.columnScore(pos, col, options.weak === true);
    } finally {
      this.end();
    }
    return scores;
  }

  /**
   * One column of analyze: the score of playing `col` (null when the column
   * is full or the game is over), so that callers can share the columns of
   * one position between solvers (`npm run solve -- --analyze --threads 2`).
   */
  analyzeColumn(pos: Position, col: number, options: SolveOptions = {}): number | null {
    if (pos.won || pos.moves >= CELLS || !pos.canPlay(col)) return null;
    this.begin(options);
    try {
      return this.columnScore(pos, col, options.weak === true);
    } finally {
      this.end();
    }
  }

  /** The score of playable column `col` of a position whose game is not over. */
  private columnScore(pos: Position, col: number, weak: boolean): number {
    if (pos.isWinningMove(col)) return weak ? 1 : winNowScore(pos.moves);
    const lo = col < 4;
    const move = (lo ? pos.maskLo : pos.maskHi) + BOTTOM_MASK_COL[col];
    const mLo = lo ? pos.maskLo | move : pos.maskLo;
    const mHi = lo ? pos.maskHi : pos.maskHi | move;
    const s = pos.moves + 1 >= CELLS ? 0 : -this.solveWords(pos.curLo ^ pos.maskLo, pos.curHi ^ pos.maskHi, mLo, mHi, pos.moves + 1, weak);
    return weak ? Math.sign(s) + 0 : s + 0; // + 0 turns -0 into 0
  }

  /**
   * The optimal columns (0-6) of `pos`, ascending; empty when the game is
   * over. Cheaper than analyze: solve the position (score v), then one
   * null-window search per child asks only whether the child scores <= -v,
   * i.e. whether the move is optimal, instead of bisecting each child's
   * exact score.
   */
  bestMoves(pos: Position, options: SolveOptions = {}): number[] {
    if (pos.won || pos.moves >= CELLS) return [];
    const v = this.solve(pos, options);
    const weak = options.weak === true;
    const best: number[] = [];
    this.begin(options);
    try {
      for (let col = 0; col < bb.WIDTH; col++) if (pos.canPlay(col) && this.reaches(pos, col, v, weak)) best.push(col);
    } finally {
      this.end();
    }
    return best;
  }

  /**
   * Whether playing `col` keeps the value `score` that the caller knows
   * `pos` to have (its exact score, or its sign with `weak`): one
   * null-window search, far cheaper than solving the child. Judges moves
   * against labelled positions. Precondition: `col` is playable.
   */
  isOptimalMove(pos: Position, col: number, score: number, options: SolveOptions = {}): boolean {
    if (!pos.canPlay(col)) throw new RangeError(`isOptimalMove: column ${col + 1} cannot be played`);
    this.begin(options);
    try {
      return this.reaches(pos, col, score, options.weak === true);
    } finally {
      this.end();
    }
  }

  /** Whether the child after `col` scores <= -v, i.e. the move reaches the value v of `pos`. */
  private reaches(pos: Position, col: number, v: number, weak: boolean): boolean {
    if (pos.isWinningMove(col)) return true; // an immediate win is always optimal
    // Only immediate wins reach the best score of all.
    if (!weak && v >= winNowScore(pos.moves)) return false;
    const lo = col < 4;
    const move = (lo ? pos.maskLo : pos.maskHi) + BOTTOM_MASK_COL[col];
    const mLo = lo ? pos.maskLo | move : pos.maskLo;
    const mHi = lo ? pos.maskHi : pos.maskHi | move;
    const cLo = pos.curLo ^ pos.maskLo;
    const cHi = pos.curHi ^ pos.maskHi;
    const moves = pos.moves + 1;
    if (moves >= CELLS) return 0 <= -v;
    if (((winLo(cLo, cHi) & ((mLo + BOTTOM_LO) & BOARD_LO)) | (winHi(cLo, cHi) & ((mHi + BOTTOM_HI) & BOARD_HI))) !== 0) {
      return (weak ? 1 : winNowScore(moves)) <= -v;
    }
    // Weak scores are signs: score <= -v  <=>  score < -v + 1, with -v in {-1, 0, 1}.
    if (weak && -v >= 1) return true;
    return this.negamax(cLo, cHi, mLo, mHi, moves, -v, -v + 1) <= -v;
  }

  private begin(options: SolveOptions): void {
    this.deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
    this.shouldStop = options.shouldStop ?? null;
    this.startNodes = this.nodeCount;
  }

  private end(): void {
    this.deadline = Infinity;
    this.shouldStop = null;
  }

  private checkStop(): void {
    if (Date.now() > this.deadline || (this.shouldStop !== null && this.shouldStop())) {
      throw new SolverInterruptedError(this.nodeCount - this.startNodes);
    }
  }

  /** Pons' Solver::solve on raw words. Precondition: the game is not over. */
  private solveWords(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, weak: boolean): number {
    // An immediate win is found without search (negamax assumes none exists).
    const winsLo = winLo(cLo, cHi) & ((mLo + BOTTOM_LO) & BOARD_LO);
    const winsHi = winHi(cLo, cHi) & ((mHi + BOTTOM_HI) & BOARD_HI);
    if ((winsLo | winsHi) !== 0) return winNowScore(moves);
    let min = -((CELLS - moves) >> 1);
    let max = (CELLS + 1 - moves) >> 1;
    if (weak) {
      min = -1;
      max = 1;
    }
    while (min < max) {
      // Bisect, but probe nearer 0 first: most positions score close to it.
      let med = min + ((max - min) >> 1);
      if (med <= 0 && Math.trunc(min / 2) < med) med = Math.trunc(min / 2);
      else if (med >= 0 && Math.trunc(max / 2) > med) med = Math.trunc(max / 2);
      const r = this.negamax(cLo, cHi, mLo, mHi, moves, med, med + 1);
      if (r <= med) max = r;
      else min = r;
    }
    return min;
  }

  /**
   * Pons' negamax: the score if it lies in (alpha, beta); otherwise a bound
   * beyond the window (<= alpha or >= beta).
   * Preconditions: alpha < beta, and the side to move cannot win at once.
   */
  private negamax(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, alpha: number, beta: number): number {
    const n = ++this.nodeCount;
    if ((n & this.checkMask) === 0) this.checkStop();

    // Non-losing moves (part 10): block a single opponent threat, lose to two,
    // and never play just below an opponent's winning cell.
    const freeLo = BOARD_LO & ~mLo;
    const freeHi = BOARD_HI & ~mHi;
    const oLo = cLo ^ mLo;
    const oHi = cHi ^ mHi;
    const threatLo = winLo(oLo, oHi) & freeLo;
    const threatHi = winHi(oLo, oHi) & freeHi;
    let possLo = (mLo + BOTTOM_LO) & BOARD_LO;
    let possHi = (mHi + BOTTOM_HI) & BOARD_HI;
    const forcedLo = possLo & threatLo;
    const forcedHi = possHi & threatHi;
    if ((forcedLo | forcedHi) !== 0) {
      if ((forcedLo & (forcedLo - 1)) !== 0 || (forcedHi & (forcedHi - 1)) !== 0 || (forcedLo !== 0 && forcedHi !== 0)) {
        return -((CELLS - moves) >> 1);
      }
      possLo = forcedLo;
      possHi = forcedHi;
    }
    possLo &= ~(threatLo >>> 1);
    possHi &= ~(threatHi >>> 1);
    if ((possLo | possHi) === 0) return -((CELLS - moves) >> 1);
    if (moves >= CELLS - 2) return 0;

    // The opponent cannot win with its next stone: the score is at least this.
    const min = -((CELLS - 2 - moves) >> 1);
    if (alpha < min) {
      alpha = min;
      if (alpha >= beta) return alpha;
    }
    // We cannot win with our next stone (precondition): at most this.
    const max = (CELLS - 1 - moves) >> 1;
    if (beta > max) {
      beta = max;
      if (alpha >= beta) return beta;
    }

    const keyLo = cLo + mLo;
    const keyHi = cHi + mHi;
    const val = this.table.get(keyLo, keyHi);
    if (val !== 0) {
      if (val > MAX_SCORE - MIN_SCORE + 1) {
        const lower = val + 2 * MIN_SCORE - MAX_SCORE - 2;
        if (alpha < lower) {
          alpha = lower;
          if (alpha >= beta) return alpha;
        }
      } else {
        const upper = val + MIN_SCORE - 1;
        if (beta > upper) {
          beta = upper;
          if (alpha >= beta) return beta;
        }
      }
    }
    if (moves <= this.bookMaxPly) {
      const s = (this.book as OpeningBook).lookup(keyLo, keyHi, this.params.trustUnverifiedBook);
      if (s === s) return s; // not NaN: an exact score
    }

    const nLo = cLo ^ mLo;
    const nHi = cHi ^ mHi;
    // A single candidate (often a forced block) needs no ordering: skip the
    // threat counts. Same nodes as Pons' order.
    if ((possLo & (possLo - 1)) === 0 && (possHi & (possHi - 1)) === 0 && (possLo === 0 || possHi === 0)) {
      const score = -this.negamax(nLo, nHi, mLo | possLo, mHi | possHi, moves + 1, -beta, -alpha);
      if (score >= beta) {
        this.table.put(keyLo, keyHi, score + MAX_SCORE - 2 * MIN_SCORE + 2);
        return score;
      }
      this.table.put(keyLo, keyHi, (score > alpha ? score : alpha) - MIN_SCORE + 1);
      return score > alpha ? score : alpha;
    }

    // Order the moves by the number of winning cells they create; insertion
    // sort that keeps the later-added (more central) move last on ties.
    const base = moves * SLOTS;
    const mvLoArr = this.moveLo;
    const mvHiArr = this.moveHi;
    const scArr = this.moveScore;
    let size = 0;
    for (let i = 6; i >= 0; i--) {
      const col = ORDER[i];
      let mvLo = 0;
      let mvHi = 0;
      if (col < 4) {
        mvLo = possLo & COLUMN_MASK[col];
        if (mvLo === 0) continue;
      } else {
        mvHi = possHi & COLUMN_MASK[col];
        if (mvHi === 0) continue;
      }
      const sLo = cLo | mvLo;
      const sHi = cHi | mvHi;
      const score = popcount(winLo(sLo, sHi) & freeLo) + popcount(winHi(sLo, sHi) & freeHi);
      let p = base + size++;
      while (p > base && scArr[p - 1] > score) {
        mvLoArr[p] = mvLoArr[p - 1];
        mvHiArr[p] = mvHiArr[p - 1];
        scArr[p] = scArr[p - 1];
        p--;
      }
      mvLoArr[p] = mvLo;
      mvHiArr[p] = mvHi;
      scArr[p] = score;
    }

    while (size > 0) {
      size--;
      const score = -this.negamax(nLo, nHi, mLo | mvLoArr[base + size], mHi | mvHiArr[base + size], moves + 1, -beta, -alpha);
      if (score >= beta) {
        this.table.put(keyLo, keyHi, score + MAX_SCORE - 2 * MIN_SCORE + 2);
        return score;
      }
      if (score > alpha) alpha = score;
    }
    this.table.put(keyLo, keyHi, alpha - MIN_SCORE + 1);
    return alpha;
  }
}

/** The columns whose score is the best of `scores` (null = unplayable), ascending. */
export function bestColumns(scores: readonly (number | null)[]): number[] {
  let best = -Infinity;
  for (const s of scores) if (s !== null && s > best) best = s;
  const cols: number[] = [];
  scores.forEach((s, c) => {
    if (s !== null && s === best) cols.push(c);
  });
  return cols;
}
