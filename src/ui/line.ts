/**
 * The game as a line with a cursor, as on an analysis board (lichess): the
 * line holds every move of the line followed, the cursor how many of them
 * are on the board. Stepping back keeps the moves after the cursor, so they
 * can be redone; playing a different move there starts a side line
 * (variations.ts). Pure functions, so
 * the rules are unit tested as tables; game.svelte.ts holds the state.
 */

/** True when `moves` is the start of `line` (so the board shows a position of this game). */
export function isPrefix(moves: readonly number[], line: readonly number[]): boolean {
  return moves.length <= line.length && moves.every((m, i) => line[i] === m);
}

/** The cursor after a navigation key at `ply` in a line of `length` moves, or null for other keys. */
export function plyForKey(key: string, ply: number, length: number): number | null {
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, ply - 1);
    case 'ArrowRight':
      return Math.min(length, ply + 1);
    case 'Home':
      return 0;
    case 'End':
      return length;
    default:
      return null;
  }
}

/** The column (0-6) a board arrow key moves the focus to from `col`, or null for other keys. Wraps around. */
export function columnForArrow(key: string, col: number, width: number): number | null {
  if (key === 'ArrowLeft') return (col - 1 + width) % width;
  if (key === 'ArrowRight') return (col + 1) % width;
  if (key === 'Home') return 0;
  if (key === 'End') return width - 1;
  return null;
}
