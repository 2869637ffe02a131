import { describe, expect, test } from 'vitest';
import { gaugeOf, solverOutcome, type SolverFacts } from '../../src/ui/gauge.js';

/** A solver analysis with every column solved at `scores` (null = full), or the position's own bounds only. */
const solved = (scores: (number | null)[]): SolverFacts => ({ scores, solved: scores.map((s) => s !== null), complete: true, position: null });
const bounds = (min: number, max: number): SolverFacts => ({ scores: Array(7).fill(null), solved: Array(7).fill(false), complete: false, position: [min, max] });

describe('the gauge', () => {
  test.each([
    ['every column solved, best a draw', solved([0, -2, 0, 0, -3, -1, -2]), 0],
    ['a winning column', solved([3, -2, 0, 0, -3, -1, -2]), 1],
    ["the position's own exact score", bounds(0, 0), 0],
    ['a bound that proves a loss', bounds(-5, -1), -1],
    ['a bound that proves nothing', bounds(0, 5), null],
    ['no analysis', null, null],
  ])('solverOutcome: %s', (_what, a, expected) => {
    expect(solverOutcome(a)).toBe(expected);
  });

  test.each([
    // what, ply, solver, agent's estimate, expected kind, winner or Red's chances, words
    ['a proven draw beats the estimate', 6, solved([0, -2, 0, 0, -3, -1, -2]), { searchValue: -0.12, proven: null }, 'proven', 0, 'Proven: a draw with best play'],
    ['a win for the side to move (Yellow at ply 5)', 5, solved([3, -2, 0, 0, -3, -1, -2]), null, 'proven', 2, 'Proven: Yellow wins with best play'],
    ["the agent's own proof", 4, null, { searchValue: -1, proven: -1 }, 'proven', 2, 'Proven: Yellow wins with best play'],
    ['else the estimate', 0, null, { searchValue: 0.2, proven: null }, 'estimate', 0.6, null],
  ] as const)('%s', (_what, ply, solver, estimate, kind, value, text) => {
    const g = gaugeOf({ ply, over: false, solver, estimate });
    expect(g?.kind).toBe(kind);
    if (g?.kind === 'proven') {
      expect(g.winner).toBe(value);
      expect(g.text).toBe(text);
    }
    if (g?.kind === 'estimate') expect(g.red).toBeCloseTo(value);
  });

  test('nothing once the game is over or before any estimate', () => {
    expect(gaugeOf({ ply: 7, over: true, solver: null, estimate: { searchValue: 1, proven: 1 } })).toBeNull();
    expect(gaugeOf({ ply: 0, over: false, solver: null, estimate: null })).toBeNull();
  });
});
