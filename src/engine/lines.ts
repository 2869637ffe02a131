/**
 * The cells of a winning four, for display. Not on any hot path: it walks the
 * board cell by cell from the last move.
 */
import { HEIGHT, WIDTH } from './bitboard.js';
import type { Position } from './position.js';

export interface Cell {
  col: number;
  row: number;
}

const DIRECTIONS = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
] as const;

/**
 * Every cell that belongs to a four-in-a-row of `player` (1 or 2), in
 * board order; empty when there is none. A move can complete two lines at
 * once, so this may hold more than four cells.
 */
export function winningCells(pos: Position, player: 1 | 2): Cell[] {
  const hit = new Set<number>();
  for (let c = 0; c < WIDTH; c++) {
    for (let r = 0; r < HEIGHT; r++) {
      for (const [dc, dr] of DIRECTIONS) {
        const ec = c + 3 * dc;
        const er = r + 3 * dr;
        if (ec < 0 || ec >= WIDTH || er < 0 || er >= HEIGHT) continue;
        let k = 0;
        while (k < 4 && pos.cell(c + k * dc, r + k * dr) === player) k++;
        if (k === 4) for (let j = 0; j < 4; j++) hit.add((c + j * dc) * HEIGHT + r + j * dr);
      }
    }
  }
  return [...hit].sort((a, b) => a - b).map((i) => ({ col: Math.floor(i / HEIGHT), row: i % HEIGHT }));
}
