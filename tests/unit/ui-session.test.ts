import { describe, expect, test } from 'vitest';
import type { Change } from '../../src/ui/game.svelte.js';
import { PREFS_KEY, addressUpdate, gameIdOf, linkNotice, randomGameSeed, seedOfGameId, initialMode, loadPrefs, modeOfSide, parsePrefs, savePrefs, withSide } from '../../src/ui/session.js';
import type { Mode } from '../../src/ui/seats.js';

const BASE = 'http://localhost:4173/';
const LIMITS = [2, 10, 30];

describe('links and reloads', () => {
  test.each<[string, Mode | undefined, Mode]>([
    ['', undefined, 'agent-second'], // a fresh page: the default
    ['', 'agent-first', 'agent-first'], // a fresh page: the saved way to play
    ['?pos=445', 'agent-second', 'humans'], // a shared position: analysis, the agent never moves for the visitor
    ['?pos=445&side=yellow', 'agent-second', 'agent-first'], // the link names the visitor's side
    ['?pos=445&side=red', 'humans', 'agent-second'],
    ['?pos=445&side=both', 'agent-first', 'humans'],
    ['?pos=445&side=blue', 'agent-first', 'humans'], // an unknown side is ignored
    ['?pos=', 'agent-first', 'agent-first'], // an empty position is no position
  ])('%s with saved %s opens as %s', (query, saved, expected) => {
    expect(initialMode(BASE + query, { mode: saved }, 'agent-second')).toBe(expected);
  });

  test.each<[Mode, string]>([
    ['agent-second', 'red'],
    ['agent-first', 'yellow'],
  ])('%s writes side=%s, and reads back', (mode, side) => {
    const href = withSide(`${BASE}?pos=44`, mode);
    expect(new URL(href).searchParams.get('side')).toBe(side);
    expect(modeOfSide(side)).toBe(mode);
    expect(initialMode(href, {}, 'humans')).toBe(mode);
  });

  test('two players remove the side', () => {
    expect(withSide(`${BASE}?pos=44&side=red`, 'humans')).toBe(`${BASE}?pos=44`);
  });
});

describe('the address bar follows the game', () => {
  test.each<[string, string, string, number | null, Mode, Change, string | null, boolean]>([
    // what, query now, line, ply on the board (null: all), mode, last change, new query (null: unchanged), new history entry
    ['a move played is a new entry', '?side=red', '4', null, 'agent-second', 'play', '?side=red&pos=4', true],
    ['the next move too', '?pos=4&side=red', '44', null, 'agent-second', 'play', '?pos=44&side=red', true],
    ['a step back keeps the line and replaces the entry', '?pos=44&side=red', '44', 1, 'agent-second', 'step', '?pos=44&side=red&ply=1', false],
    ['a step to the end drops the ply', '?pos=44&ply=1', '44', 2, 'humans', 'step', '?pos=44', false],
    ['a side line started is a new entry', '?pos=4453&ply=2&side=red', '441', null, 'agent-second', 'play', '?pos=441&side=red', true],
    ['a move of the line followed replaces the entry', '?pos=4453&ply=2', '4453', 3, 'humans', 'play', '?pos=4453&ply=3', false],
    ['a load replaces it', '?pos=44', '445', null, 'humans', 'load', '?pos=445', false],
    ['a new game empties it, as a new entry', '?pos=44&side=red', '', null, 'agent-second', 'play', '?side=red', true],
    ['a new game from the empty board changes only the side', '?side=red', '', null, 'agent-first', 'play', '?side=yellow', false],
    ['a new way to play replaces the side', '?pos=44&side=red', '44', null, 'agent-first', 'step', '?pos=44&side=yellow', false],
    ['two players drop the side', '?pos=44&side=red', '44', null, 'humans', 'play', '?pos=44', false],
    ['in step already: nothing to do', '?pos=44&side=red', '44', null, 'agent-second', 'play', null, false],
    ['other parameters stay', '?model=/m.onnx', '4', null, 'humans', 'play', '?model=%2Fm.onnx&pos=4', true],
  ])('%s', (_what, query, line, ply, mode, change, expected, push) => {
    const update = addressUpdate(BASE + query, line, ply ?? line.length, mode, change);
    expect(update).toEqual(expected === null ? null : { href: BASE + expected, push });
  });
});

describe('the game id', () => {
  test.each([
    ['agent-second', 1234, '?pos=4&side=red&game=ya'],
    ['agent-first', 0xffffffff, '?pos=4&side=yellow&game=1z141z3'],
    ['humans', 1234, '?pos=4'], // no agent, nothing to seed
  ] as const)('against the agent (%s) the address holds the seed %d as its id', (mode, seed, expected) => {
    expect(addressUpdate(`${BASE}?pos=4`, '4', 1, mode, 'play', seed)?.href ?? `${BASE}?pos=4`).toBe(BASE + expected);
  });

  test.each([
    ['ya', 1234],
    ['YA', 1234],
    ['1z141z3', 0xffffffff],
    ['0', null],
    ['zzzzzzz', null], // past 2^32
    ['no-id', null],
    [null, null],
  ])('seedOfGameId(%j) = %j', (id, seed) => {
    expect(seedOfGameId(id)).toBe(seed);
  });

  test('ids round-trip and fresh seeds are in range', () => {
    for (const seed of [1, 36, 99999, 0xfffffffe]) expect(seedOfGameId(gameIdOf(seed))).toBe(seed);
    expect(randomGameSeed(() => 0)).toBe(1);
    expect(randomGameSeed(() => 0.999999999999)).toBeLessThanOrEqual(0xffffffff);
  });
});

describe('saved preferences', () => {
  test.each([
    [null, {}],
    ['not json', {}],
    ['[1]', {}],
    ['{"level":"max","analysis":true,"analysisLimitS":30,"mode":"agent-first"}', { level: 'max', analysis: true, analysisLimitS: 30, mode: 'agent-first' }],
    ['{"level":"godlike","analysis":"yes","analysisLimitS":7,"mode":"x"}', {}],
    ['{"ponsScores":true}', { ponsScores: true }],
    ['{"ponsScores":"on"}', {}],
  ])('parsePrefs(%s)', (raw, expected) => {
    expect(parsePrefs(raw, LIMITS)).toEqual(expected);
  });

  test('save merges into what was saved; a throwing storage is ignored', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    savePrefs(storage, { level: 'easy' }, LIMITS);
    savePrefs(storage, { analysis: true }, LIMITS);
    expect(loadPrefs(storage, LIMITS)).toEqual({ level: 'easy', analysis: true });
    expect(data.has(PREFS_KEY)).toBe(true);
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(loadPrefs(broken, LIMITS)).toEqual({});
    expect(() => savePrefs(broken, { level: 'max' }, LIMITS)).not.toThrow();
  });
});

describe('what the page says about its link', () => {
  const quote = (s: string) => (s.length > 8 ? `${s.slice(0, 8)}…` : s);
  test.each([
    ['?pos=44', /two players, with no agent/],
    ['?pos=44&side=blue', /side "blue", which is not red, yellow or both/],
    ['?side=bluebluebluebluE', /side "blueblue…"/],
    ['?pos=44&side=red', null],
    ['?pos=44&side=both', null],
    ['', null],
  ])('linkNotice(%s)', (query, expected) => {
    const n = linkNotice(BASE + query, quote);
    if (expected === null) expect(n).toBeNull();
    else expect(n).toMatch(expected);
  });
});
