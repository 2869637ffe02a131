/**
 * FiniteCheckingEvaluator (src/nn/finite-check.ts): an evaluation that breaks
 * the Evaluator contract (what a corrupt model's NaN weights produce) stops
 * the search with NonFiniteOutputError; good ones pass through unchanged.
 */
import { describe, expect, test } from 'vitest';
import { parseMoves, type Position } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { evaluationFault, FiniteCheckingEvaluator, NonFiniteOutputError } from '../../src/nn/finite-check.js';
import { scoreRange } from '../../training/eval/labels.js';

const uniform = Float32Array.from({ length: 7 }, () => 1 / 7);
const ev = (value: number, policy: Float32Array = uniform): Evaluation => ({ value, policy });

describe('evaluationFault', () => {
  test.each([
    [ev(0.3), null],
    [ev(-1), null],
    [ev(0, Float32Array.of(0, 0, 0, 1, 0, 0, 0)), null],
    [ev(NaN), 'value NaN'],
    [ev(Infinity), 'value Infinity'],
    [ev(1.5), 'value 1.5 outside [-1, 1]'],
    [ev(0, Float32Array.of(0, 0, 0, NaN, 0, 0, 0)), 'policy[3] = NaN'],
    // legalSoftmax of NaN logits: every column 0.
    [ev(0, new Float32Array(7)), 'policy sums to 0, not 1 (non-finite logits)'],
  ])('%j -> %j', (e, fault) => {
    expect(evaluationFault(e)).toBe(fault);
  });
});

describe('FiniteCheckingEvaluator', () => {
  const fixed = (evals: Evaluation[]): Evaluator => ({ evaluate: async () => evals });
  const positions: Position[] = [parseMoves(''), parseMoves('4453')];

  test('passes good evaluations through', async () => {
    const good = [ev(0.1), ev(-0.2)];
    expect(await new FiniteCheckingEvaluator(fixed(good)).evaluate(positions)).toBe(good);
  });

  test('throws NonFiniteOutputError on the first bad one, naming it', async () => {
    const check = new FiniteCheckingEvaluator(fixed([ev(0.1), ev(NaN)]));
    await expect(check.evaluate(positions)).rejects.toThrow(NonFiniteOutputError);
    await expect(check.evaluate(positions)).rejects.toThrow(/not a number \(value NaN, position of 4 stones\)/);
  });
});

describe('scoreRange (labelled sets)', () => {
  test.each([
    [0, -21, 21],
    [4, -19, 19],
    [5, -18, 19],
    [40, -1, 1],
    [41, 0, 1],
  ])('%i stones: %i..%i', (stones, min, max) => {
    expect(scoreRange(stones)).toEqual({ min, max });
  });
});
