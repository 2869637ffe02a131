import { describe, expect, test } from 'vitest';
import {
  canDrop,
  columnForKey,
  columnLabel,
  discLabel,
  movePairs,
  notation,
  readPos,
  statusText,
  viewOf,
} from '../../src/ui/game-model.js';
import { posOf, withPos } from '../../src/ui/url.js';

const cols = (s: string) => Array.from(s, (ch) => Number(ch) - 1);

describe('viewOf: what the board shows', () => {
  test.each([
    // moves, status, outcome, winning cell count, last move column (1-7), last row (1-6)
    ['', 'Red to move', 'ongoing', 0, 0, 0],
    ['4', 'Yellow to move', 'ongoing', 0, 4, 1],
    ['4453', 'Red to move', 'ongoing', 0, 3, 1],
    ['4545454', 'Red wins', 'win', 4, 4, 4],
    ['1213141', 'Red wins', 'win', 4, 1, 4],
    ['12234334454', 'Red wins', 'win', 4, 4, 4],
    ['7172737', 'Red wins', 'win', 4, 7, 4],
    ['12121233', 'Red to move', 'ongoing', 0, 3, 2],
    ['351617122645211142732334576424774376365655', 'Draw: the board is full', 'draw', 0, 5, 6],
  ])('%s -> %s', (moves, status, outcome, wins, lastCol, lastRow) => {
    const v = viewOf(cols(moves));
    expect(statusText(v)).toBe(status);
    expect(v.outcome).toBe(outcome);
    expect(v.winning.size).toBe(wins);
    expect(v.lastMove + 1).toBe(lastCol);
    expect(v.lastRow + 1).toBe(lastRow);
    expect(v.ply).toBe(moves.length);
    if (outcome !== 'ongoing') expect(v.playable.every((p) => !p)).toBe(true);
  });

  test('a diagonal four is highlighted on exactly its cells', () => {
    // Red on (column, row) = (1,1) (2,2) (3,3) (4,4), 1-indexed.
    const v = viewOf(cols('12234334454'));
    expect(v.winner).toBe(1);
    const ids = [...v.winning].sort((a, b) => a - b);
    // cellId = col * 6 + row, 0-indexed: (0,0) (1,1) (2,2) (3,3)
    expect(ids).toEqual([0, 7, 14, 21]);
  });

  test('cells are indexed [col][row] from the bottom with owners 1 and 2', () => {
    const v = viewOf(cols('4453'));
    expect(v.cells[3].slice(0, 3)).toEqual([1, 2, 0]);
    expect(v.cells[4][0]).toBe(1);
    expect(v.cells[2][0]).toBe(2);
    expect(v.toMove).toBe(1);
  });

  test('a full column is not playable, others are', () => {
    const v = viewOf(cols('111111'));
    expect(v.playable).toEqual([false, true, true, true, true, true, true]);
  });
});

describe('canDrop', () => {
  test.each([
    ['', 3, true],
    ['', 7, false],
    ['', -1, false],
    ['', 2.5, false],
    ['111111', 0, false],
    ['111111', 1, true],
    ['4545454', 0, false],
  ])('after %s, column index %d -> %s', (moves, col, ok) => {
    expect(canDrop(cols(moves), col)).toBe(ok);
  });
});

describe('readPos: ?pos= values', () => {
  test.each([
    ['4453', [3, 3, 4, 2]],
    [' 4453 ', [3, 3, 4, 2]],
    ['', []],
    ['1', [0]],
  ])('%j loads', (value, moves) => {
    expect(readPos(value)).toEqual({ ok: true, moves });
  });

  test.each([
    ['44x5', /move 3 is "x", which is not a column 1-7/, '44'],
    ['0', /move 1 is "0"/, ''],
    ['8', /move 1 is "8"/, ''],
    ['1111111', /move 7 drops into column 1, which is already full/, '111111'],
    ['45454545', /move 8 comes after the game was already won/, '4545454'],
    ['4'.repeat(60), /has 60 moves; a game has at most 42/, '444444'],
  ])('%j is rejected with a message and the valid prefix', (value, message, prefix) => {
    const r = readPos(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.raw).toBe(value);
    expect(r.message).toMatch(message);
    expect(notation(r.prefix)).toBe(prefix);
  });
});

describe('labels and move list', () => {
  test.each([
    ['', 3, 'Column 4: empty; 6 free; drop a red disc'],
    ['4453', 3, 'Column 4: red, yellow; 4 free; drop a red disc'],
    ['111111', 0, 'Column 1: red, yellow, red, yellow, red, yellow; 0 free; not playable'],
    ['4545454', 5, 'Column 6: empty; 6 free; not playable'],
  ])('column label after %j, column index %d', (moves, col, label) => {
    expect(columnLabel(viewOf(cols(moves)), col)).toBe(label);
  });

  test.each([
    ['4453', 3, 1, 'Yellow disc, column 4 row 2'],
    ['4453', 3, 2, 'column 4 row 3: empty'],
    ['4545454', 3, 3, 'Red disc, column 4 row 4, part of the winning four'],
  ])('disc label after %j at (%d, %d)', (moves, col, row, label) => {
    expect(discLabel(viewOf(cols(moves)), col, row)).toBe(label);
  });

  test.each([
    ['', []],
    ['4', [{ n: 1, red: '4', yellow: null }]],
    [
      '44531',
      [
        { n: 1, red: '4', yellow: '4' },
        { n: 2, red: '5', yellow: '3' },
        { n: 3, red: '1', yellow: null },
      ],
    ],
  ])('movePairs(%j)', (moves, pairs) => {
    expect(movePairs(cols(moves))).toEqual(pairs);
  });

  test.each([
    ['1', 0],
    ['7', 6],
    ['0', -1],
    ['8', -1],
    ['a', -1],
    ['Enter', -1],
  ])('key %j -> column index %d', (key, col) => {
    expect(columnForKey(key)).toBe(col);
  });
});

describe('URL sync', () => {
  test.each([
    ['http://x/', '4453', 'http://x/?pos=4453'],
    ['http://x/?pos=44', '', 'http://x/'],
    ['http://x/?a=1&pos=4#h', '45', 'http://x/?a=1&pos=45#h'],
    ['http://x/?a=1', '', 'http://x/?a=1'],
  ])('withPos(%s, %j) = %s', (href, moves, out) => {
    expect(withPos(href, moves)).toBe(out);
  });

  test.each([
    ['http://x/?pos=4453', '4453'],
    ['http://x/', null],
    ['http://x/?pos=', ''],
    ['http://x/?pos=44%20x', '44 x'],
  ])('posOf(%s) = %j', (href, value) => {
    expect(posOf(href)).toBe(value);
  });
});
