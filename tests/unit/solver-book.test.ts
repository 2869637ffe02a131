import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { crc32 } from '../../src/solver/crc32.js';
import { DEFAULT_BOOK_PATH, readBookFile } from '../../training/book/book-file.js';
import { childScores, walkCoverage } from '../../training/book/coverage.js';
import { movesOfKey } from '../../training/book/keys.js';
import { KNOWN_ANALYSES } from '../../training/book/seeds.js';
import { tempDir } from '../temp-dir.js';

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
      // With its checksum made again, so that the key check itself is what refuses it.
      new DataView(bytes.buffer).setUint32(12, crc32(bytes.subarray(16), crc32(bytes.subarray(0, 12))), true);
      return bytes;
    })()],
  ])('%s throws BookFormatError', (name, bytes) => {
    expect(() => OpeningBook.fromBytes(bytes)).toThrow(BookFormatError);
    if (name === 'a key that is no position') expect(() => OpeningBook.fromBytes(bytes)).toThrow(/is not a position/);
  });
});

describe('book checksum (format C4B2)', () => {
  const small = () => {
    const b = new OpeningBook();
    for (const [m, s, v] of [['4', -1, true], ['44', 1, false], ['3333', 18, true]] as const) b.set(parseMoves(m).canonicalKey(), s, v);
    return b;
  };
  const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 4));

  test('toBytes writes "C4B2"; fromBytes reads it back', () => {
    const bytes = small().toBytes();
    expect(ascii(bytes)).toBe('C4B2');
    expect(OpeningBook.fromBytes(bytes).list()).toEqual(small().list());
  });

  test.each([
    ['a score byte', 16 + 8 + 7],
    ['a key byte', 16 + 2],
    ['the entry count', 4],
    ['the largest ply', 8],
    ['a reserved byte', 10],
    ['the checksum itself', 13],
  ])('%s changed: BookFormatError naming the checksum', (_what, at) => {
    const bytes = small().toBytes();
    bytes[at] ^= 0x01;
    expect(() => OpeningBook.fromBytes(bytes)).toThrow(BookFormatError);
    if (at !== 4) expect(() => OpeningBook.fromBytes(bytes)).toThrow(/checksum/);
  });

  /** The same entries in the old format C4B1: no checksum, bytes 9-15 zero. */
  const oldFormat = (book: OpeningBook) => {
    const bytes = book.toBytes();
    bytes.set([0x43, 0x34, 0x42, 0x31], 0);
    bytes.fill(0, 9, 16);
    return bytes;
  };

  test('the old format C4B1 (no checksum) is refused, and read only when asked for, with the same entries', () => {
    expect(() => OpeningBook.fromBytes(oldFormat(small()))).toThrow(/C4B1/);
    const read = OpeningBook.fromBytes(oldFormat(small()), { acceptUnchecked: true });
    expect(read.list()).toEqual(small().list());
    expect(read.maxPly).toBe(small().maxPly);
    // Written again, it is the new format with the same bytes as the book written directly.
    expect(read.toBytes()).toEqual(small().toBytes());
  });

  test('readBookFile names the file in its error', () => {
    const bytes = small().toBytes();
    bytes[16 + 7] ^= 0x05;
    const path = join(tempDir('c4-book-'), 'altered.bin');
    writeFileSync(path, bytes);
    expect(() => readBookFile(path)).toThrow(new RegExp(`^${path}: .*checksum`));
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

  test('is in the format with a checksum (C4B2), and a score byte changed in a copy is refused, naming the file', () => {
    const bytes = new Uint8Array(readFileSync(DEFAULT_BOOK_PATH));
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('C4B2');
    // The score of "44" (Pons: 1) made 10, as an altered file once made `npm run solve 44` print.
    const key = parseMoves('44').canonicalKey();
    const i = book.list().findIndex((e) => e.key === key);
    expect(i).toBeGreaterThanOrEqual(0);
    bytes[16 + 8 * i + 7] = (bytes[16 + 8 * i + 7] & 0x80) | (10 + 64);
    const path = join(tempDir('c4-book-'), 'book.bin');
    writeFileSync(path, bytes);
    expect(() => readBookFile(path)).toThrow(new RegExp(`^${path}: .*checksum`));
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
