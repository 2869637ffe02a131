import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { capColumns, mergeResults, proven } from '../../src/worker/analysis-bounds.js';
import { AnalysisPlan, runJob } from '../../src/worker/analysis-plan.js';
import type { SolverResult } from '../../src/worker/protocol.js';
import { SolverPool, poolSize, poolSizeFor, workerTableSize, type PoolMember } from '../../src/worker/solver-pool.js';

const work = (moves: string, timeLimitMs = 1000) => ({ id: 1, moves, timeLimitMs });

describe('the schedule of an analysis', () => {
  test.each<[string, number, { col: number | null; outcomeOnly: boolean; timeLimitMs: number }[]]>([
    // One worker: the position gets half the limit first.
    ['one worker', 1, [{ col: null, outcomeOnly: false, timeLimitMs: 500 }]],
    // Two: the helper starts on the columns from the edge, which both will share (seven in four turns: a quarter of the time each).
    ['two workers', 2, [{ col: null, outcomeOnly: false, timeLimitMs: 500 }, { col: 6, outcomeOnly: true, timeLimitMs: 250 }]],
    // Three: seven columns in three turns, then six in two.
    ['three workers', 3, [{ col: null, outcomeOnly: false, timeLimitMs: 500 }, { col: 6, outcomeOnly: true, timeLimitMs: 1000 / 3 }, { col: 0, outcomeOnly: true, timeLimitMs: 500 }]],
  ])('%s: the first jobs handed out at once', (_what, workers, jobs) => {
    const plan = new AnalysisPlan(work(''), workers, 0);
    const handed = Array.from({ length: workers }, (_, i) => plan.next(0, i > 0));
    expect(handed).toEqual(jobs);
  });

  test('the position proven lost bounds every column before any is searched: no first pass', () => {
    const plan = new AnalysisPlan(work('4'), 1, 0);
    const job = plan.next(0)!;
    expect(job.col).toBeNull();
    plan.answer(job, [-5, -3], 100);
    const r = plan.result(10, false);
    // Ply 1: a column scores at least -20; none more than the position's -3, so each is a loss.
    expect(r.bounds).toEqual(Array(7).fill([-20, -3]));
    expect(r.position).toEqual([-5, -3]);
    // The next search narrows the centre column to its exact score at once.
    expect(plan.next(500)).toEqual({ col: 3, outcomeOnly: false, timeLimitMs: 500 / 7 });
  });

  test('a search given back (its worker failed) is handed out again', () => {
    const plan = new AnalysisPlan(work(''), 2, 0);
    const position = plan.next(0)!;
    const centre = plan.next(0)!;
    expect(centre.col).toBe(3);
    plan.giveBack(centre);
    expect(plan.next(0)?.col).toBe(3);
    plan.giveBack(position);
    expect(plan.next(0)?.col).toBeNull();
  });

  test('done once every column is solved, even while the position is still searched', () => {
    const plan = new AnalysisPlan(work('444444335511'), 2, 0);
    const solver = new Solver({ tableSize: 1 << 16 });
    plan.next(0); // the position: never answered
    for (let job = plan.next(0); job; job = plan.next(0)) plan.answer(job, ((a) => [a.min, a.max] as [number, number])(runJob(solver, '444444335511', job, () => false)), 0);
    expect(plan.finished(0)).toBe(true);
    expect(plan.result(0, true).complete).toBe(true);
  });
});

describe('what the proofs say together', () => {
  const pos = parseMoves('4');
  test.each<[string, ([number, number] | null)[], number, ([number, number] | null)[]]>([
    ['a lost position: every column a loss', [null, [-9, -2], null, null, null, null, null], -3, [[-20, -3], [-9, -3], [-20, -3], [-20, -3], [-20, -3], [-20, -3], [-20, -3]]],
    ['a drawn position: no column better than a draw', [[0, 5], null, null, null, null, null, null], 0, [[0, 0], [-20, 0], [-20, 0], [-20, 0], [-20, 0], [-20, 0], [-20, 0]]],
    ['nothing known of the position: columns as searched', [[1, 5], null, null, null, null, null, null], 21, [[1, 5], null, null, null, null, null, null]],
  ])('capColumns: %s', (_what, bounds, max, expected) => {
    expect(capColumns(bounds, max, pos)).toEqual(expected);
  });

  const result = (o: Partial<SolverResult>): SolverResult => ({
    id: 1,
    moves: '4',
    ...proven({ moves: '4', searched: null, columns: Array(7).fill(null) }),
    timedOut: false,
    nodes: 0,
    ms: 0,
    final: false,
    ...o,
  });

  test('a merge keeps what either analysis proved: a verdict never reverts to unknown', () => {
    const old = result({ ...proven({ moves: '4', searched: null, columns: [null, null, null, [-2, -1], null, null, null] }), final: true });
    // A newer analysis that has only just started knows nothing yet.
    const fresh = result({ id: 2 });
    const m = mergeResults(old, fresh);
    expect(m.bounds[3]).toEqual([-2, -1]);
    expect(m.id).toBe(2);
    expect(m.final).toBe(true);
  });

  test('a merge narrows: the intersection of both, capped by the merged position', () => {
    const a = result(proven({ moves: '4', searched: [-5, -1], columns: Array(7).fill(null) }));
    const b = result(proven({ moves: '4', searched: null, columns: [[-4, -4], null, null, null, null, null, null] }));
    const m = mergeResults(a, b);
    expect(m.position).toEqual([-4, -1]);
    expect(m.bounds[0]).toEqual([-4, -4]);
    expect(m.bounds[1]).toEqual([-20, -1]);
    expect(m.solved[0]).toBe(true);
  });

  test('the timing is the one of the analysis that completed it', () => {
    const done = result({ ...proven({ moves: '444444335511', searched: null, columns: [15, 15, 15, null, 15, 15, 15].map((s) => (s === null ? null : [s, s])) }), moves: '444444335511', ms: 42, final: true });
    expect(done.complete).toBe(true);
    const later = result({ moves: '444444335511', ...proven({ moves: '444444335511', searched: null, columns: Array(7).fill(null) }), ms: 3 });
    expect(mergeResults(done, later).ms).toBe(42);
  });
});

describe('the pool of solver workers', () => {
  const solverMember = (): PoolMember => {
    const solver = new Solver({ tableSize: 1 << 16 });
    return { range: async (_id, moves, job) => runJob(solver, moves, job, () => false) };
  };
  const failing = (after: number): PoolMember => {
    let calls = 0;
    return { range: async () => (calls++ >= after ? Promise.reject(new Error('out of memory')) : null) };
  };
  const hooks = { superseded: () => false, now: () => performance.now() };

  test('a worker that fails is dropped and its search handed to another: the analysis completes', async () => {
    const dropped: PoolMember[] = [];
    const bad = failing(0);
    const pool = new SolverPool([bad, solverMember()], (m) => dropped.push(m));
    const r = await pool.analyze(work('444444335511', 10_000), hooks);
    expect(r?.complete).toBe(true);
    expect(dropped).toEqual([bad]);
    expect(pool.size).toBe(1);
  });

  test('when every worker fails, the analysis fails with the reason', async () => {
    const pool = new SolverPool([failing(0), failing(0)]);
    await expect(pool.analyze(work('444444335511'), hooks)).rejects.toThrow('every solver worker failed (out of memory)');
  });

  test.each<[number | undefined, number | null, number]>([
    [2, null, 2],
    [16, null, 8],
    [undefined, null, 1],
    [1, null, 1],
    [0, null, 1],
    [4, 1, 1],
    [1, 3, 3],
  ])('poolSize(hardwareConcurrency %s, asked %s) = %i', (hc, asked, n) => {
    expect(poolSize(hc, asked)).toBe(n);
  });

  test.each<[string, number | undefined, number]>([
    ['http://x/?pos=44', 4, 4],
    ['http://x/?pos=44&solver-workers=1', 4, 1],
    ['http://x/?solver-workers=0', 2, 2],
    ['http://x/?solver-workers=lots', undefined, 1],
  ])('poolSizeFor(%j, hardwareConcurrency %s) = %i', (href, hc, n) => {
    expect(poolSizeFor(href, hc)).toBe(n);
  });

  test.each([
    [1, 1 << 23],
    [2, 1 << 22],
    [4, 1 << 21],
    [8, 1 << 21],
  ])('%i workers: %i table slots each', (workers, slots) => {
    expect(workerTableSize(workers)).toBe(slots);
  });
});
