import { describe, expect, test } from 'vitest';
import { BOARD_HI, BOARD_LO, parseMoves } from '../../src/engine/index.js';
import { popcount2, winHi, winLo } from '../../src/solver/bits.js';
import { mulberry32 } from '../../src/solver/index.js';
import { gridOf, threatCells } from './solver-reference.js';

/** Random move strings of seeded playouts, cut before the game ends. */
function randomGames(count: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  while (out.length < count) {
    const p = parseMoves('');
    let s = '';
    const len = Math.floor(rnd() * 40);
    while (s.length < len) {
      const c = Math.floor(rnd() * 7);
      if (!p.canPlay(c)) continue;
      p.play(c);
      if (p.isOver) break;
      s += String(c + 1);
    }
    out.push(s);
  }
  return out;
}

/** The threat cells of winLo/winHi for the player whose stones are (lo, hi), as "col,row". */
function bitThreats(lo: number, hi: number, maskLo: number, maskHi: number): string[] {
  const tLo = winLo(lo, hi) & BOARD_LO & ~maskLo;
  const tHi = winHi(lo, hi) & BOARD_HI & ~maskHi;
  const out: string[] = [];
  for (let c = 0; c < 7; c++) {
    for (let r = 0; r < 6; r++) {
      const bit = c < 4 ? (tLo >>> (7 * c + r)) & 1 : (tHi >>> (7 * (c - 4) + r)) & 1;
      if (bit) out.push(`${c},${r}`);
    }
  }
  return out;
}

describe('winLo / winHi (threat map on two words)', () => {
  test.each([
    ['horizontal across the word boundary', '1526374', 2],
    ['diagonal across the word boundary', '3444555566', 1],
    ['vertical in column 4', '414141', 1],
    ['vertical in column 5', '515151', 1],
    ['empty board', '', 1],
  ])('%s: %s', (_name, moves, player) => {
    const pos = parseMoves(moves);
    const mine = pos.sideToMove === player;
    const lo = mine ? pos.curLo : pos.curLo ^ pos.maskLo;
    const hi = mine ? pos.curHi : pos.curHi ^ pos.maskHi;
    expect(bitThreats(lo, hi, pos.maskLo, pos.maskHi).sort()).toEqual(threatCells(gridOf(moves).grid, player).sort());
  });

  test('agrees with a cell-by-cell scan on 2000 random positions, both players', () => {
    for (const moves of randomGames(2000, 7)) {
      const pos = parseMoves(moves);
      const { grid } = gridOf(moves);
      const mover = pos.sideToMove;
      expect(bitThreats(pos.curLo, pos.curHi, pos.maskLo, pos.maskHi).sort()).toEqual(threatCells(grid, mover).sort());
      const other = pos.curLo ^ pos.maskLo;
      expect(bitThreats(other, pos.curHi ^ pos.maskHi, pos.maskLo, pos.maskHi).sort()).toEqual(threatCells(grid, 3 - mover).sort());
    }
  });
});

describe('popcount2 (set bits of two words in one pass)', () => {
  /** Bit by bit, as a reference. */
  const slow = (x: number) => {
    let n = 0;
    for (let i = 0; i < 32; i++) n += (x >>> i) & 1;
    return n;
  };
  test('edge words: none, all 32 bits of both, single high bits', () => {
    expect(popcount2(0, 0)).toBe(0);
    expect(popcount2(-1, -1)).toBe(64);
    expect(popcount2(1 << 31, 1 << 31)).toBe(2);
    expect(popcount2(0x0fffffff, 0x1fffff)).toBe(49);
  });
  test('agrees with a bit-by-bit count on 10,000 random pairs', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 10_000; i++) {
      const a = Math.floor(rnd() * 2 ** 32) | 0;
      const b = Math.floor(rnd() * 2 ** 32) | 0;
      expect(popcount2(a, b)).toBe(slow(a) + slow(b));
    }
  });
});
