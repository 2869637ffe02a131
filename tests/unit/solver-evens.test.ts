/**
 * The evens bound (src/solver/evens.ts): against a 64-bit (BigInt) port of
 * Steininger's formula, and against its meaning: never below the exact score
 * (exhaustive minimax on positions with at most 8 empty cells).
 */
import { describe, expect, it } from 'vitest';
import { evensBound, NO_BOUND } from '../../src/solver/evens.js';
import { Position } from '../../src/engine/position.js';
import { mulberry32 } from '../../src/solver/index.js';
import { gridOf, minimaxScore } from './solver-reference.js';

// ---- 64-bit reference (Steininger's c4, src/solver/position.cpp) ----
const M64 = (1n << 64n) - 1n;
const BOTTOM_ROW = Array.from({ length: 7 }, (_, c) => 1n << BigInt(7 * c)).reduce((a, b) => a | b);
const HEADERS = BOTTOM_ROW << 6n;
const VALID = HEADERS - BOTTOM_ROW;
const EVEN_CELLS = BOTTOM_ROW * 0b101010n;
const BELOW_COLUMNS = HEADERS + 1n;
const shl = (x: bigint, s: number) => (x << BigInt(s)) & M64;
const shr = (x: bigint, s: number) => x >> BigInt(s);

const wonDir = (b: bigint, s: number) => {
  const pairs = b & shl(b, 2 * s);
  return pairs & shl(pairs, s);
};
const winningStonesDir = (b: bigint, s: number) => {
  const quads = wonDir(b, s);
  const wp = quads | shr(quads, s);
  return wp | shr(wp, 2 * s);
};
function evensRef(b0: bigint, b1: bigint): number {
  const valid = (b0 | b1) + BOTTOM_ROW;
  const opp = b1 | (EVEN_CELLS & ~b0 & ~valid);
  const mine = VALID & ~opp;
  if (wonDir(mine, 1)) return NO_BOUND;
  const [oh, on, op] = [7, 6, 8].map((s) => wonDir(opp, s));
  const [ph, pn, pp] = [7, 6, 8].map((s) => wonDir(mine, s));
  const minus = (x: bigint) => (x - BELOW_COLUMNS) & M64;
  if ((ph & minus(oh)) || (pn & minus(on)) || (pp & minus(op))) return NO_BOUND;
  if (!oh && !on && !op) return 0;
  if (oh) {
    for (let row = 3; row > 1; row--) if (oh & shr(HEADERS, 2 * row - 1)) return -row;
  } else {
    const diag = ~(b0 | b1) & M64 & (winningStonesDir(opp, 8) | winningStonesDir(opp, 6));
    for (let row = 1; row <= 3; row++) if (diag & shr(HEADERS, 2 * row - 1)) return -row;
  }
  return -1;
}

// ---- positions ----
/** Random games' positions (not over) of `min`..`max` stones, as move strings. */
function randomPositions(count: number, min: number, max: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  while (out.length < count) {
    const target = min + Math.floor(rand() * (max - min + 1));
    const p = new Position();
    let moves = '';
    while (p.moves < target && !p.isOver) {
      const legal = [0, 1, 2, 3, 4, 5, 6].filter((c) => p.canPlay(c));
      const c = legal[Math.floor(rand() * legal.length)];
      p.play(c);
      moves += String(c + 1);
    }
    if (!p.isOver && p.moves === target) out.push(moves);
  }
  return out;
}
const big = (lo: number, hi: number) => BigInt(lo >>> 0) | (BigInt(hi >>> 0) << 28n);
function words(moves: string) {
  const p = new Position();
  for (const ch of moves) p.play(Number(ch) - 1);
  return { aLo: p.curLo, aHi: p.curHi, bLo: p.curLo ^ p.maskLo, bHi: p.curHi ^ p.maskHi };
}

describe('evens bound', () => {
  it('matches Steininger\'s 64-bit formula', () => {
    const seen = new Set<number>();
    for (const moves of randomPositions(30000, 8, 40, 2802).filter((m) => m.length % 2 === 0)) {
      const w = words(moves);
      const got = evensBound(w.aLo, w.aHi, w.bLo, w.bHi);
      expect(got, moves).toBe(evensRef(big(w.aLo, w.aHi), big(w.bLo, w.bHi)));
      seen.add(got);
    }
    // Every kind of answer occurs in the sample.
    for (const v of [NO_BOUND, 0, -1, -2, -3]) expect(seen.has(v), `bound ${v} seen`).toBe(true);
  });

  it('is never below the exact score', () => {
    let bounded = 0;
    for (const moves of randomPositions(1500, 34, 38, 2803).filter((m) => m.length % 2 === 0)) {
      const w = words(moves);
      const bound = evensBound(w.aLo, w.aHi, w.bLo, w.bHi);
      if (bound === NO_BOUND) continue;
      const { grid, moves: n } = gridOf(moves);
      const exact = minimaxScore(grid, n);
      expect(exact, moves).toBeLessThanOrEqual(bound);
      bounded++;
    }
    expect(bounded).toBeGreaterThan(20);
  });
});
