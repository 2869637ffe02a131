/**
 * Pascal Pons' move notation: the game so far as a string of 1-indexed column
 * digits ("4453" = columns 4, 4, 5, 3). Parsing rejects bad input with an
 * error that names the offending character and its index.
 */
import { WIDTH } from './bitboard.js';
import { Position } from './position.js';

/** Why a move string was rejected. */
export type NotationProblem = 'not-a-column' | 'column-full' | 'game-over';

export class NotationError extends Error {
  override readonly name = 'NotationError';
  constructor(
    /** The whole input. */
    readonly input: string,
    /** Index of the offending character in `input`. */
    readonly index: number,
    readonly problem: NotationProblem,
  ) {
    const ch = JSON.stringify(input[index] ?? '');
    const why =
      problem === 'not-a-column'
        ? `${ch} is not a column 1-${WIDTH}`
        : problem === 'column-full'
          ? `column ${input[index]} is full`
          : `the game was already won before move ${ch}`;
    super(`bad move at index ${index} of ${JSON.stringify(input)}: ${why}`);
  }
}

/** The position reached by playing `moves` from the empty board. Throws NotationError. */
export function parseMoves(moves: string): Position {
  const pos = new Position();
  playMoves(pos, moves);
  return pos;
}

/** Plays the moves of `moves` on `pos` in place. Throws NotationError, leaving `pos` after the last good move. */
export function playMoves(pos: Position, moves: string): Position {
  for (let i = 0; i < moves.length; i++) {
    const code = moves.charCodeAt(i) - 49; // '1' -> 0
    if (code < 0 || code >= WIDTH) throw new NotationError(moves, i, 'not-a-column');
    if (pos.won) throw new NotationError(moves, i, 'game-over');
    if (!pos.canPlay(code)) throw new NotationError(moves, i, 'column-full');
    pos.play(code);
  }
  return pos;
}

/** The notation of a sequence of 0-indexed columns. */
export function formatMoves(columns: readonly number[]): string {
  let s = '';
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= WIDTH) throw new RangeError(`column ${c} is not 0-${WIDTH - 1}`);
    s += String(c + 1);
  }
  return s;
}

/** The 0-indexed columns of a move string, validated by playing it. Throws NotationError. */
export function columnsOf(moves: string): number[] {
  parseMoves(moves);
  return Array.from(moves, (ch) => ch.charCodeAt(0) - 49);
}
