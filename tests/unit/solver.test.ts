import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import {
  Solver,
  SolverInterruptedError,
  EXACT,
  LOWER,
  NO_MOVE,
  TranspositionTable,
  UPPER,
  bestColumns,
  entryData,
  entryMove,
  entryScore,
  entryType,
  chooseBestMove,
  mulberry32,
  nextPrime,
  solverMove,
} from '../../src/solver/index.js';
import { minimaxAnalysis, parseLabelled } from './solver-reference.js';

const POSITIONS = resolve(import.meta.dirname, '../../seeds/positions');
const labelled = (name: string) => parseLabelled(readFileSync(resolve(POSITIONS, `${name}.txt`), 'utf8'));
const end = labelled('end');
const middle = labelled('middle');
const early = labelled('early');
// The earliest positions take seconds each; the tests use the later ones (run time budget).
const earlyFast = early.filter((p) => p.moves.length >= 13);
// One solver for the read-only checks; a small table keeps construction cheap.
const solver = new Solver({ tableSize: 1 << 20 });

describe('labelled positions (seeds/positions, made by training/cli/positions.ts)', () => {
  test('the files hold what they say', () => {
    expect([end.length, middle.length, early.length]).toEqual([200, 200, 60]);
  });

  // Independent check of the labels: plain minimax where the rest of the game is short.
  const small = end.filter((p) => p.moves.length >= 36);
  test.each(small.slice(0, 40).map((p) => [p.moves, p.scores] as const))('minimax agrees on %s', (moves, scores) => {
    expect(minimaxAnalysis(moves)).toEqual(scores);
  });

  test.each([
    ['end', end],
    ['middle', middle],
    ['early (13+ plies)', earlyFast],
  ])('analyze, solve and bestMoves agree with %s.txt', (_name, set) => {
    for (const { moves, scores } of set) {
      const pos = parseMoves(moves);
      expect(solver.analyze(pos), moves).toEqual(scores);
      const best = Math.max(...scores.filter((s): s is number => s !== null));
      expect(solver.solve(pos), moves).toBe(best);
      expect(solver.bestMoves(pos), moves).toEqual(bestColumns(scores));
      scores.forEach((s, col) => {
        if (s !== null) expect(solver.isOptimalMove(pos, col, best), `${moves} column ${col + 1}`).toBe(s === best);
      });
    }
  });

  test('weak isOptimalMove keeps the outcome: true exactly when the move has the sign of the best score', () => {
    const weak = new Solver({ tableSize: 1 << 18 });
    for (const { moves, scores } of middle.slice(0, 40)) {
      const pos = parseMoves(moves);
      const best = Math.max(...scores.filter((s): s is number => s !== null));
      scores.forEach((s, col) => {
        if (s !== null) expect(weak.isOptimalMove(pos, col, Math.sign(best), { weak: true }), `${moves} column ${col + 1}`).toBe(Math.sign(s) === Math.sign(best));
      });
    }
  });

  test('isOptimalMove rejects a full column', () => {
    expect(() => solver.isOptimalMove(parseMoves('444444'), 3, 0)).toThrow(/column 4 cannot be played/);
  });

  test('weak mode gives the sign of every score', () => {
    const weak = new Solver({ tableSize: 1 << 18 });
    for (const { moves, scores } of middle.slice(0, 60)) {
      const pos = parseMoves(moves);
      expect(weak.analyze(pos, { weak: true }), moves).toEqual(scores.map((s) => (s === null ? null : Math.sign(s))));
      expect(weak.bestMoves(pos, { weak: true }), moves).toEqual(bestColumns(scores.map((s) => (s === null ? null : Math.sign(s)))));
      expect(weak.solve(pos, { weak: true })).toBe(Math.sign(Math.max(...scores.filter((s): s is number => s !== null))));
    }
  });

  test('a minimal table (2^17 + 1 slots) and a reset table still give exact scores', () => {
    const tiny = new Solver({ tableSize: 0 });
    for (const { moves, scores } of earlyFast.filter((p) => p.moves.length >= 15).slice(0, 10)) {
      tiny.reset();
      expect(tiny.analyze(parseMoves(moves)), moves).toEqual(scores);
    }
  });
});

describe('positions at the end of the game', () => {
  test.each([
    ['won by the first player with stone 4', '1212121', -18, -1],
    ['won by the second player with stone 4', '71212131', -18, -1],
  ])('%s: %s', (_n, moves, exact, weak) => {
    const pos = parseMoves(moves);
    expect(pos.won).toBe(true);
    expect(solver.solve(pos)).toBe(exact);
    expect(solver.solve(pos, { weak: true })).toBe(weak);
    expect(solver.analyze(pos)).toEqual([null, null, null, null, null, null, null]);
    expect(solver.bestMoves(pos)).toEqual([]);
  });

  test('an immediate win scores 22 - k for the k-th stone', () => {
    // "121212": first player to move with 3 stones down; column 1 wins with stone 4.
    expect(solver.solve(parseMoves('121212'))).toBe(18);
    // Late in the game: the second player's 19th stone (move 38) wins: 22 - 19 = 3.
    const late = end.find((p) => p.moves.length === 37 && p.scores.includes(3));
    expect(late).toBeDefined();
    const pos = parseMoves(late!.moves);
    const c = late!.scores.indexOf(3);
    expect(pos.isWinningMove(c)).toBe(true);
    expect(solver.analyze(pos)[c]).toBe(3);
  });
});

describe('interruption', () => {
  test('a time limit throws SolverInterruptedError and leaves the solver usable', () => {
    const s = new Solver({ tableSize: 1 << 18, checkInterval: 1 << 10 });
    const t0 = Date.now();
    expect(() => s.solve(parseMoves(''), { timeLimitMs: 50 })).toThrow(SolverInterruptedError);
    expect(Date.now() - t0).toBeLessThan(2000);
    const { moves, scores } = middle[0];
    expect(s.analyze(parseMoves(moves))).toEqual(scores);
  });

  test('a stop callback interrupts; the error reports the nodes searched', () => {
    const s = new Solver({ tableSize: 1 << 18, checkInterval: 1 << 10 });
    let calls = 0;
    try {
      s.analyze(parseMoves('44'), { shouldStop: () => ++calls >= 3 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SolverInterruptedError);
      expect((e as SolverInterruptedError).nodes).toBeGreaterThanOrEqual(3 << 10);
    }
  });
});

describe('move choice', () => {
  test.each([
    [[1, 3, 3, null, -2, 3, 0], [1, 2, 5]],
    [[null, null, -5, null, null, null, null], [2]],
    [[0, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6]],
  ])('bestColumns(%j) = %j, and the choice is uniform among them', (scores, best) => {
    expect(bestColumns(scores)).toEqual(best);
    const rnd = mulberry32(42);
    const counts = new Map<number, number>();
    const draws = 3000 * best.length;
    for (let i = 0; i < draws; i++) {
      const c = chooseBestMove(scores, rnd);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(best);
    for (const n of counts.values()) expect(Math.abs(n / 3000 - 1)).toBeLessThan(0.1);
  });

  test('solverMove makes the same choice as chooseBestMove on the analysis, for the same seed', () => {
    for (const { moves, scores } of middle.slice(0, 40)) {
      const r = solverMove(solver, parseMoves(moves), mulberry32(5));
      expect(r.best).toEqual(bestColumns(scores));
      expect(r.col).toBe(chooseBestMove(scores, mulberry32(5)));
    }
  });

  test('the same seed gives the same choices; no playable column throws', () => {
    const scores = [1, 1, 1, 1, 1, 1, 1];
    const a = mulberry32(7);
    const b = mulberry32(7);
    const seqA = Array.from({ length: 20 }, () => chooseBestMove(scores, a));
    const seqB = Array.from({ length: 20 }, () => chooseBestMove(scores, b));
    expect(seqA).toEqual(seqB);
    expect(() => chooseBestMove([null, null, null, null, null, null, null], a)).toThrow();
  });
});

describe('transposition table', () => {
  test.each([
    [1, 2],
    [131072, 131101],
    [1 << 23, 8388617],
    [1 << 24, 16777259],
  ])('nextPrime(%i) = %i', (n, p) => {
    expect(nextPrime(n)).toBe(p);
  });

  test('slot is key mod size, and the partial key identifies the position', () => {
    const t = new TranspositionTable(1000);
    expect(t.size).toBe(131101);
    expect(t.bytes).toBe(8 * (131101 + 1) + 4 * ((131101 >>> 5) + 1)); // entries, then one presence bit per slot
    const rnd = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const lo = Math.floor(rnd() * 2 ** 28);
      const hi = Math.floor(rnd() * 2 ** 21);
      expect(t.slot(lo, hi)).toBe(Number((BigInt(hi) * 2n ** 28n + BigInt(lo)) % BigInt(t.size)));
      const data = entryData((i % 37) - 18, 1 + (i % 3), i % 8);
      t.put(lo, hi, data, i);
      expect(t.get(lo, hi)).toBe(data | (t.get(lo, hi) & ~0x7ff)); // the work bits are the table's
      expect(entryScore(t.get(lo, hi))).toBe((i % 37) - 18);
      expect(entryType(t.get(lo, hi))).toBe(1 + (i % 3));
      expect(entryMove(t.get(lo, hi))).toBe(i % 8);
      // Same slot, other key (key + size): not found.
      const other = hi * 2 ** 28 + lo + t.size;
      if (other < 2 ** 49) expect(t.get(other % 2 ** 28, Math.floor(other / 2 ** 28))).toBe(0);
    }
  });

  test('presence bits: a key is found after its put in either way, and not after a reset', () => {
    const t = new TranspositionTable(1000);
    const rnd = mulberry32(5);
    const keys: [number, number][] = [];
    for (let i = 0; i < 5000; i++) keys.push([Math.floor(rnd() * 2 ** 28), Math.floor(rnd() * 2 ** 21)]);
    for (const [lo, hi] of keys.slice(0, 2500)) t.put(lo, hi, entryData(1, LOWER, 0), 1);
    let found = 0;
    for (const [lo, hi] of keys.slice(0, 2500)) if (t.get(lo, hi) !== 0) found++;
    // Collisions may evict a few of 2,500 random keys in 131,101 slots, never most.
    expect(found).toBeGreaterThan(2450);
    for (const [lo, hi] of keys.slice(2500)) expect(t.get(lo, hi)).toBe(0);
    t.reset();
    for (const [lo, hi] of keys) expect(t.get(lo, hi)).toBe(0);
    t.put(keys[0][0], keys[0][1], entryData(-2, UPPER, NO_MOVE), 1);
    expect(entryScore(t.get(keys[0][0], keys[0][1]))).toBe(-2);
  });

  // Keys as 49-bit numbers: split into the two words the table takes.
  const words = (key: number): [number, number] => [key % 2 ** 28, Math.floor(key / 2 ** 28)];

  test('two ways per bucket: a key whose home is the next slot never matches an entry in the second way', () => {
    const t = new TranspositionTable(1000);
    const home = 12345;
    const k = home + 7 * t.size;
    const a = words(k);
    const b = words(k + 2 * t.size);
    t.put(a[0], a[1], entryData(3, LOWER, 2), 1_000_000); // expensive: stays in the first way
    t.put(b[0], b[1], entryData(-4, UPPER, NO_MOVE), 10); // cheap: second way
    expect(entryScore(t.get(a[0], a[1]))).toBe(3);
    expect(entryScore(t.get(b[0], b[1]))).toBe(-4);
    // A third key of the same home replaces the cheaper of the two.
    const c = words(k + 4 * t.size);
    t.put(c[0], c[1], entryData(1, EXACT, 0), 100);
    expect(entryScore(t.get(a[0], a[1]))).toBe(3);
    expect(t.get(b[0], b[1])).toBe(0);
    expect(entryType(t.get(c[0], c[1]))).toBe(EXACT);
    // The second-way flag: x has home slot y + 1 and y's low 32 bits
    // (56587 * 2^32 = 1 mod 131101), so without the flag x's entry in its
    // home slot would answer for y, which looks there for its second way.
    const y = 54321;
    const x = y + 56587 * 2 ** 32;
    expect(t.slot(...words(x))).toBe(t.slot(...words(y)) + 1);
    t.put(...words(x), entryData(5, EXACT, 1), 1);
    expect(entryScore(t.get(...words(x)))).toBe(5);
    expect(t.get(...words(y))).toBe(0);
    // An exact score is not replaced by a bound of the same position.
    t.put(c[0], c[1], entryData(1, LOWER, 3), 1_000_000_000);
    expect(entryType(t.get(c[0], c[1]))).toBe(EXACT);
  });
});

describe('scoreRange: what can be proven within a limit', () => {
  const solver = new Solver({ tableSize: 1 << 20 });
  test.each(['3344553444', '351617122645211142732334', '444444335511', '351617122645211142732334576424774376365'])('%j: unlimited, the range is the exact score; outcome only, its sign', (moves) => {
    const pos = parseMoves(moves);
    const exact = solver.solve(pos);
    expect(solver.scoreRange(pos)).toEqual({ min: exact, max: exact });
    const o = solver.scoreRange(pos, { outcomeOnly: true });
    expect(o.min).toBeLessThanOrEqual(exact);
    expect(o.max).toBeGreaterThanOrEqual(exact);
    // The outcome is proven: a win, a loss, or exactly a draw.
    if (exact > 0) expect(o.min).toBeGreaterThan(0);
    else if (exact < 0) expect(o.max).toBeLessThan(0);
    else expect(o).toEqual({ min: 0, max: 0 });
  });

  test('an interrupted search returns its bounds instead of throwing', () => {
    const r = new Solver({ tableSize: 1 << 16 }).scoreRange(parseMoves('4'), { timeLimitMs: 5 });
    expect(r.min).toBeLessThan(r.max);
    // After 4 the side to move loses by -1 with best play (TRAINING-NOTES: best column scores -1).
    expect(r.min).toBeLessThanOrEqual(-1);
    expect(r.max).toBeGreaterThanOrEqual(-1);
  });
});
