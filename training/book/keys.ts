/** Book keys back to positions: a move string that reaches the position of a key. */
import { WIDTH, parseMoves } from '../../src/engine/index.js';

/** A move string reaching the position with key `key` (cur + mask), rebuilt column by column. */
export function movesOfKey(key: number): string {
  // Column parts: h stones, the key part is cur + 2^h - 1; cur's bit r tells
  // whether the stone at row r belongs to the side to move.
  const lo = key % 2 ** 28;
  const hi = Math.floor(key / 2 ** 28);
  const cols: { h: number; cur: number }[] = [];
  for (let c = 0; c < WIDTH; c++) {
    const part = (c < 4 ? lo >>> (7 * c) : hi >>> (7 * (c - 4))) & 127;
    const h = 31 - Math.clz32(part + 1);
    cols.push({ h, cur: part - ((1 << h) - 1) });
  }
  const total = cols.reduce((a, x) => a + x.h, 0);
  // Search for an order of play consistent with the stones (small: <= 8 plies here).
  const heights = Array(7).fill(0);
  const path: number[] = [];
  const pos = parseMoves('');
  const dfs = (): boolean => {
    if (path.length === total) return true;
    // The stone placed now belongs to the player to move at ply path.length; the
    // side to move at the end owns `cur` stones.
    const mine = (total - path.length) % 2 === 0;
    for (let c = 0; c < WIDTH; c++) {
      const r = heights[c];
      if (r >= cols[c].h) continue;
      if ((((cols[c].cur >> r) & 1) === 1) !== mine) continue;
      const save = pos.clone();
      pos.play(c);
      if (pos.won && path.length + 1 < total) {
        Object.assign(pos, save);
        continue;
      }
      heights[c]++;
      path.push(c);
      if (dfs()) return true;
      path.pop();
      heights[c]--;
      Object.assign(pos, save);
    }
    return false;
  };
  if (!dfs()) throw new Error(`no move order for key ${key}`);
  return path.map((c) => c + 1).join('');
}

