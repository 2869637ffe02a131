import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import {
  BookFormatError,
  OpeningBook,
  Solver,
  canonicalKeyOf,
  mirrorKeyOf,
  mulberry32,
  plyOfKey,
} from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, readBookFile } from '../../training/book/book-file.js';
import { childScores, walkCoverage } from '../../training/book/coverage.js';
import { movesOfKey } from '../../training/book/keys.js';
import { KNOWN_ANALYSES } from '../../training/book/seeds.js';

function randomPosition(rnd: () => number, maxPly: number) {
  const p = parseMoves('');
  const len = Math.floor(rnd() * maxPly);
  while (p.moves < len) {
    const c = Math.floor(rnd() * 7);
    if (!p.canPlay(c)) continue;
    const q = p.clone();
    q.play(c);
    if (q.isOver) break;
    p.play(c);
  }
  return p;
}

describe('book keys', () => {
  test('mirrorKeyOf, canonicalKeyOf and plyOfKey agree with Position on 500 random positions', () => {
    const rnd = mulberry32(11);
    for (let i = 0; i < 500; i++) {
      const p = randomPosition(rnd, 42);
      expect(mirrorKeyOf(p.keyLo(), p.keyHi())).toBe(p.mirrorKey());
      expect(canonicalKeyOf(p.keyLo(), p.keyHi())).toBe(p.canonicalKey());
      expect(plyOfKey(p.key())).toBe(p.moves);
    }
  });
});

describe('book file format', () => {
  test('round trip keeps keys, scores, verified flags and the largest ply', () => {
    const book = new OpeningBook();
    const entries = [
      ['', 1, false],
      ['4', -1, true],
      ['4452', -7, true],
      ['3333', 18, true],
      ['1234567', -20, false],
    ] as const;
    for (const [m, s, v] of entries) book.set(parseMoves(m).canonicalKey(), s, v);
    const bytes = book.toBytes();
    expect(bytes.length).toBe(16 + 8 * entries.length);
    const back = OpeningBook.fromBytes(bytes);
    expect(back.size).toBe(entries.length);
    expect(back.maxPly).toBe(7);
    for (const [m, s, v] of entries) {
      const p = parseMoves(m);
      expect(back.entry(p.canonicalKey())).toEqual({ key: p.canonicalKey(), score: s, verified: v });
      // Looked up in either orientation; unverified entries only when trusted.
      const mirror = p.mirror();
      expect(back.lookup(mirror.keyLo(), mirror.keyHi(), true)).toBe(s);
      expect(Number.isNaN(back.lookup(p.keyLo(), p.keyHi(), false))).toBe(!v);
    }
    expect(back.list().map((e) => e.key)).toEqual([...back.list().map((e) => e.key)].sort((a, b) => a - b));
  });

  test.each([
    ['bad magic', new Uint8Array(16)],
    ['truncated', (() => {
      const b = new OpeningBook();
      b.set(parseMoves('4').canonicalKey(), -1);
      return b.toBytes().slice(0, 20);
    })()],
    ['a key that is no position', (() => {
      const b = new OpeningBook();
      b.set(parseMoves('4').canonicalKey(), -1);
      const bytes = b.toBytes();
      bytes[16] = 127; // column 0 part = 7 ones: seven stones
      return bytes;
    })()],
  ])('%s throws BookFormatError', (_name, bytes) => {
    expect(() => OpeningBook.fromBytes(bytes)).toThrow(BookFormatError);
  });
});

describe('the solver with a book', () => {
  const moves = '477574511163143627'; // seeds/positions/middle.txt, 18 plies
  test('a book entry answers at once, in both orientations; unverified entries can be ignored', () => {
    const plain = new Solver({ tableSize: 1 << 20 });
    const pos = parseMoves(moves);
    const exact = plain.solve(pos);
    const withoutBook = plain.nodeCount;

    const book = new OpeningBook();
    book.set(pos.canonicalKey(), exact, false);
    const s = new Solver({ tableSize: 1 << 20 });
    expect(s.loadBook(book.toBytes()).size).toBe(1);
    expect(s.solve(pos)).toBe(exact);
    expect(s.solve(pos.mirror())).toBe(exact);
    expect(s.nodeCount).toBeLessThan(20);
    expect(withoutBook).toBeGreaterThan(1000);

    const strict = new Solver({ tableSize: 1 << 20, trustUnverifiedBook: false });
    strict.setBook(book);
    expect(strict.solve(pos)).toBe(exact);
    expect(strict.nodeCount).toBeGreaterThan(1000);
  }, 120_000);

  test('allLines: every position of fewer stones, whatever was played, needs all its child scores', () => {
    const report = walkCoverage(new OpeningBook(), { roots: [], plies: 0, allLines: 2 });
    // The empty board and the one-move positions up to mirror image (1-7, 2-6, 3-5, 4).
    expect(report.incomplete).toBe(5);
    expect(report.missing.filter((m) => m.ply === 1)).toHaveLength(4);
    // 49 two-move lines: 24 mirror pairs and "44".
    expect(report.missing.filter((m) => m.ply === 2)).toHaveLength(25);
    expect(report.missing).toHaveLength(29);
    // Off by default: the match coverage alone.
    expect(walkCoverage(new OpeningBook(), { roots: [], plies: 0 }).missing).toHaveLength(0);
  });

  test('building a book for a late root covers every decision position, and analyze agrees with search', () => {
    // The book loop of training/cli/book.ts on a small tree: root at ply 24, 4 more plies.
    const root = '272463512214743747725447'; // seeds/positions/middle.txt
    const book = new OpeningBook();
    const solver = new Solver({ tableSize: 1 << 20 });
    let rounds = 0;
    for (;;) {
      const report = walkCoverage(book, { roots: [root], plies: root.length + 4 });
      if (report.missing.length === 0) {
        expect(report.complete).toBeGreaterThan(1);
        expect(report.incomplete).toBe(0);
        break;
      }
      for (const m of report.missing) book.set(parseMoves(m.moves).canonicalKey(), solver.solve(parseMoves(m.moves)));
      rounds++;
    }
    expect(rounds).toBe(2);
    // At the root the book's child scores are the analysis.
    const plain = new Solver({ tableSize: 1 << 20 });
    const pos = parseMoves(root);
    expect(childScores(pos, book).map((s) => (s === null ? null : s + 0))).toEqual(plain.analyze(pos));
  }, 120_000);
});

describe.skipIf(!existsSync(DEFAULT_BOOK_PATH))('the book in the repository (public/book/book.bin)', () => {
  const book = existsSync(DEFAULT_BOOK_PATH) ? readBookFile() : new OpeningBook();
  test('parses, and agrees with the published values it was seeded from', () => {
    expect(book.size).toBeGreaterThan(0);
    for (const { moves, scores } of KNOWN_ANALYSES) {
      const pos = parseMoves(moves);
      scores.forEach((s, c) => {
        const child = pos.clone();
        child.play(c);
        const e = book.entry(child.canonicalKey());
        if (e) expect(e.score, `${moves}${c + 1}`).toBe(0 - s);
      });
    }
  });

  test('every key is a reachable position, and the last 3 verified entries of its deepest ply re-solve to their scores', () => {
    for (const e of book.list()) expect(parseMoves(movesOfKey(e.key)).canonicalKey()).toBe(e.key);
    // The deepest ply: its positions take about a second each to solve, where some at ply 7 take 30 s.
    const verified = book.list().filter((e) => e.verified);
    const deepestPly = Math.max(0, ...verified.map((e) => plyOfKey(e.key)));
    const deep = verified.filter((e) => plyOfKey(e.key) === deepestPly && deepestPly >= 7);
    if (deep.length === 0) console.log('book has no verified entries of 7+ plies yet: nothing to re-solve');
    const solver = new Solver({ tableSize: 1 << 22 });
    for (const e of deep.slice(-3)) expect(solver.solve(parseMoves(movesOfKey(e.key)))).toBe(e.score);
  }, 300_000);
});
