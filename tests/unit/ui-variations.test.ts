import { describe, expect, test } from 'vitest';
import { notation } from '../../src/ui/game-model.js';
import { commonPrefix, lineThrough, moveNumberLabel, parentOf, promote, sideLinesByPair, withLine } from '../../src/ui/variations.js';

const cols = (s: string) => Array.from(s, (c) => Number(c) - 1);
const str = (m: readonly number[]) => notation(m);
const tree = (...lines: string[]) => lines.map(cols);

describe('the game tree as lines', () => {
  test.each([
    ['4453', '4453', 4],
    ['4453', '441', 2],
    ['', '44', 0],
    ['1', '2', 0],
  ])('commonPrefix(%s, %s) = %d', (a, b, n) => {
    expect(commonPrefix(cols(a), cols(b))).toBe(n);
  });

  test.each([
    // lines, line added, lines after
    [[], '4', ['4']],
    [['4453'], '44', ['4453']], // already inside the main line
    [['4453'], '44536', ['44536']], // the main line extended
    [['4453'], '441', ['4453', '441']], // a side line
    [['4453', '441'], '4412', ['4453', '4412']], // a side line extended in place
    [['4453', '441', '442'], '3', ['4453', '441', '442', '3']],
  ])('withLine(%j, %s) = %j', (lines, line, expected) => {
    expect(withLine(tree(...lines), cols(line)).map(str)).toEqual(expected);
  });

  test.each([
    // lines, moves, followed line, line to follow
    [['4453', '441'], '44', '441', '441'], // on the followed line: kept
    [['4453', '441'], '445', '441', '4453'], // else the first line through it
    [['4453', '441'], '7', '4453', '7'], // in no line: itself
  ])('lineThrough(%j, %s, %s) = %s', (lines, moves, current, expected) => {
    expect(str(lineThrough(tree(...lines), cols(moves), cols(current)))).toBe(expected);
  });

  test.each([
    // lines, side line, parent, ply where it parts
    [['4453', '441'], 1, 0, 2],
    [['4453', '441', '4415'], 2, 1, 3], // a side line of the side line
    [['4453', '441', '3'], 2, 0, 0],
  ])('parentOf(%j, %d) = line %d from ply %d', (lines, i, parent, from) => {
    expect(parentOf(tree(...lines), i)).toEqual({ parent, from });
  });

  test('side lines are shown after the main-line pair they branch from, their own side lines after them', () => {
    const rows = sideLinesByPair(tree('44536271', '441', '4415', '3'));
    expect(rows.get(1)).toEqual([
      { index: 1, from: 2, depth: 1 },
      { index: 2, from: 3, depth: 2 },
    ]);
    expect(rows.get(0)).toEqual([{ index: 3, from: 0, depth: 1 }]);
  });

  test.each([
    [0, 0, '1.'],
    [1, 1, '1…'],
    [1, 0, null],
    [4, 3, '3.'],
    [5, 3, null],
  ])('moveNumberLabel(ply %d, from %d) = %s', (i, from, label) => {
    expect(moveNumberLabel(i, from)).toBe(label);
  });

  test('promote makes a side line the main line', () => {
    expect(promote(tree('4453', '441', '3'), 2).map(str)).toEqual(['3', '4453', '441']);
    expect(promote(tree('4453', '441'), 0).map(str)).toEqual(['4453', '441']);
  });
});
