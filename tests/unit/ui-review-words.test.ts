import { describe, expect, test } from 'vitest';
import { bestLineWords, betterWords, graphTicks, readoutWords, summaryWords } from '../../src/ui/review-words.js';
import type { MoveReview } from '../../src/ui/review.js';

const r = (ply: number, verdict: MoveReview['verdict']): MoveReview => ({ ply, col: 0, verdict, better: [3], outcome: 0 });

describe('review words', () => {
  test.each([
    [[], ['Red: no mistakes, no inaccuracies.', 'Yellow: no mistakes, no inaccuracies.']],
    [[r(1, 'slower'), r(3, 'slower'), r(5, 'slower'), r(6, 'blunder')], ['Red: 1 mistake, no inaccuracies.', 'Yellow: no mistakes, 3 inaccuracies.']],
    [[r(0, 'best'), r(2, 'blunder'), r(4, 'blunder'), r(8, 'slower')], ['Red: 2 mistakes, 1 inaccuracy.', 'Yellow: no mistakes, no inaccuracies.']],
  ] as const)('summary of %j', (reviews, want) => {
    expect(summaryWords(reviews)).toEqual(want);
  });

  test.each([
    // Pons' score for the mover at ply: 22 - k wins with the mover's k-th disc counted from the start.
    [18, 6, 'Red wins in 1'],
    [0, 6, 'a draw'],
    [-10, 7, 'Red still wins, in 8'],
    [17, 7, 'Yellow wins in 2'],
  ])('better move of score %i at ply %i: %s', (score, ply, want) => {
    expect(betterWords(score, ply)).toBe(want);
  });

  test.each([
    [0, []],
    [8, [1, 2, 3, 4]],
    [30, [2, 4, 6, 8, 10, 12, 14]],
    [42, [5, 10, 15, 20]],
  ])('axis of a %i-ply game: moves %j', (plies, want) => {
    const ticks = graphTicks(plies);
    expect(ticks.map((t) => t.move)).toEqual(want);
    for (const t of ticks) expect(t.ply).toBe(2 * t.move - 1);
  });

  test.each([
    [{ ply: 0, agent: 0.5, solver: 1 }, 'At the start: Red\'s chances 50% (agent); perfect play: Red wins.'],
    [{ ply: 6, agent: 0.47, solver: null }, 'After move 3, Yellow column 1: Red\'s chances 47% (agent).'],
    [{ ply: 7, agent: null, solver: 0 }, 'After move 4, Red column 2: not estimated yet; perfect play: a draw.'],
  ] as const)('readout %j', (point, want) => {
    expect(readoutWords(point, [3, 0, 3, 0, 3, 0, 1, 0])).toBe(want);
  });

  test.each([
    [{ cols: [3], stop: 'win', next: null }, 6, 'Best line: Red 4. Red wins.'],
    [{ cols: [2, 3, 2], stop: 'pending', next: '44343' }, 1, 'Best line: Yellow 3, Red 4, Yellow 3 … (solving)'],
    [{ cols: [2, 3], stop: 'length', next: null }, 2, 'Best line: Red 3, Yellow 4 …'],
    [{ cols: [0], stop: 'unsolved', next: null }, 2, 'Best line: Red 1 … (not solved further in the time allowed)'],
    [{ cols: [6], stop: 'draw', next: null }, 41, 'Best line: Yellow 7. The board is full: a draw.'],
  ] as const)('best line %j from ply %d', (line, ply, words) => {
    expect(bestLineWords({ ...line, cols: [...line.cols] }, ply)).toBe(words);
  });
});
