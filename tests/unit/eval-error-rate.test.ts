/**
 * errorRates' two criteria on Pons-format items (one score per position, so
 * the verdicts come from the solver's null-window searches, exact and weak)
 * and on fully labelled items, with a fake network whose raw policy plays a
 * chosen column; and the verdict file that keeps the solver's verdicts
 * between runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseMoves, type Position } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/index.js';
import { Solver } from '../../src/solver/index.js';
import { errorRates } from '../../training/eval/error-rate.js';
import type { LabelledPosition } from '../../training/eval/labels.js';
import { verdictKey, VerdictFile } from '../../training/eval/verdicts.js';
import { tempDir } from '../temp-dir.js';

/** A network that always puts all its policy on `col`. */
function playing(col: number): Evaluator {
  return {
    evaluate: async (positions: readonly Position[]): Promise<Evaluation[]> =>
      positions.map(() => ({ policy: Float32Array.from({ length: 7 }, (_, c) => (c === col ? 1 : 0)), value: 0 })),
  };
}

// From seeds/positions/middle.txt: column scores 11 x 12 11 -9 -11 -11, best 12 (column 3).
const MOVES = '322712522455421467';
const COLUMNS = [11, null, 12, 11, -9, -11, -11];

describe('errorRates', () => {
  const solver = new Solver({ tableSize: 1 << 20 });
  const pons: LabelledPosition[] = [{ moves: MOVES, pos: parseMoves(MOVES), score: 12, columns: null, index: 0 }];
  const labelled: LabelledPosition[] = [{ moves: MOVES, pos: parseMoves(MOVES), score: 12, columns: COLUMNS, index: 0 }];

  test.each([
    [2, 'the best column', 0, 0],
    [0, 'a slower win: an exact error, not an outcome error', 1, 0],
    [4, 'a loss: both', 1, 1],
  ])('column %i (%s)', async (col, _what, exact, outcome) => {
    for (const items of [pons, labelled]) {
      const r = await errorRates('t', items, playing(col), solver, { search: null, solveTimeLimitMs: 60_000 });
      expect(r).toMatchObject({ positions: 1, unjudged: 0, rawErrors: exact, rawOutcomeErrors: outcome, searchErrors: null, searchOutcomeErrors: null });
    }
  });

  test('in a drawn position the drawing move is right and a losing one is an outcome error', async () => {
    // seeds/positions/middle.txt: column scores -6 -7 -6 x 0 -8 x, best 0 (column 5).
    const moves = '272463512214743747725447';
    const item: LabelledPosition[] = [{ moves, pos: parseMoves(moves), score: 0, columns: null, index: 0 }];
    const draw = await errorRates('t', item, playing(4), solver, { search: null, solveTimeLimitMs: 60_000 });
    expect(draw).toMatchObject({ rawErrors: 0, rawOutcomeErrors: 0 });
    const loss = await errorRates('t', item, playing(0), solver, { search: null, solveTimeLimitMs: 60_000 });
    expect(loss).toMatchObject({ rawErrors: 1, rawOutcomeErrors: 1 });
  });

  test('in a lost position every move keeps the outcome', async () => {
    // A lost position: seeds/positions/middle.txt's 243644437141563332 and two stones in column 1 (the solver checks it).
    const moves = '24364443714156333211';
    const pos = parseMoves(moves);
    const score = solver.solve(pos);
    expect(score).toBeLessThan(0);
    const item: LabelledPosition[] = [{ moves, pos, score, columns: null, index: 0 }];
    const r = await errorRates('t', item, playing(6), solver, { search: null, solveTimeLimitMs: 60_000 });
    expect(r.rawOutcomeErrors).toBe(0);
  });

  test('with search, each outcome error is listed with the column played (1-7)', async () => {
    // The drawn position above (column scores -6 -7 -6 x 0 -8 x); with two simulations the search follows the fake policy.
    const moves = '272463512214743747725447';
    const item: LabelledPosition[] = [{ moves, pos: parseMoves(moves), score: 0, columns: null, index: 0 }];
    const search = { simulations: 2, leavesPerStep: 1 };
    const loss = await errorRates('t', item, playing(0), solver, { search, solveTimeLimitMs: 60_000 });
    expect(loss).toMatchObject({ searchErrors: 1, searchOutcomeErrors: 1, searchOutcomeMisses: [{ moves, column: 1 }] });
    const draw = await errorRates('t', item, playing(4), solver, { search, solveTimeLimitMs: 60_000 });
    expect(draw).toMatchObject({ searchErrors: 0, searchOutcomeErrors: 0, searchOutcomeMisses: [] });
  });
});

describe('VerdictFile', () => {
  const dir = tempDir('verdicts-');
  const MOVES_D = '272463512214743747725447'; // drawn: column 5 draws, column 1 loses
  const item: LabelledPosition[] = [{ moves: MOVES_D, pos: parseMoves(MOVES_D), score: 0, columns: null, index: 0 }];

  test('a second run takes its verdicts from the file, not the solver', async () => {
    const path = join(dir, 'a.jsonl');
    const solver = new Solver({ tableSize: 1 << 20 });
    const first = await errorRates('t', item, playing(0), solver, { search: null, solveTimeLimitMs: 60_000, verdicts: new VerdictFile(path) });
    expect(first).toMatchObject({ rawErrors: 1, rawOutcomeErrors: 1 });
    const reread = new VerdictFile(path);
    expect(reread.size).toBe(1);
    expect(reread.get(verdictKey(MOVES_D, 0, 0))).toEqual({ exact: false, outcome: false });
    const noSolver = { isOptimalMove: () => { throw new Error('the solver was asked'); } } as unknown as Solver;
    const second = await errorRates('t', item, playing(0), noSolver, { search: null, solveTimeLimitMs: 60_000, verdicts: reread });
    expect(second).toMatchObject({ rawErrors: 1, rawOutcomeErrors: 1 });
    await expect(errorRates('t', item, playing(4), noSolver, { search: null, solveTimeLimitMs: 60_000, verdicts: reread })).rejects.toThrow('the solver was asked');
  });

  test('the key holds the labelled score: a different label is judged afresh', () => {
    expect(verdictKey(MOVES_D, 0, 4)).not.toBe(verdictKey(MOVES_D, 1, 4));
  });

  test('a line cut short by a kill is skipped, and the next verdict starts on a line of its own', () => {
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, `${JSON.stringify({ key: 'k1', exact: true, outcome: true })}\n{"key":"k2","exa`);
    const f = new VerdictFile(path);
    expect([f.size, f.skipped]).toEqual([1, 1]);
    f.set('k3', { exact: false, outcome: true });
    const g = new VerdictFile(path);
    expect([g.size, g.skipped, g.get('k3')]).toEqual([2, 1, { exact: false, outcome: true }]);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });

  test('lines that are not verdicts are skipped (exact without outcome is impossible)', () => {
    const path = join(dir, 'c.jsonl');
    writeFileSync(path, ['{"key":"a","exact":true,"outcome":false}', '[1,2]', '{"key":"b","exact":false,"outcome":false}', ''].join('\n'));
    const f = new VerdictFile(path);
    expect([f.size, f.skipped, f.get('b')]).toEqual([1, 2, { exact: false, outcome: false }]);
  });
});
