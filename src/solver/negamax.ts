/**
 * The solver's search core: Pascal Pons' negamax ("Solving Connect 4: how to
 * build a perfect AI", blog parts 1-12, and his Solver.cpp) on the raw words
 * of our two-word bitboard. It owns what the search touches per node: the
 * transposition table, the opening book, the node count, the stop checks and
 * the move lists; solver.ts turns positions into words and asks it questions.
 *
 * - Negamax with alpha-beta (parts 3-4), exploring the centre columns first.
 * - The exact score found by null-window searches that bisect the score
 *   range, leaning towards 0 where most scores are (part 8, "iterative
 *   deepening & null window").
 * - A transposition table of score bounds (part 6 and 11; upper bounds when
 *   all moves fail low, lower bounds on a beta cut-off), with Steininger's
 *   additions (table.cpp, search.cpp): exact scores, the best move (ordered
 *   first), positions keyed by the smaller of their key and their mirror
 *   image's, and each child's entry looked up before any child is searched
 *   where the search is big (an enhanced transposition cut-off); a position
 *   whose moves all fail low stores the best of their bounds (fail-soft).
 * - Only non-losing moves are searched, a position with two opponent threats
 *   to block is a loss at once (parts 9-10), and moves are ordered by the
 *   winning cells they create, weighted by how soon those become playable
 *   (Steininger's c4, search.cpp heuristic), centre first on ties.
 * - Each candidate move is checked statically before any recursion: a move
 *   that leaves the opponent no non-losing reply wins at once, and when no
 *   move does, the upper bound drops to a win with our third stone
 *   (Christophe Steininger's c4 solver, src/solver/search.cpp).
 * - Claimeven: with an even number of stones, the cells the opponent could
 *   claim by always answering on top bound our score (Allis 1988), refined
 *   as in Steininger's position.cpp upper_bound_from_evens_strategy to a
 *   loss at a given ply where the opponent's four lies low (evens.ts), and
 *   each child is tested for it before any child is searched.
 * - An opening book of exact scores (part 12), consulted at shallow plies.
 *
 * The hot path takes the position as four int32 words, allocates nothing and
 * keeps each depth's move list in a preallocated typed array.
 */
import * as bb from '../engine/bitboard.js';
import type { OpeningBook } from './book.js';
import * as bits from './bits.js';
import { evensBound } from './evens.js';
import { SolverInterruptedError, StopCheck, type StopConditions } from './stop.js';
import { EXACT, LOWER, NO_MOVE, TranspositionTable, UPPER, entryData, entryMove, entryScore, entryType } from './transposition-table.js';

// Imported bindings copied into module constants: tsx (and other ESM-to-CJS
// loaders) turn each access to an imported name into a getter call, which
// cost 60% of the search time when used on the hot path (measured with
// --cpu-prof on Test_L1_R2).
const BOARD_LO = bb.BOARD_LO;
const BOARD_HI = bb.BOARD_HI;
const BOTTOM_LO = bb.BOTTOM_LO;
const BOTTOM_HI = bb.BOTTOM_HI;
const COLUMN_MASK = Int32Array.from(bb.COLUMN_MASK);
const popcount2 = bits.popcount2;
const hasFour = bb.hasFour;
const winLo = bits.winLo;
const winHi = bits.winHi;
const evens = evensBound;

/** Board cells. */
const CELLS = bb.MAX_MOVES;
/** Columns from the centre outwards (part 4). */
const ORDER = Int32Array.from(bb.CENTRE_FIRST);
/**
 * Plies below which each child's table entry is looked up before any child
 * is searched (Steininger: 27). At every such position: with the table's
 * presence bits, the lookups of children never stored cost no memory
 * access (paired runs against looking up only at positions the table had
 * seen: L1_R1 0.80x the time, L2_R2 0.71x, L1_R3 0.67x; up to ply 35: 1.4-1.8x
 * slower on every set).
 */
const ETC_PLIES = 27;
/** Ordering bonus of the best move the table remembers (Steininger: 0.5 on the scale where a threat counts 1.2). */
const TABLE_MOVE_BONUS = 5;
/**
 * Stones below which no side is tested for a four it can still make: the
 * test never cut a node there (Pons' six sets: the same nodes with the test
 * from ply 26 as from ply 0; from ply 30, 51 more on 3 lines of L1_R3), and
 * two tests per node cost about a tenth of the search's time.
 */
const FOUR_PLY = 26;
/** Move-list slots per depth (7 moves, rounded up). */
const SLOTS = 8;

/** The canonical key's high word and whether it is the mirror image's, set by canonical(). */
let canonHi = 0;
let canonMirrored = false;

/**
 * The low word of the smaller of a key (lo < 2^28 holds columns 0-3, hi < 2^21
 * columns 4-6, 7 bits each) and its mirror image; sets canonHi and
 * canonMirrored. Pons' key (stones + mask) has no carry between columns, so
 * the mirror image's key is the key's columns reversed.
 */
function canonical(lo: number, hi: number): number {
  const rLo = ((hi >>> 14) & 127) | (((hi >>> 7) & 127) << 7) | ((hi & 127) << 14) | (lo & 0xfe00000);
  const rHi = ((lo >>> 14) & 127) | (((lo >>> 7) & 127) << 7) | ((lo & 127) << 14);
  if (rHi < hi || (rHi === hi && rLo < lo)) {
    canonHi = rHi;
    canonMirrored = true;
    return rLo;
  }
  canonHi = hi;
  canonMirrored = false;
  return lo;
}

/** What is proven about a score: min <= score <= max (exact when they meet). */
export interface ScoreRange {
  min: number;
  max: number;
}

/** Score of an immediate win for the side to move with `moves` stones on the board. */
export function winNowScore(moves: number): number {
  return (CELLS + 1 - moves) >> 1;
}

/** Whether the side to move (stones c, board m) can win with its next stone. */
export function canWinNow(cLo: number, cHi: number, mLo: number, mHi: number): boolean {
  return ((winLo(cLo, cHi) & ((mLo + BOTTOM_LO) & BOARD_LO)) | (winHi(cLo, cHi) & ((mHi + BOTTOM_HI) & BOARD_HI))) !== 0;
}

/**
 * The next probe of a null-window bisection of [min, max]: the middle, but
 * nearer 0 where the range straddles it, since most positions score close to
 * 0 (Pons part 8).
 */
function probe(min: number, max: number): number {
  let med = min + ((max - min) >> 1);
  if (med <= 0 && Math.trunc(min / 2) < med) med = Math.trunc(min / 2);
  else if (med >= 0 && Math.trunc(max / 2) > med) med = Math.trunc(max / 2);
  return med;
}

/** The negamax search on raw words; one per Solver. Positions are (stones of the side to move, all stones, stone count). */
export class NegamaxSearch {
  /** Positions (negamax calls) searched since the last reset to 0. */
  nodeCount = 0;
  private readonly table: TranspositionTable;
  private book: OpeningBook | null = null;
  /** Largest ply at which the book is consulted; -1 without a book. */
  private bookMaxPly = -1;
  /** Use book entries marked unverified. */
  private trustUnverifiedBook = true;
  private readonly checkMask: number;
  private readonly stop = new StopCheck();
  /** Move lists, SLOTS per depth: the move's cell in each word and its ordering score. */
  private readonly moveLo = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveHi = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveCol = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveScore = new Int32Array((CELLS + 1) * SLOTS);
  /** Each move's child entry in the table, looked up for the enhanced cut-off. */
  private readonly moveEntry = new Int32Array((CELLS + 1) * SLOTS);
  /** The threats each move leaves: its child's opponent threats. */
  private readonly moveTLo = new Int32Array((CELLS + 1) * SLOTS);
  private readonly moveTHi = new Int32Array((CELLS + 1) * SLOTS);

  /** `tableSize`: transposition-table slots; `checkInterval`: nodes between stop checks, a power of 2. */
  constructor(tableSize: number, checkInterval: number) {
    if (!(checkInterval > 0 && (checkInterval & (checkInterval - 1)) === 0)) throw new RangeError('checkInterval must be a power of 2');
    this.checkMask = checkInterval - 1;
    this.table = new TranspositionTable(tableSize);
  }

  /** Empties the transposition table (the book stays). */
  resetTable(): void {
    this.table.reset();
  }

  /** Uses `book` (or none with null) in later searches, its unverified entries only when `trustUnverified`. */
  setBook(book: OpeningBook | null, trustUnverified: boolean): void {
    this.book = book && book.size > 0 ? book : null;
    this.bookMaxPly = this.book ? this.book.maxPly : -1;
    this.trustUnverifiedBook = trustUnverified;
  }

  /** Arms the stop conditions of one public call; `end` disarms them. */
  begin(stop: StopConditions): void {
    this.stop.arm(stop, this.nodeCount);
  }

  end(): void {
    this.stop.disarm();
  }

  /**
   * Pons' Solver::solve on raw words: the exact score, or with `weak` a
   * score of the right sign. Precondition: the game is not over.
   */
  solve(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, weak: boolean): number {
    // An immediate win is found without search (negamax assumes none exists).
    if (canWinNow(cLo, cHi, mLo, mHi)) return winNowScore(moves);
    let min = -((CELLS - moves) >> 1);
    let max = (CELLS + 1 - moves) >> 1;
    if (weak) {
      min = -1;
      max = 1;
    }
    while (min < max) {
      const med = probe(min, max);
      const r = this.negamax(cLo, cHi, mLo, mHi, moves, med, med + 1);
      if (r <= med) max = r;
      else min = r;
    }
    return min + 0; // never -0
  }

  /**
   * The bounds proven on the score before the search is interrupted: the
   * outcome first (a win? a loss?), then, unless `outcomeOnly`, bisection
   * to the exact score. Precondition: the game is not over.
   */
  range(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, outcomeOnly: boolean): ScoreRange {
    if (canWinNow(cLo, cHi, mLo, mHi)) {
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
      while (!outcomeOnly && min < max) narrow(probe(min, max));
    } catch (e) {
      if (!(e instanceof SolverInterruptedError)) throw e;
    }
    return { min: min + 0, max: max + 0 };
  }

  /**
   * Pons' negamax: the score if it lies in (alpha, beta); otherwise a bound
   * beyond the window (<= alpha or >= beta).
   * Preconditions: alpha < beta, and the side to move cannot win at once.
   */
  negamax(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, alpha: number, beta: number): number {
    const oLo = cLo ^ mLo;
    const oHi = cHi ^ mHi;
    return this.search(cLo, cHi, mLo, mHi, moves, alpha, beta, winLo(oLo, oHi) & BOARD_LO & ~mLo, winHi(oLo, oHi) & BOARD_HI & ~mHi);
  }

  /**
   * negamax() with the opponent's threats (threatLo, threatHi: the free
   * cells that would complete an opponent four), which the parent has
   * computed for its move ordering.
   *
   * One function of about 120 lines on purpose: it is the hot loop (millions
   * of calls per second), its steps share a dozen local words, and keeping
   * them in one frame keeps it allocation-free and free of call overhead.
   */
  private search(cLo: number, cHi: number, mLo: number, mHi: number, moves: number, alpha: number, beta: number, threatLo: number, threatHi: number): number {
    // Scores are negated with `0 - x`, never `-x`: -0 is not a small integer
    // in V8, and one reaching this function deoptimises it (measured with
    // --trace-deopt: "not a Smi", dozens of times per test set).
    const n = ++this.nodeCount;
    if ((n & this.checkMask) === 0) this.stop.check(n);

    // Non-losing moves (part 10): block a single opponent threat, lose to two,
    // and never play just below an opponent's winning cell.
    const freeLo = BOARD_LO & ~mLo;
    const freeHi = BOARD_HI & ~mHi;
    const oLo = cLo ^ mLo;
    const oHi = cHi ^ mHi;
    let possLo = (mLo + BOTTOM_LO) & BOARD_LO;
    let possHi = (mHi + BOTTOM_HI) & BOARD_HI;
    const forcedLo = possLo & threatLo;
    const forcedHi = possHi & threatHi;
    if ((forcedLo | forcedHi) !== 0) {
      if ((forcedLo & (forcedLo - 1)) !== 0 || (forcedHi & (forcedHi - 1)) !== 0 || (forcedLo !== 0 && forcedHi !== 0)) {
        return 0 - ((CELLS - moves) >> 1);
      }
      possLo = forcedLo;
      possHi = forcedHi;
    }
    possLo &= ~(threatLo >>> 1);
    possHi &= ~(threatHi >>> 1);
    if ((possLo | possHi) === 0) return 0 - ((CELLS - moves) >> 1);
    if (moves >= CELLS - 2) return 0;

    // The table read is issued here, before the bound checks below, so that
    // its cache miss overlaps them (JavaScript has no prefetch instruction;
    // the processor runs on past an outstanding load). A single candidate
    // (often a forced block) is played without the table.
    const single = (possLo & (possLo - 1)) === 0 && (possHi & (possHi - 1)) === 0 && (possLo === 0 || possHi === 0);
    let keyLo = 0;
    let keyHi = 0;
    let mirrored = false;
    let entry = 0;
    if (!single) {
      keyLo = canonical(cLo + mLo, cHi + mHi);
      keyHi = canonHi;
      mirrored = canonMirrored;
      entry = this.table.get(keyLo, keyHi);
    }

    // The opponent cannot win with its next stone: the score is at least this.
    const min = 0 - ((CELLS - 2 - moves) >> 1);
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

    // Too few cells left for a four (Steininger, position.cpp can_player_win):
    // a side that can no longer make one cannot win.
    if (beta > 0 && moves >= FOUR_PLY && !hasFour(cLo | freeLo, cHi | freeHi)) {
      beta = 0;
      if (alpha >= beta) return beta;
    }
    if (alpha < 0 && moves >= FOUR_PLY && !hasFour(oLo | freeLo, oHi | freeHi)) {
      alpha = 0;
      if (alpha >= beta) return alpha;
    }

    // A single candidate (often a forced block) is played at once, without
    // the table: a forced line is cheaper to replay than to look up
    // (Steininger's static search plays forced moves the same way).
    if (single) {
      const sLo = cLo | possLo;
      const sHi = cHi | possHi;
      const tLo = winLo(sLo, sHi) & freeLo & ~possLo;
      const tHi = winHi(sLo, sHi) & freeHi & ~possHi;
      return 0 - this.search(oLo, oHi, mLo | possLo, mHi | possHi, moves + 1, 0 - beta, 0 - alpha, tLo, tHi);
    }

    // The table, under the key of the position or of its mirror image,
    // whichever is smaller (Steininger's c4, position.cpp hash), read above.
    let tableMove = -1;
    if (entry !== 0) {
      const s = entryScore(entry);
      const type = entryType(entry);
      if (type === EXACT) return s;
      if (type === LOWER) {
        if (alpha < s) {
          alpha = s;
          if (alpha >= beta) return alpha;
        }
        const mv = entryMove(entry);
        if (mv !== NO_MOVE) tableMove = mirrored ? 6 - mv : mv;
      } else if (beta > s) {
        beta = s;
        if (alpha >= beta) return beta;
      }
    }
    if (moves <= this.bookMaxPly) {
      const s = (this.book as OpeningBook).lookup(cLo + mLo, cHi + mHi, this.trustUnverifiedBook);
      if (s === s) return s; // not NaN: an exact score
    }

    // Claimeven (Allis 1988; Steininger's c4, position.cpp
    // upper_bound_from_evens_strategy; see evens.ts): with an even number of
    // stones the opponent can answer every move of ours on top and so take
    // every even cell that is not playable now; unless that leaves us a four
    // below theirs, our score is at most 0, or a loss whose latest ply the
    // row of their four tells.
    if ((moves & 1) === 0 && alpha >= -3) {
      const bound = evens(cLo, cHi, oLo, oHi);
      if (beta > bound) {
        beta = bound;
        if (alpha >= beta) return beta;
      }
    }

    const nLo = cLo ^ mLo;
    const nHi = cHi ^ mHi;
    // Order the moves by the winning cells they create (weighted below);
    // insertion sort that keeps the later-added (more central) move last on ties.
    const base = moves * SLOTS;
    const mvLoArr = this.moveLo;
    const mvHiArr = this.moveHi;
    const colArr = this.moveCol;
    const scArr = this.moveScore;
    const tLoArr = this.moveTLo;
    const tHiArr = this.moveTHi;
    // Fail-soft: the best upper bound on the moves' scores, returned (and
    // stored) when every move fails low, tighter than alpha.
    let value = -CELLS;
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
      const tLo = winLo(sLo, sHi) & freeLo;
      const tHi = winHi(sLo, sHi) & freeHi;
      // Static evaluation of the child (Steininger, search.cpp static_search):
      // if the opponent has no non-losing reply, this move wins with our next
      // stone, the best score left (max), so no recursion is needed.
      const pLo = ((mLo | mvLo) + BOTTOM_LO) & BOARD_LO;
      const pHi = ((mHi | mvHi) + BOTTOM_HI) & BOARD_HI;
      let qLo = pLo & tLo;
      let qHi = pHi & tHi;
      if ((qLo | qHi) !== 0) {
        if ((qLo & (qLo - 1)) !== 0 || (qHi & (qHi - 1)) !== 0 || (qLo !== 0 && qHi !== 0)) return max;
      } else {
        qLo = pLo;
        qHi = pHi;
      }
      if (((qLo & ~(tLo >>> 1)) | (qHi & ~(tHi >>> 1))) === 0) return max;
      // Claimeven for the child (see above), before any child is searched:
      // its bound on the opponent's score bounds this move's from below.
      if ((moves & 1) !== 0 && beta <= 3) {
        const lower = 0 - evens(nLo, nHi, sLo, sHi);
        if (lower >= beta) {
          this.table.put(keyLo, keyHi, entryData(lower, boundType(LOWER, lower, entry), mirrored ? 6 - col : col), this.nodeCount - n + 1);
          return lower;
        }
        if (lower > alpha) alpha = lower;
      }
      // Steininger's move heuristic (search.cpp): threats not directly above
      // an opponent threat, weighted most when they become playable after one
      // more stone, then after two, then anywhere; and the best move the
      // table remembers.
      const uLo = tLo & ~(threatLo << 1);
      const uHi = tHi & ~(threatHi << 1);
      const n1Lo = (pLo << 1) & BOARD_LO;
      const n1Hi = (pHi << 1) & BOARD_HI;
      const score =
        12 * popcount2(uLo & n1Lo, uHi & n1Hi) +
        5 * popcount2(uLo & (n1Lo << 1), uHi & (n1Hi << 1)) +
        3 * popcount2(uLo, uHi) +
        (col === tableMove ? TABLE_MOVE_BONUS : 0);
      let p = base + size++;
      while (p > base && scArr[p - 1] > score) {
        mvLoArr[p] = mvLoArr[p - 1];
        mvHiArr[p] = mvHiArr[p - 1];
        colArr[p] = colArr[p - 1];
        scArr[p] = scArr[p - 1];
        tLoArr[p] = tLoArr[p - 1];
        tHiArr[p] = tHiArr[p - 1];
        p--;
      }
      mvLoArr[p] = mvLo;
      mvHiArr[p] = mvHi;
      colArr[p] = col;
      scArr[p] = score;
      tLoArr[p] = tLo;
      tHiArr[p] = tHi;
    }

    // No move wins with our next stone: at most a win with the one after.
    const max3 = (CELLS - 3 - moves) >> 1;
    if (beta > max3) {
      beta = max3;
      if (alpha >= beta) return beta;
    }

    // Enhanced transposition cut-off (Steininger, search.cpp): every
    // child's table entry, looked up before any child is searched, may bound
    // its move's score from below (a cut-off) or from above (a move to skip).
    // The lookups come in one tight loop so that their cache misses overlap;
    // they also bring each child's own entry into the cache before its search.
    if (moves < ETC_PLIES && size > 0) {
      const entArr = this.moveEntry;
      const table = this.table;
      for (let k = 0; k < size; k++) {
        const cl = canonical(nLo + (mLo | mvLoArr[base + k]), nHi + (mHi | mvHiArr[base + k]));
        entArr[base + k] = table.get(cl, canonHi);
      }
      for (let k = size - 1; k >= 0; k--) {
        const child = entArr[base + k];
        if (child === 0) continue;
        const s = 0 - entryScore(child);
        const type = entryType(child);
        if (type !== LOWER) {
          // The child's score is at most -s: this move scores at least s.
          if (s >= beta) {
            const col = colArr[base + k];
            table.put(keyLo, keyHi, entryData(s, boundType(LOWER, s, entry), mirrored ? 6 - col : col), this.nodeCount - n + 1);
            return s;
          }
          if (s > alpha) alpha = s;
        }
        // The move scores at most s: nothing to gain where s <= alpha.
        if (type !== UPPER && s <= alpha) {
          if (s > value) value = s;
          colArr[base + k] = -1;
        }
      }
    }

    while (size > 0) {
      size--;
      if (colArr[base + size] < 0) continue;
      const score = 0 - this.search(nLo, nHi, mLo | mvLoArr[base + size], mHi | mvHiArr[base + size], moves + 1, 0 - beta, 0 - alpha, tLoArr[base + size], tHiArr[base + size]);
      if (score >= beta) {
        const col = colArr[base + size];
        this.table.put(keyLo, keyHi, entryData(score, boundType(LOWER, score, entry), mirrored ? 6 - col : col), this.nodeCount - n + 1);
        return score;
      }
      if (score > value) value = score;
      if (score > alpha) alpha = score;
    }
    this.table.put(keyLo, keyHi, entryData(value, boundType(UPPER, value, entry), NO_MOVE), this.nodeCount - n + 1);
    return value;
  }
}

/**
 * The type under which to store a bound `score` of type `type` for a position
 * whose table entry was `entry`: exact when it meets the entry's opposite
 * bound (Steininger, search.cpp get_node_type).
 */
function boundType(type: number, score: number, entry: number): number {
  if (entry !== 0 && entryScore(entry) === score && entryType(entry) === (type === LOWER ? UPPER : LOWER)) return EXACT;
  return type;
}
