import { describe, expect, test } from 'vitest';
import { agentMoveToPlay, agentStep, evalDepth, fillsGraph, goodAnalysis, type AgentStep } from '../../src/ui/engine-jobs.js';
import type { Purpose } from '../../src/ui/engines.svelte.js';
import type { Mode } from '../../src/ui/seats.js';
import type { AgentResult, EngineStatus, SolverResult } from '../../src/worker/protocol.js';

const cols = (s: string) => Array.from(s, (c) => Number(c) - 1);

/** A final agent answer for `moves`, best column `best` (0-6) with all the visits. */
function answer(moves: string, best: number, extra: Partial<AgentResult> = {}): AgentResult {
  const visitShare = Array(7).fill(0);
  if (best >= 0) visitShare[best] = 1;
  return { id: 1, moves, best, visitShare, netValue: 0, searchValue: 0, proven: null, simulations: 800, ms: 10, final: true, ...extra };
}

describe('what the agent does now', () => {
  const NONE: AgentStep = { move: false, stopMove: false, evaluate: false };
  test.each<[string, EngineStatus, boolean, Purpose, boolean, AgentStep]>([
    // what, status, agent's turn, purpose of the running search, bad address, step
    ['loading: wait', 'loading', true, 'move', false, NONE],
    ['failed: nothing', 'failed', true, 'eval', false, NONE],
    ['failed, not its turn: nothing', 'failed', false, 'move', false, NONE],
    ['its turn: search the move', 'idle', true, 'eval', false, { ...NONE, move: true }],
    ['its turn while evaluating: search the move', 'computing', true, 'eval', false, { ...NONE, move: true }],
    ['its turn while moving: the move (the request deduplicates)', 'computing', true, 'move', false, { ...NONE, move: true }],
    ['not its turn, idle: evaluate', 'idle', false, 'move', false, { ...NONE, evaluate: true }],
    ['stepped back from its move search: stop it, evaluate', 'computing', false, 'move', false, { ...NONE, stopMove: true, evaluate: true }],
    ['evaluating: evaluate (the request deduplicates)', 'computing', false, 'eval', false, { ...NONE, evaluate: true }],
  ])('%s', (_what, status, agentTurn, purpose, _loadError, expected) => {
    expect(agentStep(status, agentTurn, purpose)).toEqual(expected);
  });

  test.each<[string, AgentResult | undefined, number]>([
    ['none', undefined, -1],
    ['a search', answer('44', 3, { simulations: 300 }), 300],
    ['a proof', answer('44', 3, { simulations: 12, proven: 1 }), Infinity],
    ['a proven draw', answer('44', 3, { simulations: 12, proven: 0 }), Infinity],
  ])('evalDepth: %s = %d', (_what, e, depth) => {
    expect(evalDepth(e)).toBe(depth);
  });

  test.each<[boolean, boolean, Mode, boolean]>([
    // line over, at the end, mode, fills the graph
    [false, true, 'agent-second', false], // playing: only the board's position
    [true, true, 'agent-second', true], // after the game
    [false, false, 'agent-first', true], // stepped back
    [false, true, 'humans', true], // between two players
  ])('fillsGraph(line over %s, at end %s, %s) = %s', (lineOver, atEnd, mode, expected) => {
    expect(fillsGraph(lineOver, atEnd, mode)).toBe(expected);
  });
});

describe("playing the agent's answer", () => {
  test.each<[string, AgentResult, string, string, Mode, number]>([
    // what, answer, board, line, mode, column played (-1: dropped)
    ['its turn at the end: the best column', answer('4', 2), '4', '4', 'agent-second', 2],
    ['moving first on the empty board', answer('', 3), '', '', 'agent-first', 3],
    ['an answer for another position', answer('44', 2), '4', '4', 'agent-second', -1],
    ['stepped back since', answer('4', 2), '4', '44', 'agent-second', -1],
    ["not the agent's side any more", answer('4', 2), '4', '4', 'agent-first', -1],
    ['between two players', answer('4', 2), '4', '4', 'humans', -1],
    ['the game is over (the agent lost)', answer('4545454', 0), '4545454', '4545454', 'agent-second', -1],
    ['a search that found no move', answer('4', -1), '4', '4', 'agent-second', -1],
  ])('%s', (_what, r, board, line, mode, expected) => {
    expect(agentMoveToPlay(r, cols(board), cols(line), mode, 'max')).toBe(expected);
  });
});

describe('which analyses count as done', () => {
  const result = (complete: boolean) => ({ complete }) as SolverResult;
  test.each<[string, { result: SolverResult; limitS: number } | undefined, number, boolean]>([
    // what, finished analysis, current limit (s), done
    ['none yet', undefined, 10, false],
    ['complete within a short limit', { result: result(true), limitS: 2 }, 30, true],
    ['incomplete, given this limit', { result: result(false), limitS: 10 }, 10, true],
    ['incomplete, given more', { result: result(false), limitS: 30 }, 10, true],
    ['incomplete, given less: ask again', { result: result(false), limitS: 2 }, 10, false],
  ])('%s', (_what, d, limitS, done) => {
    const r = goodAnalysis(d, limitS);
    expect(r !== null).toBe(done);
    if (done) expect(r).toBe(d!.result);
  });
});
