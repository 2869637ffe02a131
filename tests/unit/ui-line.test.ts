import { describe, expect, test } from 'vitest';
import { columnForArrow, isPrefix, plyForKey } from '../../src/ui/line.js';
import { goTo, goToLine, drop, game, loadPos, makeMainLine, newGame, playOnFromHere, redo, undo } from '../../src/ui/game.svelte.js';
import { notation } from '../../src/ui/game-model.js';
import { redoCount, type Mode } from '../../src/ui/seats.js';

const cols = (s: string) => Array.from(s, (c) => Number(c) - 1);
const str = (m: readonly number[]) => notation(m);

describe('the line with a cursor', () => {
  test.each([
    ['', '4453', true],
    ['44', '4453', true],
    ['45', '4453', false],
    ['44531', '4453', false],
  ])('isPrefix(%s, %s) = %s', (moves, line, expected) => {
    expect(isPrefix(cols(moves), cols(line))).toBe(expected);
  });

  test.each([
    ['ArrowLeft', 3, 5, 2],
    ['ArrowLeft', 0, 5, 0],
    ['ArrowRight', 3, 5, 4],
    ['ArrowRight', 5, 5, 5],
    ['Home', 3, 5, 0],
    ['End', 1, 5, 5],
    ['x', 1, 5, null],
  ])('plyForKey(%s) at %d of %d -> %s', (key, ply, length, expected) => {
    expect(plyForKey(key, ply, length)).toBe(expected);
  });

  test.each([
    ['ArrowLeft', 3, 2],
    ['ArrowLeft', 0, 6],
    ['ArrowRight', 6, 0],
    ['Home', 4, 0],
    ['End', 1, 6],
    ['Enter', 1, null],
  ])('columnForArrow(%s) from %d -> %s', (key, col, expected) => {
    expect(columnForArrow(key, col, 7)).toBe(expected);
  });

  test.each<[Mode, number, number, number, string]>([
    ['humans', 3, 2, 1, 'one move between people'],
    ['humans', 3, 0, 0, 'nothing to redo'],
    ['agent-second', 0, 4, 2, "the player's move and the agent's reply"],
    ['agent-second', 0, 1, 1, 'only the own move was taken back'],
    ['agent-second', 1, 3, 1, "stepped back to the agent's turn: one"],
    ['agent-first', 1, 3, 2, 'Yellow: own move and reply'],
  ])('redoCount(%s, at %d, %d ahead) = %d: %s', (mode, n, ahead, expected) => {
    expect(redoCount(mode, n, ahead)).toBe(expected);
  });
});

describe('stepping through the game state', () => {
  test('undo keeps the moves for redo; a new move starts a side line', () => {
    newGame();
    for (const c of '4453') drop(Number(c) - 1);
    undo(2);
    expect(str(game.moves)).toBe('44');
    expect(str(game.line)).toBe('4453');
    redo(1);
    expect(str(game.moves)).toBe('445');
    redo(5);
    expect(str(game.moves)).toBe('4453');
    goTo(1);
    drop(3); // the same as the line's next move: kept
    expect(str(game.line)).toBe('4453');
    drop(0); // a different move: a side line, the main line kept
    expect(str(game.line)).toBe('441');
    expect(game.lines.map(str)).toEqual(['4453', '441']);
    drop(1); // the side line grows
    expect(game.lines.map(str)).toEqual(['4453', '4412']);
    goToLine(0, 2); // back to the main line
    expect(str(game.moves)).toBe('44');
    expect(str(game.line)).toBe('4453');
    drop(0); // the side line's move again: follows it, nothing new
    expect(str(game.line)).toBe('4412');
    expect(game.lines.map(str)).toEqual(['4453', '4412']);
    makeMainLine(1);
    expect(game.lines.map(str)).toEqual(['4412', '4453']);
  });

  test('the issue 29 game: a click while reviewing keeps the game as the main line', () => {
    const old = '5455444433425355363377111177771166';
    loadPos(old);
    goTo(0);
    redo(2);
    drop(0); // the player's column 1
    drop(3); // the agent's reply, column 4
    expect(str(game.moves)).toBe('5414');
    expect(game.lines.map(str)).toEqual([old, '5414']);
    // Back in the browser: the address of the old game at ply 2.
    loadPos(old, 2);
    expect(str(game.moves)).toBe('54');
    expect(str(game.line)).toBe(old);
    expect(game.lines.map(str)).toEqual([old, '5414']);
  });

  test.each([
    // line loaded first, then a ?pos= from Back/Forward, expected board and line
    ['4453', '44', '44', '4453'], // a step back in the same game keeps it
    ['4453', '', '', '4453'],
    ['4453', '4452', '4452', '4452'], // another game replaces it
    ['4453', '4453&2', '44', '4453'], // a line with its ply: the position inside it
    ['4453', '4453&9', '4453', '4453'], // a ply past the end: the end
    ['', '4453&1', '4', '4453'],
  ])('loadPos after %s: %s -> board %s, line %s', (first, then, board, line) => {
    newGame();
    loadPos(first);
    const [pos, ply] = then.split('&');
    loadPos(pos, ply === undefined ? null : Number(ply));
    expect(str(game.moves)).toBe(board);
    expect(str(game.line)).toBe(line);
  });

  test('play on from here ends the line followed, keeps the tree and records the change kind', () => {
    newGame();
    loadPos('4453');
    goTo(2);
    expect(game.change).toBe('step');
    playOnFromHere();
    expect(str(game.line)).toBe('44');
    expect(game.lines.map(str)).toEqual(['4453']);
    drop(0);
    expect(game.change).toBe('play');
    expect(game.lines.map(str)).toEqual(['4453', '441']);
  });
});
