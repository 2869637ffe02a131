import { describe, expect, test } from 'vitest';
import {
  bestLineAfter,
  graphOf,
  judgeMove,
  mistakeAt,
  nextEval,
  nextRecheck,
  nextSolve,
  positionOutcome,
  positionsOf,
  reviewLine,
  reviewProgress,
  type MoveReview,
  type Scores,
} from '../../src/ui/review.js';
import { reviewProgressWords, verdictWords } from '../../src/ui/words.js';

/** Scores from a compact row: a number = solved, '?' = unsolved, 'x' = full column. */
function row(cells: (number | '?' | 'x')[]): Scores {
  const scores = cells.map((c) => (typeof c === 'number' ? c : null));
  const solved = cells.map((c) => typeof c === 'number');
  return { scores, solved, complete: cells.every((c) => c !== '?') };
}

describe('judging a move from the analysis before it', () => {
  test.each<[string, (number | '?' | 'x')[], number, string | null, number[]]>([
    ['the best move', [-2, 1, 3, 5, 3, 1, -2], 3, 'best', []],
    ['a win thrown away for a draw', [-2, 0, 3, 5, 3, 0, -2], 1, 'blunder', [3]],
    ['a draw thrown away for a loss', [-2, 0, 0, -1, 0, 0, -2], 0, 'blunder', [1, 2, 4, 5]],
    ['a slower win', [2, 1, 3, 5, 3, 1, 2], 2, 'slower', [3]],
    ['a sooner loss', [-9, -3, -4, -3, -4, -5, -9], 0, 'slower', [1, 3]],
    ['draws are all alike', [0, 0, 0, 0, 0, 0, -4], 5, 'best', []],
    ['a full column is not better', ['x', 1, 3, 'x', 3, 1, -2], 2, 'best', []],
    ['unsolved played move: no verdict', [1, 1, 3, 5, 3, 1, '?'], 6, null, []],
    ['a proven blunder with columns unsolved', ['?', '?', 2, -1, '?', '?', '?'], 3, 'blunder', [2]],
    ['slower cannot be told while incomplete', ['?', '?', 2, 1, '?', '?', '?'], 3, null, []],
  ])('%s', (_name, cells, col, verdict, better) => {
    const v = judgeMove(row(cells), col);
    expect(v?.verdict ?? null).toBe(verdict);
    if (v) expect(v.better).toEqual(better);
  });

  test('a slower move is told as a slower win or a sooner loss', () => {
    const win = judgeMove(row([2, 1, 3, 5, 3, 1, 2]), 2)!;
    const loss = judgeMove(row([-9, -3, -4, -3, -4, -5, -9]), 0)!;
    expect([win.outcome, verdictWords('slower', win.outcome)]).toEqual([1, 'wins more slowly']);
    expect([loss.outcome, verdictWords('slower', loss.outcome)]).toEqual([-1, 'loses sooner']);
    expect(verdictWords('blunder', judgeMove(row([-2, 0, 3, 5, 3, 0, -2]), 1)!.outcome)).toBe('changed the result');
  });

  test.each<[(number | '?' | 'x')[], -1 | 0 | 1 | null]>([
    [[-2, 1, 3, 5, 3, 1, -2], 1],
    [[0, 0, -1, 0, 0, 0, 0], 0],
    [[-1, -1, -1, -1, -1, -1, -1], -1],
    [['?', '?', 2, '?', '?', '?', '?'], 1], // one winning column proves the win
    [['?', '?', 0, '?', '?', '?', '?'], null], // a draw might still be a win
  ])('positionOutcome(%j) = %s', (cells, expected) => {
    expect(positionOutcome(row(cells))).toBe(expected);
  });

  test('reviewLine judges each move with the analysis of the position before it', () => {
    const line = [3, 3, 0];
    const analyses: Record<string, Scores> = {
      '': row([-2, -1, 0, 1, 0, -1, -2]),
      '4': row([-3, -2, 0, 0, 0, -2, -3]),
      '44': row([-4, 0, 1, 2, 1, 0, -4]),
    };
    const r = reviewLine(line, (m) => analyses[m] ?? null);
    expect(r.map((x) => [x.ply, x.verdict, x.better])).toEqual([
      [0, 'best', []],
      [1, 'best', []],
      [2, 'blunder', [3]],
    ]);
  });
});

describe('the evaluation graph', () => {
  test('values turn to Red\'s side; the solver comes from the position or its parent; the end is the result', () => {
    const line = [3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 4]; // an arbitrary 11-ply line
    const pts = graphOf(line.slice(0, 2), (ply) => ({
      agentValue: ply === 0 ? 0.5 : ply === 1 ? 0.5 : null,
      analysis: ply === 0 ? row([-2, -1, 0, 1, 0, -1, -2]) : null,
      over: null,
    }));
    // ply 0: Red to move, value 0.5 -> 0.75; ply 1: Yellow to move, value 0.5 -> Red 0.25.
    expect(pts.map((p) => p.agent)).toEqual([0.75, 0.25, null]);
    // ply 0: Red wins (best +1); ply 1: the parent scored column 4 at +1 for Red.
    expect(pts.map((p) => p.solver)).toEqual([1, 1, null]);
    const won = graphOf([3, 2, 3, 2, 3, 2, 3], (ply) => ({ agentValue: null, analysis: null, over: ply === 7 ? 1 : null }));
    expect(won[7]).toEqual({ ply: 7, agent: 1, solver: 1 });
  });

  test('positionsOf lists every position of the line', () => {
    expect(positionsOf([3, 2])).toEqual(['', '4', '43']);
  });
});

describe('what the engines look at next', () => {
  const known = (m: Record<string, number>) => (k: string) => m[k] ?? -1;
  test.each([
    ['the board first', { shown: '44', shownOver: false, open: ['', '4', '44'], known: known({}), fill: true }, { moves: '44', simulations: 256 }],
    ['then the graph', { shown: '44', shownOver: false, open: ['', '4', '44'], known: known({ '44': 256 }), fill: true }, { moves: '', simulations: 64 }],
    ['not during play', { shown: '44', shownOver: false, open: ['', '4', '44'], known: known({ '44': 256 }), fill: false }, null],
    ['a proof is enough', { shown: '44', shownOver: false, open: ['44'], known: known({ '44': Infinity }), fill: true }, null],
    ['over: only the graph', { shown: '4444', shownOver: true, open: ['', '4'], known: known({ '': 8 }), fill: true }, { moves: '4', simulations: 64 }],
  ])('nextEval: %s', (_n, o, expected) => {
    expect(nextEval({ ...o, levelSims: 256, graphSims: 64 })).toEqual(expected);
  });

  test.each([
    ['the board first', '44', false, new Set<string>(), true, '44'],
    ['then the game, last first', '44', false, new Set(['44']), true, '4'],
    ['not without a review', '44', false, new Set(['44']), false, null],
    ['all done', '44', false, new Set(['', '4', '44']), true, null],
  ])('nextSolve: %s', (_n, shown, shownOver, done, review, expected) => {
    expect(nextSolve({ shown, shownOver, open: ['', '4', '44'], done: (m) => done.has(m), review })).toBe(expected);
  });
});

describe('the review goes on with what timed out, and counts exactly', () => {
  const line = [3, 3, 4, 2]; // 4453
  const pos = ['', '4', '44', '445'];
  const table = (entries: Record<string, readonly [number, boolean] | null>) => (m: string) => {
    const e = entries[m];
    return e ? { limitS: e[0], complete: e[1] } : null;
  };

  test.each([
    // analyses by position [limit s, complete], judged plies, expected next look (position, seconds)
    ['first pass unfinished: none yet', { '': [10, false], '4': [10, true], '44': null, '445': [10, true] }, [1, 3], null],
    ['every move judged: none', { '': [10, false], '4': [10, false], '44': [10, false], '445': [10, false] }, [0, 1, 2, 3], null],
    ['the latest unjudged, three times longer', { '': [10, false], '4': [10, true], '44': [10, false], '445': [10, true] }, [1, 3], ['44', 30]],
    ['the one with the least time first', { '': [10, false], '4': [10, true], '44': [30, false], '445': [10, true] }, [1, 3], ['', 30]],
    ['up to the cap', { '': [60, false], '4': [10, true], '44': [90, false], '445': [10, true] }, [1, 3], ['', 90]],
    ['given up at the cap', { '': [90, false], '4': [10, true], '44': [90, false], '445': [10, true] }, [1, 3], null],
  ] as const)('nextRecheck: %s', (_what, entries, judged, expected) => {
    const got = nextRecheck(line, table(entries), (p) => (judged as readonly number[]).includes(p));
    expect(got).toEqual(expected === null ? null : { moves: expected[0], limitS: expected[1] });
  });

  test('reviewProgress counts judged moves, not analyses', () => {
    const reviews = [1, 3].map((ply) => ({ ply, col: line[ply], verdict: 'best' as const, better: [], outcome: 0 as const }));
    const first = reviewProgress(line, reviews, table({ '': [10, false], '4': [10, true], '44': [10, false], '445': [10, true] }));
    expect(first).toEqual({ total: 4, judged: 2, analysed: 4, givenUp: [], working: true });
    const last = reviewProgress(line, reviews, table({ '': [90, false], '4': [10, true], '44': [90, false], '445': [10, true] }));
    expect(last).toEqual({ total: 4, judged: 2, analysed: 4, givenUp: [0, 2], working: false });
    expect(pos.length).toBe(4);
  });

  test.each([
    [{ total: 34, judged: 12, analysed: 20, givenUp: [], working: true }, 'Checking the moves with the solver: 12 of 34 moves judged so far.'],
    [{ total: 34, judged: 31, analysed: 34, givenUp: [], working: true }, 'Looking longer at the 3 moves the solver could not judge quickly: 31 of 34 moves judged so far.'],
    [{ total: 34, judged: 34, analysed: 34, givenUp: [], working: false }, 'All 34 moves judged by the solver.'],
    [{ total: 34, judged: 32, analysed: 34, givenUp: [4, 7], working: false }, "32 of 34 moves judged by the solver; Red's move 3 and Yellow's move 4 were too hard to judge in 90 s each."],
  ])('reviewProgressWords(%j)', (p, words) => {
    expect(reviewProgressWords(p, 90)).toBe(words);
  });
});

describe('the best line after a mistake', () => {
  const blunder = (ply: number, col: number, better: number[]): MoveReview => ({ ply, col, verdict: 'blunder', better, outcome: 0 });
  const analyses = (table: Record<string, Scores>) => (moves: string) => table[moves] ?? null;

  test('the better move that makes four ends the line with a win', () => {
    // Red has columns 1-3 on the bottom row and plays 7 instead of 4.
    const line = [0, 0, 1, 1, 2, 2, 6];
    expect(bestLineAfter(line, blunder(6, 6, [3]), analyses({}))).toEqual({ cols: [3], stop: 'win', next: null });
  });

  test('the line grows one analysed position at a time, the most central best column first', () => {
    const line = [3, 3, 0];
    const m = blunder(2, 0, [4, 2]);
    // Nothing analysed after the better move (column 3, more central than 5): the solver is asked for "443".
    expect(bestLineAfter(line, m, analyses({}))).toEqual({ cols: [2], stop: 'pending', next: '443' });
    const table = {
      '443': row([-3, 1, 2, 2, -1, -2, -4]), // columns 3 and 4 tie: 4 is the centre
      '4434': row([0, 1, 3, 1, 3, 0, -1]), // 3 and 5 tie: 3 comes first from the centre out
    };
    expect(bestLineAfter(line, m, analyses(table))).toEqual({ cols: [2, 3, 2], stop: 'pending', next: '44343' });
    expect(bestLineAfter(line, m, analyses(table), 2)).toEqual({ cols: [2, 3], stop: 'length', next: null });
  });

  test('an analysis that did not solve every column ends the line: it is never guessed', () => {
    const table = { '443': row([-3, '?', 2, 1, -1, -2, -4]) };
    expect(bestLineAfter([3, 3, 0], blunder(2, 0, [2]), analyses(table))).toEqual({ cols: [2], stop: 'unsolved', next: null });
  });

  test('mistakeAt finds the mistake made in the position on screen, and only on the game\'s own line', () => {
    const line = [3, 3, 0, 1];
    const reviews: MoveReview[] = [{ ply: 1, col: 3, verdict: 'best', better: [], outcome: 0 }, blunder(2, 0, [2])];
    expect(mistakeAt(line, reviews, '44')).toBe(reviews[1]);
    expect(mistakeAt(line, reviews, '4')).toBeNull(); // a best move
    expect(mistakeAt(line, reviews, '45')).toBeNull(); // a side line
    expect(mistakeAt(line, reviews, '4412')).toBeNull(); // the end of the game
  });

  test('nextSolve asks for the best line\'s position after the board\'s, before the review\'s', () => {
    const o = { shown: '44', shownOver: false, open: ['', '4', '44'], review: true, also: '443' };
    expect(nextSolve({ ...o, done: () => false })).toBe('44');
    expect(nextSolve({ ...o, done: (m) => m === '44' })).toBe('443');
    expect(nextSolve({ ...o, done: (m) => m === '44' || m === '443' })).toBe('4');
  });
});
