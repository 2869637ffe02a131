/**
 * The review's words and axis, as pure functions: the count of mistakes and
 * inaccuracies per side, what the better move leads to, the graph's move
 * numbers and the line read out under the pointer. The verdicts themselves
 * come from review.ts; the components only render these.
 */
import { PLAYER_NAMES } from './game-model.js';
import { moverAt, outcomeOfScore, type BestLine, type GraphPoint, type MoveReview } from './review.js';
import { scoreWords } from './words.js';

const plural = (n: number, one: string, many: string) => `${n === 0 ? 'no' : n} ${n === 1 ? one : many}`;

/** Each side's count, Red first: "Red: 1 mistake, no inaccuracies." */
export function summaryWords(reviews: readonly MoveReview[]): string[] {
  return ([1, 2] as const).map((p) => {
    const mine = reviews.filter((r) => moverAt(r.ply) === p);
    const blunders = mine.filter((r) => r.verdict === 'blunder').length;
    const slower = mine.filter((r) => r.verdict === 'slower').length;
    return `${PLAYER_NAMES[p]}: ${plural(blunders, 'mistake', 'mistakes')}, ${plural(slower, 'inaccuracy', 'inaccuracies')}.`;
  });
}

/**
 * What the better move would have led to with best play, from the solver's
 * score of it (Pons' score for the mover at `ply`): "Red wins in 1" (with
 * Red's first disc from there), "a draw", "Yellow still wins, in 8".
 */
export function betterWords(score: number, ply: number): string {
  const mover = moverAt(ply);
  const outcome = outcomeOfScore(score);
  if (outcome === 0) return 'a draw';
  const n = scoreWords(score, ply).split(' ').pop();
  if (outcome > 0) return `${PLAYER_NAMES[mover]} wins in ${n}`;
  return `${PLAYER_NAMES[mover === 1 ? 2 : 1]} still wins, in ${n}`;
}

/**
 * Move numbers for the graph's axis over a game of `plies` plies: move n
 * (Red's disc and Yellow's reply, as in the move list) sits at the position
 * after Red's disc, ply 2n - 1; a step of 1, 2, 5, 10 or 20 moves keeps at
 * most `most` labels, each a multiple of the step (no crowded "1 2").
 */
export function graphTicks(plies: number, most = 8): { move: number; ply: number }[] {
  const moves = Math.ceil(plies / 2);
  const step = [1, 2, 5, 10, 20].find((s) => Math.ceil(moves / s) <= most) ?? 20;
  const out: { move: number; ply: number }[] = [];
  for (let n = step; n <= moves; n += step) out.push({ move: n, ply: 2 * n - 1 });
  return out;
}

/**
 * The graph's reading at one position (under the pointer, else the one on
 * screen): "After move 3, Yellow column 1: Red's chances 47% (agent);
 * perfect play: Red wins."
 */
export function readoutWords(p: GraphPoint, line: readonly number[]): string {
  const where = p.ply === 0 ? 'At the start' : `After move ${Math.floor((p.ply - 1) / 2) + 1}, ${PLAYER_NAMES[moverAt(p.ply - 1)]} column ${line[p.ply - 1] + 1}`;
  const agent = p.agent === null ? 'not estimated yet' : `Red's chances ${Math.round(p.agent * 100)}% (agent)`;
  const solver = p.solver === null ? '' : `; perfect play: ${p.solver === 0 ? 'a draw' : `${p.solver > 0 ? 'Red' : 'Yellow'} wins`}`;
  return `${where}: ${agent}${solver}.`;
}

/**
 * The best line after a mistake at `ply`, each disc with its player, and
 * how it ends: "Best line: Red 4, Yellow 4, Red 3. Red wins." or, cut short,
 * "Best line: Red 4, Yellow 5 … (solving)".
 */
export function bestLineWords(b: BestLine, ply: number): string {
  const discs = b.cols.map((c, i) => `${PLAYER_NAMES[moverAt(ply + i)]} ${c + 1}`).join(', ');
  const last = PLAYER_NAMES[moverAt(ply + b.cols.length - 1)];
  const end = {
    win: `. ${last} wins.`,
    draw: '. The board is full: a draw.',
    length: ' …',
    pending: ' … (solving)',
    unsolved: ' … (not solved further in the time allowed)',
  }[b.stop];
  return `Best line: ${discs}${end}`;
}
