import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { viewOf } from '../../src/ui/game-model.js';
import type { EngineStatus } from '../../src/worker/protocol.js';
import {
  describeScore,
  moveNumber,
  positionWords,
  resultSentence,
  scoreTitle,
  scoreWords,
  WIN_IN_WORDS,
  shorten,
  turnDetail,
} from '../../src/ui/words.js';

describe("players' words", () => {
  test.each([
    [0, 0, 'Draw'],
    [1, 0, 'Win in 21'], // the empty board: Red wins with its last disc
    [18, 0, 'Win in 4'], // the quickest win: Red's 4th disc
    [18, 1, 'Win in 4'], // Yellow, with no disc yet
    [16, 4, 'Win in 4'], // 22 - 16 - 2
    [-18, 1, 'Lose in 3'], // 22 - 18 - 1
    [-1, 0, 'Lose in 21'],
  ])('scoreWords(%d at ply %d) = %s', (score, ply, expected) => {
    expect(scoreWords(score, ply)).toBe(expected);
  });

  test.each<[number, number, number, string | null]>([
    [1, 1, 0, 'With best play Red (to move) wins in 21.'],
    [-18, -18, 1, 'With best play Yellow (to move) loses in 3.'],
    [0, 0, 5, 'With best play Yellow (to move) draws.'],
    [2, 9, 4, 'With best play Red (to move) wins (how soon is not proven yet).'],
    [-3, 0, 2, 'With best play Red (to move) draws or loses.'],
    [-3, 4, 2, null],
  ])('positionWords(%d..%d at ply %d) = %s', (min, max, ply, expected) => {
    expect(positionWords(min, max, ply)).toBe(expected);
  });

  test('"Win in N" is explained in the README with the sentence the page shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(WIN_IN_WORDS.replace(/\s+/g, ' '));
  });

  test('the hover text keeps the raw score', () => {
    expect(scoreTitle(18, 0)).toMatch(/4th disc.*\+18/);
    expect(scoreTitle(-2, 3)).toMatch(/opponent's 18th disc.*-2/);
  });

  test.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [16, 9],
    [41, 21],
  ])('the move at ply %d is move %d', (ply, n) => {
    expect(moveNumber(ply)).toBe(n);
  });

  test.each([
    ['4545454', 'Red connected four on move 4.'],
    ['14142424', 'Yellow connected four on move 4.'],
    ['351617122645211142732334576424774376365655', 'The board is full after 21 moves: nobody connected four.'],
    ['44', ''],
  ])('resultSentence(%s)', (moves, expected) => {
    expect(resultSentence(viewOf(Array.from(moves, (c) => Number(c) - 1)))).toBe(expected);
  });

  test.each([
    [0, 10, 'draw with best play'],
    [18, 0, 'wins by your move 4'],
    [17, 6, 'wins by your move 2'],
    [18, 6, 'wins at once'],
    [-18, 1, 'loses: the opponent wins by their move 3'],
  ])('describeScore(%d, ply %d)', (score, ply, text) => {
    expect(describeScore(score, ply)).toBe(text);
  });
});

describe('the line under the status', () => {
  test.each<[string, boolean, boolean, EngineStatus, boolean, boolean, string | null]>([
    // what, agent's turn, agent's side to move, agent status, against the agent, over, line
    ['thinking', true, true, 'computing', true, false, 'The agent is thinking…'],
    ['idle on its turn: about to think', true, true, 'idle', true, false, 'The agent is thinking…'],
    ['loading', true, true, 'loading', true, false, 'The agent is getting ready…'],
    ['failed', true, true, 'failed', true, false, 'The agent is not available (see below).'],
    ['stepped back to its turn', false, true, 'idle', true, false, "The agent's turn: step forward, or let it play from here."],
    ["the player's turn", false, false, 'computing', true, false, 'Your move.'],
    ['game over', false, false, 'idle', true, true, null],
    ['two players', false, false, 'idle', false, false, null],
  ])('%s', (_what, agentTurn, agentsSide, status, againstAgent, over, expected) => {
    expect(turnDetail({ agentTurn, agentsSide, status, againstAgent, over })).toBe(expected);
  });
});

describe('echoing what the player typed', () => {
  test.each([
    ['4453', 24, '4453'],
    ['1'.repeat(5000), 10, '1111111111… (5,000 characters)'],
  ])('shorten(%s, %d)', (text, max, expected) => {
    expect(shorten(text, max)).toBe(expected);
  });
});
