import { describe, expect, test } from 'vitest';
import { analysisView, columnLabel, columnNumber, isVerdict, markKind, type AnalysisInput, type MarkKind } from '../../src/ui/analysis-view.js';
import { viewOf } from '../../src/ui/game-model.js';
import { proven } from '../../src/worker/analysis-bounds.js';
import type { SolverResult } from '../../src/worker/protocol.js';

describe('the label under a column', () => {
  test.each<[[number, number] | null, boolean, boolean, string]>([
    // bounds, solving, an analysis ended, label (ply 0: Red to move)
    [[18, 18], false, true, 'Win in 4'],
    [[0, 0], true, false, 'Draw'],
    [[-3, -3], false, true, 'Lose in 19'],
    [[3, 18], true, false, 'Win'],
    [[-18, -2], false, true, 'Loss'],
    [[0, 5], true, false, 'Draw or win'],
    [[-5, 0], false, true, 'Draw or loss'],
    [[-5, 5], true, false, '…'],
    [[-5, 5], false, true, 'Not solved'],
    [null, true, true, '…'],
    [null, false, false, '…'],
    [null, false, true, 'Not solved'],
  ])('bounds %j, solving %s, ended %s: %j', (bounds, solving, ended, label) => {
    expect(columnLabel(bounds, 0, solving, ended)).toBe(label);
  });

  test.each<[[number, number] | null, boolean, boolean, string, MarkKind]>([
    // bounds, solving, an analysis ended: Pons' number, badge
    [[18, 18], false, true, '+18', 'win'],
    [[0, 0], true, false, '0', 'draw'],
    [[-3, -3], false, true, '-3', 'loss'],
    [[3, 18], true, false, '≥+3', 'win'],
    [[-18, -2], false, true, '≤-2', 'loss'],
    [[0, 5], true, false, '≥0', 'draw-or-win'],
    [[-5, 0], false, true, '≤0', 'draw-or-loss'],
    [[-5, 5], true, false, '…', ''],
    [[-5, 5], false, true, 'Not solved', ''],
    [null, false, true, 'Not solved', ''],
  ])('bounds %j, solving %s, ended %s: %j, badge %j', (bounds, solving, ended, number, kind) => {
    expect(columnNumber(bounds, solving, ended)).toBe(number);
    expect(markKind(bounds)).toBe(kind);
  });

  test.each([
    ['Win in 3', true],
    ['Draw or loss', true],
    ['…', false],
    ['Not solved', false],
    [null, false],
  ] as const)('isVerdict(%j) = %s', (label, verdict) => {
    expect(isVerdict(label)).toBe(verdict);
  });
});

describe('what the panel shows of the position on screen', () => {
  // Yellow to move at ply 1, every column playable.
  const moves = '4';
  const view = viewOf([3]);
  const known = (searched: [number, number] | null, columns: ([number, number] | null)[], o: Partial<SolverResult> = {}): SolverResult => ({
    id: 1,
    moves,
    ...proven({ moves, searched, columns }),
    timedOut: false,
    nodes: 1234,
    ms: 56,
    final: false,
    ...o,
  });
  const none = Array<[number, number] | null>(7).fill(null);
  const base: AnalysisInput = { over: false, ply: view.ply, playable: view.playable, known: null, engine: 'computing', error: null, working: true };
  const run = (o: Partial<AnalysisInput>) => analysisView({ ...base, ...o });

  test('rule 1: a lost position bounds every column: each at least "Loss", none "Not solved", even once the analysis ended', () => {
    const lost = known([-20, -2], none, { final: true, timedOut: true });
    for (const working of [true, false]) {
      const v = run({ known: lost, working, engine: working ? 'computing' : 'idle' });
      expect(v.marks).toEqual(Array(7).fill('Loss'));
      expect(v.verdict).toBe('With best play Yellow (to move) loses (how soon is not proven yet).');
    }
  });

  test('rule 1: a column proven at least the position\'s exact score is exactly that', () => {
    const v = run({ known: known([-2, -2], [null, null, null, [-2, 5], null, null, null]) });
    expect(v.marks?.[3]).toBe('Lose in 19');
    expect(v.marks?.[0]).toBe('Loss');
  });

  test.each<[string, Partial<AnalysisInput>, string, Record<string, unknown>]>([
    // rule 2: the count is of the columns that show a verdict.
    ['nothing yet', {}, 'solving', { proven: 0, playable: 7 }],
    ['two columns with a verdict', { known: known(null, [null, [1, 5], null, [-3, -3], null, null, null]) }, 'solving', { proven: 2, playable: 7 }],
    ['every column bounded by the lost position', { known: known([-20, -2], none) }, 'solving', { proven: 7, playable: 7 }],
    // rule 4: "Solved" only when every column is exact, and of this position.
    ['complete', { known: known(null, Array(7).fill([-2, -2]), { final: true }), engine: 'idle', working: false }, 'solved', { ms: 56, nodes: 1234 }],
    ['complete while the solver reviews another position', { known: known(null, Array(7).fill([-2, -2]), { final: true }), working: false }, 'solved', { ms: 56 }],
    ['the solver idle with a result of another position', { engine: 'idle', working: false }, 'waiting', { engine: 'idle' }],
    ['the game over', { over: true, known: known(null, Array(7).fill([-2, -2])) }, 'over', {}],
    ['ended short', { known: known(null, [null, [1, 5], null, null, null, null, null], { final: true }), engine: 'idle', working: false }, 'timed-out', {}],
    ['a longer analysis of a position that ended short: solving again, the verdicts kept', { known: known(null, [null, [1, 5], null, null, null, null, null], { final: true }) }, 'solving', { proven: 1 }],
    ['failed', { engine: 'failed', error: 'the worker failed: out of memory' }, 'failed', { error: 'the worker failed: out of memory' }],
    ['loading', { engine: 'loading' }, 'loading', {}],
  ])('status: %s', (_what, o, kind, fields) => {
    const st = run(o).status;
    expect(st.kind).toBe(kind);
    expect(st).toMatchObject(fields);
  });

  test('rule 2: progress never says 0 columns beside a verdict', () => {
    const cases = [none, [null, [1, 5], null, null, null, null, null] as ([number, number] | null)[]];
    for (const columns of cases) {
      const v = run({ known: known(null, columns) });
      const verdicts = v.marks!.filter(isVerdict).length;
      expect(v.status).toMatchObject({ kind: 'solving', proven: verdicts });
    }
  });

  test('rule 4: "Solved" comes with an exact score under every playable column', () => {
    const v = run({ known: known(null, Array(7).fill([3, 3]), { final: true }), engine: 'idle', working: false });
    expect(v.status.kind).toBe('solved');
    expect(v.marks).toEqual(Array(7).fill('Win in 19'));
  });

  test('each column in Pons\' numbers with its kind and hover text; none for a full column or the game over', () => {
    const full = viewOf([0, 0, 0, 0, 0, 0]);
    const k = { ...known(null, [[1, 1], [1, 1], [0, 0], [-2, -2], [0, 4], [-18, -1], null], { final: true }), moves: '111111' };
    const v = run({ playable: full.playable, ply: full.ply, known: k, engine: 'idle', working: false });
    expect(v.columns?.map((m) => m?.number ?? null)).toEqual([null, '+1', '0', '-2', '≥0', '≤-1', 'Not solved']);
    expect(v.columns?.map((m) => m?.kind ?? null)).toEqual([null, 'win', 'draw', 'loss', 'draw-or-win', 'loss', '']);
    expect(v.columns?.[1]?.title).toMatch(/\(solver score \+1\)/);
    expect(v.columns?.[4]?.title).toMatch(/^draw or win with best play: proven; the exact score lies from 0 to 4/);
    expect(v.columns?.[6]?.title).toBeNull();
    expect(run({ over: true, known: k }).columns).toBeNull();
  });
});
