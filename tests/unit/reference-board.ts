/**
 * A deliberately plain Connect Four: a 6 x 7 array of owners, scanned cell by
 * cell. It shares nothing with the bitboard engine, so the two agreeing over
 * many random games is evidence that the bit tricks are right.
 */
export class ReferenceBoard {
  /** grid[row][col], row 0 = bottom; 0 empty, 1 first player, 2 second. */
  readonly grid: number[][] = Array.from({ length: 6 }, () => Array<number>(7).fill(0));
  moves = 0;
  winner = 0;

  legal(): number[] {
    if (this.winner !== 0) return [];
    const out: number[] = [];
    for (let c = 0; c < 7; c++) if (this.grid[5][c] === 0) out.push(c);
    return out;
  }

  play(col: number): void {
    let row = 0;
    while (this.grid[row][col] !== 0) row++;
    const player = this.moves % 2 === 0 ? 1 : 2;
    this.grid[row][col] = player;
    this.moves++;
    if (this.fourThrough(row, col, player)) this.winner = player;
  }

  /** True when `player` would make four by dropping a stone in `col` now, whoever is to move. */
  wouldWin(col: number, player: number): boolean {
    if (this.winner !== 0 || this.grid[5][col] !== 0) return false;
    let row = 0;
    while (this.grid[row][col] !== 0) row++;
    return this.fourThrough(row, col, player);
  }

  isDraw(): boolean {
    return this.winner === 0 && this.moves === 42;
  }

  private fourThrough(row: number, col: number, player: number): boolean {
    for (const [dr, dc] of [
      [0, 1],
      [1, 0],
      [1, 1],
      [1, -1],
    ]) {
      let n = 1;
      for (const sign of [1, -1]) {
        let r = row + sign * dr;
        let c = col + sign * dc;
        while (r >= 0 && r < 6 && c >= 0 && c < 7 && this.grid[r][c] === player) {
          n++;
          r += sign * dr;
          c += sign * dc;
        }
      }
      if (n >= 4) return true;
    }
    return false;
  }
}
