/**
 * Plain, slow references for the solver's tests: a 6 x 7 grid scanned cell
 * by cell, an exhaustive minimax without pruning or tables, and a threat map.
 * They share no code with the bitboard or the solver.
 */

/** grid[col][row], row 0 = bottom; 0 empty, 1 / 2 = player. */
export type Grid = number[][];

export function gridOf(moves: string): { grid: Grid; moves: number } {
  const grid: Grid = Array.from({ length: 7 }, () => Array<number>(6).fill(0));
  let n = 0;
  for (const ch of moves) {
    const c = Number(ch) - 1;
    grid[c][grid[c].indexOf(0)] = 1 + (n % 2);
    n++;
  }
  return { grid, moves: n };
}

function at(grid: Grid, c: number, r: number): number {
  return c >= 0 && c < 7 && r >= 0 && r < 6 ? grid[c][r] : -1;
}

/** True when a stone of `player` at (c, r) would be part of four in a row. */
export function completesFour(grid: Grid, c: number, r: number, player: number): boolean {
  for (const [dc, dr] of [
    [1, 0],
    [0, 1],
    [1, 1],
    [1, -1],
  ]) {
    let n = 1;
    for (const s of [1, -1]) {
      let k = 1;
      while (at(grid, c + s * k * dc, r + s * k * dr) === player) {
        n++;
        k++;
      }
    }
    if (n >= 4) return true;
  }
  return false;
}

/** Every empty cell (playable or not) where `player` would complete four: "col,row" strings. */
export function threatCells(grid: Grid, player: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < 7; c++) {
    for (let r = 0; r < 6; r++) if (grid[c][r] === 0 && completesFour(grid, c, r, player)) out.push(`${c},${r}`);
  }
  return out;
}

/**
 * Exact score by exhaustive minimax, Pons' convention: a win with the
 * mover's own stone number k (1-21) scores 22 - k. Precondition: the game
 * is not over. Exponential: keep the remaining game short.
 */
export function minimaxScore(grid: Grid, moves: number): number {
  const player = 1 + (moves % 2);
  let best = -Infinity;
  for (let c = 0; c < 7; c++) {
    const r = grid[c].indexOf(0);
    if (r < 0) continue;
    let s: number;
    if (completesFour(grid, c, r, player)) s = 22 - Math.floor(moves / 2 + 1);
    else if (moves + 1 === 42) s = 0;
    else {
      grid[c][r] = player;
      s = 0 - minimaxScore(grid, moves + 1);
      grid[c][r] = 0;
    }
    if (s > best) best = s;
  }
  return best;
}

/** Score of each column by exhaustive minimax (null = full column). */
export function minimaxAnalysis(moves: string): (number | null)[] {
  const { grid, moves: n } = gridOf(moves);
  const player = 1 + (n % 2);
  return grid.map((col, c) => {
    const r = col.indexOf(0);
    if (r < 0) return null;
    if (completesFour(grid, c, r, player)) return 22 - Math.floor(n / 2 + 1);
    if (n + 1 === 42) return 0;
    grid[c][r] = player;
    const s = 0 - minimaxScore(grid, n + 1);
    grid[c][r] = 0;
    return s;
  });
}

/** Lines `MOVES s1..s7` of a seeds/positions file (x = null), without the comment lines. */
export function parseLabelled(text: string): { moves: string; scores: (number | null)[] }[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [moves, ...rest] = l.trim().split(/\s+/);
      return { moves, scores: rest.map((s) => (s === 'x' ? null : Number(s))) };
    });
}
