/**
 * The perfect Connect Four solver's public API: exact scores of positions
 * and of their columns, proven bounds within a time limit, and the optimal
 * moves, in Pascal Pons' score convention ("Solving Connect 4: how to build
 * a perfect AI", blog parts 1-12). The Solver turns positions into the raw
 * words of the search core (negamax.ts: Pons' negamax, transposition table
 * and opening book), runs each call under its time limit and stop callback,
 * and reads the answers back. Words for people live in src/ui/words.ts.
 */
import * as bb from '../engine/bitboard.js';
import type { Position } from '../engine/position.js';
import { OpeningBook } from './book.js';
import { NegamaxSearch, type ScoreRange, canWinNow, winNowScore } from './negamax.js';
import type { StopConditions } from './stop.js';

export { winNowScore, type ScoreRange } from './negamax.js';
export { SolverInterruptedError, type StopConditions } from './stop.js';

/** Board cells. */
const CELLS = bb.MAX_MOVES;

/** Solver settings. Every field is optional; the defaults are in DEFAULT_SOLVER_PARAMS. */
export interface SolverParams {
  /** Transposition-table slots, rounded up to a prime; 8 bytes each. Default 2^23 (64 MB). */
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
export interface SolveOptions extends StopConditions {
  /** Only the sign of the score: 1 win, 0 draw, -1 loss. Faster. Default false. */
  weak?: boolean;
}

/** Options of scoreRange and columnRange. */
export type RangeOptions = SolveOptions & {
  /** Stop once the outcome (win, draw or loss) is proven. Default false. */
  outcomeOnly?: boolean;
};

/** The raw words of the position after playing playable column `col` in `pos`: the new mover's stones and all stones. */
function childWords(pos: Position, col: number): { cLo: number; cHi: number; mLo: number; mHi: number } {
  const lo = col < bb.LO_COLUMNS;
  const move = (lo ? pos.maskLo : pos.maskHi) + bb.BOTTOM_MASK_COL[col];
  return {
    cLo: pos.curLo ^ pos.maskLo,
    cHi: pos.curHi ^ pos.maskHi,
    mLo: lo ? pos.maskLo | move : pos.maskLo,
    mHi: lo ? pos.maskHi : pos.maskHi | move,
  };
}

export class Solver {
  readonly params: Readonly<SolverParams>;
  private readonly search: NegamaxSearch;

  constructor(params: Partial<SolverParams> = {}) {
    this.params = { ...DEFAULT_SOLVER_PARAMS, ...params };
    this.search = new NegamaxSearch(this.params.tableSize, this.params.checkInterval);
    this.search.setBook(null, this.params.trustUnverifiedBook);
  }

  /** Positions (negamax calls) searched since the last resetNodeCount(). */
  get nodeCount(): number {
    return this.search.nodeCount;
  }

  resetNodeCount(): void {
    this.search.nodeCount = 0;
  }

  /** Empties the transposition table (the book stays). */
  reset(): void {
    this.search.resetTable();
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
    this.search.setBook(book, this.params.trustUnverifiedBook);
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
    const s = this.run(options, () => this.search.solve(pos.curLo, pos.curHi, pos.maskLo, pos.maskHi, pos.moves, options.weak === true));
    return (options.weak ? Math.sign(s) : s) + 0; // + 0 turns -0 into 0
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
  scoreRange(pos: Position, options: RangeOptions = {}): ScoreRange {
    if (pos.won) {
      const s = -((CELLS + 2 - pos.moves) >> 1);
      return { min: s, max: s };
    }
    if (pos.moves >= CELLS) return { min: 0, max: 0 };
    return this.run(options, () => this.search.range(pos.curLo, pos.curHi, pos.maskLo, pos.maskHi, pos.moves, options.outcomeOnly === true));
  }

  /**
   * scoreRange of playable column `col` (the score of the game after playing
   * it, for the side to move now). Precondition: the game is not over.
   */
  columnRange(pos: Position, col: number, options: RangeOptions = {}): ScoreRange {
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

  /**
   * The score of each column 0-6 for the side to move (the score of the game
   * after playing there), or null where the column is full or the game is over.
   */
  analyze(pos: Position, options: SolveOptions = {}): (number | null)[] {
    const scores: (number | null)[] = [null, null, null, null, null, null, null];
    if (pos.won || pos.moves >= CELLS) return scores;
    this.run(options, () => {
      for (let col = 0; col < bb.WIDTH; col++) if (pos.canPlay(col)) scores[col] = this.columnScore(pos, col, options.weak === true);
    });
    return scores;
  }

  /**
   * One column of analyze: the score of playing `col` (null when the column
   * is full or the game is over), so that callers can share the columns of
   * one position between solvers (`npm run solve -- --analyze --threads 2`).
   */
  analyzeColumn(pos: Position, col: number, options: SolveOptions = {}): number | null {
    if (pos.won || pos.moves >= CELLS || !pos.canPlay(col)) return null;
    return this.run(options, () => this.columnScore(pos, col, options.weak === true));
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
    this.run(options, () => {
      for (let col = 0; col < bb.WIDTH; col++) if (pos.canPlay(col) && this.reaches(pos, col, v, weak)) best.push(col);
    });
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
    return this.run(options, () => this.reaches(pos, col, score, options.weak === true));
  }

  /** Runs one public call's search under its stop conditions. */
  private run<T>(stop: StopConditions, search: () => T): T {
    this.search.begin(stop);
    try {
      return search();
    } finally {
      this.search.end();
    }
  }

  /** The score of playable column `col` of a position whose game is not over. */
  private columnScore(pos: Position, col: number, weak: boolean): number {
    if (pos.isWinningMove(col)) return weak ? 1 : winNowScore(pos.moves);
    const { cLo, cHi, mLo, mHi } = childWords(pos, col);
    const s = pos.moves + 1 >= CELLS ? 0 : -this.search.solve(cLo, cHi, mLo, mHi, pos.moves + 1, weak);
    return weak ? Math.sign(s) + 0 : s + 0; // + 0 turns -0 into 0
  }

  /** Whether the child after `col` scores <= -v, i.e. the move reaches the value v of `pos`. */
  private reaches(pos: Position, col: number, v: number, weak: boolean): boolean {
    if (pos.isWinningMove(col)) return true; // an immediate win is always optimal
    // Only immediate wins reach the best score of all.
    if (!weak && v >= winNowScore(pos.moves)) return false;
    const { cLo, cHi, mLo, mHi } = childWords(pos, col);
    const moves = pos.moves + 1;
    if (moves >= CELLS) return 0 <= -v;
    if (canWinNow(cLo, cHi, mLo, mHi)) return (weak ? 1 : winNowScore(moves)) <= -v;
    // Weak scores are signs: score <= -v  <=>  score < -v + 1, with -v in {-1, 0, 1}.
    if (weak && -v >= 1) return true;
    return this.search.negamax(cLo, cHi, mLo, mHi, moves, -v, -v + 1) <= -v;
  }
}
