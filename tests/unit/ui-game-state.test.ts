import { beforeEach, describe, expect, test } from 'vitest';
import { drop, game, loadPos, loadValidPrefix, newGame, undo } from '../../src/ui/game.svelte.js';
import { notation } from '../../src/ui/game-model.js';

const moves = () => notation(game.moves);

describe('game state mutators', () => {
  beforeEach(() => newGame());

  test.each([
    // keys pressed (1-indexed), resulting notation
    ['4453', '4453'],
    ['4545454', '4545454'],
    ['45454545', '4545454'], // after the win, drops are refused
    ['1111111', '111111'], // the seventh stone does not fit
  ])('drops %s -> %s', (keys, expected) => {
    for (const k of keys) drop(Number(k) - 1);
    expect(moves()).toBe(expected);
  });

  test('drop reports whether the stone was placed', () => {
    expect(drop(3)).toBe(true);
    expect(drop(9)).toBe(false);
    expect(moves()).toBe('4');
  });

  test.each([
    ['4453', 1, '445'],
    ['4453', 2, '44'],
    ['4453', 9, ''],
    ['', 1, ''],
    ['4453', 0, '4453'],
  ])('undo after %s by %d -> %s', (start, count, expected) => {
    loadPos(start);
    undo(count);
    expect(moves()).toBe(expected);
  });

  test('new game, undo and load bump the generation so stale work is dropped', () => {
    const g0 = game.generation;
    loadPos('44');
    undo(1);
    newGame();
    expect(game.generation).toBe(g0 + 3);
    drop(3);
    expect(game.generation).toBe(g0 + 3);
  });

  test.each([
    [null, '', false],
    ['', '', false],
    ['4453', '4453', false],
    ['44x5', '', true],
    ['1111111', '', true],
  ])('loadPos(%j) -> board %j, error %s', (value, expected, hasError) => {
    loadPos(value);
    expect(moves()).toBe(expected);
    expect(game.loadError !== null).toBe(hasError);
  });

  test('a bad position recovers through its valid prefix', () => {
    loadPos('4453x1');
    expect(game.loadError?.prefix.length).toBe(4);
    loadValidPrefix();
    expect(moves()).toBe('4453');
    expect(game.loadError).toBeNull();
  });

  test('playing on after a bad position clears the message', () => {
    loadPos('9');
    expect(game.loadError).not.toBeNull();
    drop(0);
    expect(game.loadError).toBeNull();
    expect(moves()).toBe('1');
  });
});
