/**
 * Which positions the opening book must hold (issue 3): every position at
 * which the solver has to choose a move during the first `plies` plies of a
 * match in which the agent opens in the centre, with the solver moving first
 * (root: the empty board) and second (root: "4"). The agent may answer with
 * any column; the solver plays any of its optimal moves.
 *
 * At such a decision position the solver needs the exact score of every
 * child (to find all optimal moves), so those child scores are what the book
 * stores. The walk follows only optimal solver moves, and those are known
 * only once the child scores of the level above are in the book: the book is
 * therefore built level by level, and `walkCoverage` reports the children
 * still missing at the shallowest incomplete level.
 *
 * For the analysis board, where a player may open anywhere, `allLines`
 * adds every position of fewer than that many stones, whoever played what,
 * with all its child scores (but no walk on from them).
 */
import { Position, WIDTH, formatMoves } from '../../src/engine/index.js';
import { type OpeningBook, bestColumns, winNowScore } from '../../src/solver/index.js';

/** What the book must cover. */
export interface CoverageParams {
  /** Move strings of the positions at which the solver makes its first choice. Default ["", "4"]. */
  roots: readonly string[];
  /** Decision positions with fewer than this many stones are covered. Default 8. */
  plies: number;
  /**
   * Also every position of fewer than this many stones, whatever both sides played: the analysis
   * board's openings (a player may open anywhere). Default 0 (none). 2 = the empty board and the
   * seven one-move positions, i.e. every two-move position in the book.
   */
  allLines: number;
}

export const DEFAULT_COVERAGE_PARAMS: Readonly<CoverageParams> = { roots: ['', '4'], plies: 8, allLines: 0 };

export interface MissingChild {
  /** Move string of the child position (decision position + one column). */
  moves: string;
  /** Its number of stones. */
  ply: number;
}

export interface CoverageReport {
  /** Decision positions reached (deduplicated by mirror image), with all child scores known. */
  complete: number;
  /** Decision positions reached whose children are not all in the book. */
  incomplete: number;
  /** Children lacking a book score, deduplicated by canonical key, shallowest first. */
  missing: MissingChild[];
  /** Complete decision positions per ply. */
  completeByPly: number[];
}

/** Scores (from the book or the rules) of the children of `pos`; NaN where unknown, null where unplayable. */
export function childScores(pos: Position, book: OpeningBook): (number | null)[] {
  const out: (number | null)[] = [];
  for (let c = 0; c < WIDTH; c++) {
    if (pos.won || !pos.canPlay(c)) out.push(null);
    else if (pos.isWinningMove(c)) out.push(winNowScore(pos.moves));
    else if (pos.moves + 1 === 42) out.push(0);
    else {
      const child = pos.clone();
      child.play(c);
      out.push(-book.lookup(child.keyLo(), child.keyHi(), true));
    }
  }
  return out;
}

type Visit = (pos: Position, moves: number[]) => (number | null)[] | null;
type Line = { pos: Position; moves: number[] };

/** Walks the decision positions that the book must cover. */
export function walkCoverage(book: OpeningBook, params: Partial<CoverageParams> = {}): CoverageReport {
  const { roots, plies, allLines } = { ...DEFAULT_COVERAGE_PARAMS, ...params };
  const report: CoverageReport = { complete: 0, incomplete: 0, missing: [], completeByPly: Array(Math.max(plies, allLines)).fill(0) };
  const visit = coverageVisitor(book, report);
  walkMatchLines(roots, plies, visit);
  walkAllLines(allLines, visit);
  report.missing.sort((x, y) => x.ply - y.ply);
  return report;
}

/**
 * Counts each position once (by mirror image) into `report`; returns its
 * child scores when all are known, else records the missing children.
 */
function coverageVisitor(book: OpeningBook, report: CoverageReport): Visit {
  const seen = new Set<number>();
  const missingKeys = new Set<number>();
  return (pos, moves) => {
    const key = pos.canonicalKey();
    if (seen.has(key)) return null;
    seen.add(key);
    const scores = childScores(pos, book);
    if (scores.some((s) => s !== null && Number.isNaN(s))) {
      report.incomplete++;
      scores.forEach((s, c) => {
        if (s === null || !Number.isNaN(s)) return;
        const child = pos.clone();
        child.play(c);
        const ck = child.canonicalKey();
        if (missingKeys.has(ck)) return;
        missingKeys.add(ck);
        report.missing.push({ moves: formatMoves([...moves, c]), ply: child.moves });
      });
      return null;
    }
    report.complete++;
    report.completeByPly[pos.moves]++;
    return scores;
  };
}

/** The match lines: from each root, the solver's every optimal move and then any agent reply, up to `plies`. */
function walkMatchLines(roots: readonly string[], plies: number, visit: Visit): void {
  let frontier: Line[] = [];
  for (const r of roots) {
    const pos = new Position();
    const moves = Array.from(r, (ch) => ch.charCodeAt(0) - 49);
    for (const c of moves) pos.playChecked(c);
    frontier.push({ pos, moves });
  }
  while (frontier.length > 0) {
    const next: Line[] = [];
    for (const { pos, moves } of frontier) {
      if (pos.moves >= plies || pos.isOver) continue;
      const scores = visit(pos, moves);
      if (scores == null) continue;
      for (const o of bestColumns(scores)) {
        const afterSolver = pos.clone();
        afterSolver.play(o);
        if (afterSolver.isOver) continue;
        for (let a = 0; a < 7; a++) {
          if (!afterSolver.canPlay(a)) continue;
          const afterAgent = afterSolver.clone();
          afterAgent.play(a);
          next.push({ pos: afterAgent, moves: [...moves, o, a] });
        }
      }
    }
    frontier = next;
  }
}

/** Every line: breadth first over all positions of fewer than `allLines` stones. */
function walkAllLines(allLines: number, visit: Visit): void {
  let level: Line[] = [{ pos: new Position(), moves: [] }];
  while (level.length > 0 && level[0].pos.moves < allLines) {
    const next: Line[] = [];
    for (const { pos, moves } of level) {
      if (pos.isOver) continue;
      visit(pos, moves);
      for (let c = 0; c < WIDTH; c++) {
        if (!pos.canPlay(c)) continue;
        const child = pos.clone();
        child.play(c);
        next.push({ pos: child, moves: [...moves, c] });
      }
    }
    level = next;
  }
}
