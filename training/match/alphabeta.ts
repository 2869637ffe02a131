/**
 * The middle rung of the baseline ladder: a depth-limited negamax with
 * alpha-beta and a plain heuristic (open lines of two and three, centre
 * stones). Far weaker than the solver, much stronger than one-ply, so early
 * networks show progress long before they can hold perfect play.
 */
import { CENTRE_FIRST, HEIGHT, Position, WIDTH } from '../../src/engine/index.js';
import type { Rng } from '../../src/mcts/rng.js';

/** Every line of four cells on the board, as [col, row] x 4. */
const LINES: [number, number][][] = [];
for (let c = 0; c < WIDTH; c++) {
  for (let r = 0; r < HEIGHT; r++) {
    for (const [dc, dr] of [
      [1, 0],
      [0, 1],
      [1, 1],
      [1, -1],
    ]) {
      const ec = c + 3 * dc;
      const er = r + 3 * dr;
      if (ec < 0 || ec >= WIDTH || er < 0 || er >= HEIGHT) continue;
      LINES.push([0, 1, 2, 3].map((k) => [c + k * dc, r + k * dr] as [number, number]));
    }
  }
}

/** Weight of a line holding k stones of one side and none of the other (k = 0..3). */
const LINE_WEIGHT = [0, 1, 8, 40];
/** Weight of a stone in column c: the centre takes part in the most lines. */
const CENTRE_WEIGHT = [0, 1, 2, 4, 2, 1, 0];
const WIN = 1_000_000;

/** Static value of a position (game not over) for the side to move. */
export function heuristic(pos: Position): number {
  const me = pos.sideToMove;
  let score = 0;
  for (const line of LINES) {
    let mine = 0;
    let theirs = 0;
    for (const [c, r] of line) {
      const owner = pos.cell(c, r);
      if (owner === me) mine++;
      else if (owner !== 0) theirs++;
    }
    if (theirs === 0) score += LINE_WEIGHT[mine];
    else if (mine === 0) score -= LINE_WEIGHT[theirs];
  }
  for (let c = 0; c < WIDTH; c++) {
    for (let r = 0; r < HEIGHT; r++) {
      const owner = pos.cell(c, r);
      if (owner !== 0) score += owner === me ? CENTRE_WEIGHT[c] : -CENTRE_WEIGHT[c];
    }
  }
  return score;
}

function negamax(pos: Position, depth: number, alpha: number, beta: number): number {
  if (pos.moves === WIDTH * HEIGHT) return 0;
  for (let c = 0; c < WIDTH; c++) if (pos.canPlay(c) && pos.isWinningMove(c)) return WIN - pos.moves;
  if (depth === 0) return heuristic(pos);
  let best = -Infinity;
  for (const c of CENTRE_FIRST) {
    if (!pos.canPlay(c)) continue;
    const child = pos.clone();
    child.play(c);
    const v = -negamax(child, depth - 1, -beta, -alpha);
    if (v > best) best = v;
    if (v > alpha) alpha = v;
    if (alpha >= beta) break;
  }
  return best;
}

/**
 * The column chosen by a `depth`-ply search (ties broken at random by `rng`):
 * it takes a win, blocks a single threat and sees short combinations.
 * Precondition: the game is not over.
 */
export function alphaBetaMove(pos: Position, depth: number, rng: Rng): number {
  let best = -Infinity;
  let choices: number[] = [];
  for (const c of CENTRE_FIRST) {
    if (!pos.canPlay(c)) continue;
    let v: number;
    if (pos.isWinningMove(c)) v = WIN;
    else {
      const child = pos.clone();
      child.play(c);
      v = -negamax(child, depth - 1, -Infinity, -best + 1);
    }
    if (v > best) {
      best = v;
      choices = [c];
    } else if (v === best) choices.push(c);
  }
  return choices[rng.int(choices.length)];
}
