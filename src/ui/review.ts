/**
 * The game review, as pure functions over what the engines found (lichess's
 * analysis: an evaluation graph, and mistakes marked after the game). The
 * solver's analysis of the position before a move scores every column
 * (Pons: positive wins, sooner is bigger; 0 draws; negative loses, later is
 * bigger), so one analysis per position judges the move played there: a
 * blunder when a better outcome was on the board, a slower move when the
 * outcome stays but a win comes later or a loss sooner. Also: which
 * position each engine should look at next, so the page asks one at a time.
 */
import { CENTRE_FIRST, WIDTH, formatMoves, parseMoves } from '../engine/index.js';
import type { Player } from './game-model.js';

/** What a solver analysis of one position says (SolverResult's fields that the review reads). */
export interface Scores {
  scores: readonly (number | null)[];
  solved: readonly boolean[];
  complete: boolean;
}

/** The verdict on one move. */
export type Verdict = 'best' | 'slower' | 'blunder';

export interface MoveReview {
  /** Ply of the position the move was played in (0 = the first move). */
  ply: number;
  /** Column played, 0-6. */
  col: number;
  verdict: Verdict;
  /** Columns that were better (all the best ones); empty for 'best'. */
  better: number[];
  /** What the move played leads to for its mover: a win (1), draw (0) or loss (-1). */
  outcome: -1 | 0 | 1;
}

/** Win (1), draw (0) or loss (-1) of a Pons score. */
export function outcomeOfScore(score: number): -1 | 0 | 1 {
  return score > 0 ? 1 : score < 0 ? -1 : 0;
}

/** The best solved score and its columns; null when no column is solved. */
function bestSolved(a: Scores): { score: number; cols: number[] } | null {
  let best: number | null = null;
  for (let c = 0; c < WIDTH; c++) if (a.solved[c] && a.scores[c] !== null && (best === null || (a.scores[c] as number) > best)) best = a.scores[c];
  if (best === null) return null;
  const cols: number[] = [];
  for (let c = 0; c < WIDTH; c++) if (a.solved[c] && a.scores[c] === best) cols.push(c);
  return { score: best, cols };
}

/**
 * The verdict on playing `col` in the analysed position, or null when the
 * analysis cannot tell (the column unsolved; or only a slower move could be
 * found and not every column is solved). A blunder needs only one solved
 * column with a better outcome: that proves it.
 */
export function judgeMove(a: Scores, col: number): Omit<MoveReview, 'ply'> | null {
  const played = a.solved[col] ? a.scores[col] : null;
  const best = bestSolved(a);
  if (played === null || played === undefined || !best) return null;
  const outcome = outcomeOfScore(played);
  if (outcomeOfScore(best.score) > outcome) return { col, verdict: 'blunder', better: best.cols, outcome };
  if (!a.complete) return null;
  if (best.score > played) return { col, verdict: 'slower', better: best.cols, outcome };
  return { col, verdict: 'best', better: [], outcome };
}

/** The outcome of the analysed position for its side to move, when proven: complete, or a winning column found. */
export function positionOutcome(a: Scores): -1 | 0 | 1 | null {
  const best = bestSolved(a);
  if (!best) return null;
  if (a.complete || best.score > 0) return outcomeOfScore(best.score);
  return null;
}

/** Notations of the positions of `line`, after 0, 1, ..., line.length moves. */
export function positionsOf(line: readonly number[]): string[] {
  return Array.from({ length: line.length + 1 }, (_, i) => formatMoves(line.slice(0, i)));
}

/** The verdicts on every move of `line` that the analyses can judge, by ply. */
export function reviewLine(line: readonly number[], analyses: (moves: string) => Scores | null): MoveReview[] {
  const positions = positionsOf(line);
  const out: MoveReview[] = [];
  for (let ply = 0; ply < line.length; ply++) {
    const a = analyses(positions[ply]);
    const v = a ? judgeMove(a, line[ply]) : null;
    if (v) out.push({ ply, ...v });
  }
  return out;
}

/** The side that moves at `ply`. */
export function moverAt(ply: number): Player {
  return ply % 2 === 0 ? 1 : 2;
}

/** One point of the evaluation graph, for the position after `ply` moves, from Red's side. */
export interface GraphPoint {
  ply: number;
  /** The agent's estimate of Red's chances (a draw counts half), 0-1; null when not evaluated. */
  agent: number | null;
  /** Perfect play's result for Red (1 win, 0 draw, -1 loss) where known, else null. */
  solver: -1 | 0 | 1 | null;
}

/** What the graph needs about one position. */
export interface PlyFacts {
  /** The agent's value for the side to move, -1..1, if evaluated. */
  agentValue: number | null;
  /** The solver's analysis of the position, if any. */
  analysis: Scores | null;
  /** The game's result here when the position is over: the winner, or 0 for a draw. */
  over: Player | 0 | null;
}

/** The graph over the game: for each position, the agent's estimate and the solver's result, from Red's side. */
export function graphOf(line: readonly number[], facts: (ply: number) => PlyFacts): GraphPoint[] {
  const points: GraphPoint[] = [];
  let parent: PlyFacts | null = null;
  for (let ply = 0; ply <= line.length; ply++) {
    const f = facts(ply);
    const red = moverAt(ply) === 1 ? 1 : -1;
    let agent: number | null = null;
    let solver: -1 | 0 | 1 | null = null;
    if (f.over !== null) {
      agent = f.over === 0 ? 0.5 : f.over === 1 ? 1 : 0;
      solver = f.over === 0 ? 0 : f.over === 1 ? 1 : -1;
    } else {
      if (f.agentValue !== null) agent = Math.min(1, Math.max(0, (red * f.agentValue + 1) / 2));
      const own = f.analysis ? positionOutcome(f.analysis) : null;
      // Else the parent's analysis scored the move that led here (for the other side).
      const col = line[ply - 1];
      const fromParent = ply > 0 && parent?.analysis?.solved[col] ? outcomeOfScore(-(parent.analysis.scores[col] as number)) : null;
      const o = own ?? fromParent;
      solver = o === null ? null : ((red * o) as -1 | 0 | 1);
    }
    points.push({ ply, agent, solver: solver === 0 ? 0 : solver });
    parent = f;
  }
  return points;
}

/**
 * The next position the agent should evaluate: the one on the board at the
 * level's budget, then (when `fill`) the first position of the game the graph
 * lacks, at a smaller budget. `known(moves)` is the simulations of the best
 * evaluation so far (-1 for none, Infinity for a proof).
 */
export function nextEval(o: {
  shown: string;
  shownOver: boolean;
  /** Positions of the game that can be evaluated (not over). */
  open: readonly string[];
  known: (moves: string) => number;
  levelSims: number;
  graphSims: number;
  fill: boolean;
}): { moves: string; simulations: number } | null {
  if (!o.shownOver && o.known(o.shown) < o.levelSims) return { moves: o.shown, simulations: o.levelSims };
  if (!o.fill) return null;
  const missing = o.open.find((m) => o.known(m) < 0);
  return missing === undefined ? null : { moves: missing, simulations: o.graphSims };
}

/**
 * The next position the solver should analyse: the one on the board, then
 * `also` (the next position of the best line on screen, if any), then (when
 * reviewing) the game's positions from the last back to the first, as late
 * positions solve fastest. Null when all are done.
 */
export function nextSolve(o: {
  shown: string;
  shownOver: boolean;
  open: readonly string[];
  done: (moves: string) => boolean;
  review: boolean;
  also?: string | null;
}): string | null {
  if (!o.shownOver && !o.done(o.shown)) return o.shown;
  if (o.also && !o.done(o.also)) return o.also;
  if (!o.review) return null;
  for (let i = o.open.length - 1; i >= 0; i--) if (!o.done(o.open[i])) return o.open[i];
  return null;
}

/** The longest the review gives the solver on one position (s) when it goes back to a move it could not judge. */
export const REVIEW_MAX_LIMIT_S = 90;
/** Each new look at a move not yet judged gets this many times the time of the last one. */
export const REVIEW_LIMIT_GROWTH = 3;

/** What the review knows of the analysis of one position: the time it had (s) and whether every column was solved. */
export interface Analysed {
  limitS: number;
  complete: boolean;
}

/**
 * The move the review looks at again once every position has had its first
 * analysis: among the moves of `line` not yet judged (`judged(ply)` false)
 * whose position's analysis timed out, the one that had the least time, the
 * latest first (late positions solve fastest), with REVIEW_LIMIT_GROWTH
 * times that time, up to REVIEW_MAX_LIMIT_S. Null while a position has no
 * analysis yet (the first pass is nextSolve's) or when nothing is left to try.
 */
export function nextRecheck(line: readonly number[], analysed: (moves: string) => Analysed | null, judged: (ply: number) => boolean): { moves: string; limitS: number } | null {
  const positions = positionsOf(line);
  let pick: { moves: string; had: number } | null = null;
  for (let ply = line.length - 1; ply >= 0; ply--) {
    const a = analysed(positions[ply]);
    if (!a) return null;
    if (judged(ply) || a.complete || a.limitS >= REVIEW_MAX_LIMIT_S) continue;
    if (!pick || a.limitS < pick.had) pick = { moves: positions[ply], had: a.limitS };
  }
  return pick && { moves: pick.moves, limitS: Math.min(REVIEW_MAX_LIMIT_S, pick.had * REVIEW_LIMIT_GROWTH) };
}

/** How far the review of a game has got. */
export interface ReviewProgress {
  /** Moves in the game. */
  total: number;
  /** Moves the solver has judged (a verdict, best or not). */
  judged: number;
  /** Moves whose position has had at least one analysis. */
  analysed: number;
  /** Plies of the moves that stay unjudged after the longest look (REVIEW_MAX_LIMIT_S). */
  givenUp: number[];
  /** True while the solver still has something to do. */
  working: boolean;
}

/** The review's progress over `line` from the verdicts found (`reviews`) and the analyses (`analysed`). */
export function reviewProgress(line: readonly number[], reviews: readonly MoveReview[], analysed: (moves: string) => Analysed | null): ReviewProgress {
  const positions = positionsOf(line);
  const judgedPlies = new Set(reviews.map((r) => r.ply));
  let count = 0;
  const givenUp: number[] = [];
  for (let ply = 0; ply < line.length; ply++) {
    const a = analysed(positions[ply]);
    if (!a) continue;
    count++;
    if (!judgedPlies.has(ply) && !a.complete && a.limitS >= REVIEW_MAX_LIMIT_S) givenUp.push(ply);
  }
  const judged = judgedPlies.size;
  return { total: line.length, judged, analysed: count, givenUp, working: judged + givenUp.length < line.length };
}

/** The most moves of perfect play the review shows after a mistake (the better move included). */
export const BEST_LINE_PLIES = 8;

/** Perfect play after a mistake, as far as the solver has proved it. */
export interface BestLine {
  /** Columns of the line, 0-6, the better move first. */
  cols: number[];
  /**
   * Why it stops: 'win' its last move makes four, 'draw' it fills the board, 'length'
   * BEST_LINE_PLIES moves, 'pending' the next position is not analysed yet
   * (`next` names it), 'unsolved' its analysis did not solve every column.
   */
  stop: 'win' | 'draw' | 'length' | 'pending' | 'unsolved';
  /** The position the solver should analyse to make the line longer ('pending'), else null. */
  next: string | null;
}

/**
 * The best line from the mistake `m` of `line`: its better column (the most
 * central of them), then at each position the best column of a complete
 * analysis (`analyses(moves)`), the most central among equals; the line
 * grows as the solver analyses its positions, one at a time (nextSolve's
 * `also`), and is never guessed: an incomplete analysis ends it.
 */
export function bestLineAfter(line: readonly number[], m: MoveReview, analyses: (moves: string) => Scores | null, most = BEST_LINE_PLIES): BestLine {
  const first = CENTRE_FIRST.find((c) => m.better.includes(c));
  if (first === undefined) return { cols: [], stop: 'unsolved', next: null };
  const cols = [first];
  const pos = parseMoves(formatMoves([...line.slice(0, m.ply), first]));
  for (;;) {
    const over = pos.outcome();
    if (over !== 'ongoing') return { cols, stop: over, next: null };
    if (cols.length >= most) return { cols, stop: 'length', next: null };
    const moves = formatMoves([...line.slice(0, m.ply), ...cols]);
    const a = analyses(moves);
    if (!a) return { cols, stop: 'pending', next: moves };
    const best = a.complete ? bestSolved(a) : null;
    const col = best && CENTRE_FIRST.find((c) => best.cols.includes(c));
    if (col === undefined || col === null) return { cols, stop: 'unsolved', next: null };
    cols.push(col);
    pos.play(col);
  }
}

/** The mistake (a verdict other than 'best') made in the position `moves` of `line`, if any. */
export function mistakeAt(line: readonly number[], reviews: readonly MoveReview[], moves: string): MoveReview | null {
  const ply = moves.length;
  if (ply >= line.length || formatMoves(line.slice(0, ply)) !== moves) return null;
  return reviews.find((r) => r.ply === ply && r.verdict !== 'best') ?? null;
}
