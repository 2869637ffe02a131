import { describe, expect, test } from 'vitest';
import { keyCommand, type KeyCommand, type KeyTarget } from '../../src/ui/keys.js';

const press = (key: string, mod: '' | 'alt' | 'ctrl' | 'meta' = '') => ({ key, altKey: mod === 'alt', ctrlKey: mod === 'ctrl', metaKey: mod === 'meta' });
const PAGE: KeyTarget = { typing: false, inBoard: false };
const BOARD: KeyTarget = { typing: false, inBoard: true };
const FIELD: KeyTarget = { typing: true, inBoard: false };

describe("the page's keys", () => {
  test.each<[string, string, '' | 'alt' | 'ctrl' | 'meta', KeyTarget, KeyCommand]>([
    // what, key, modifier, target, command (board at ply 2 of a 4-move line)
    ['a digit drops in its column', '4', '', PAGE, { kind: 'drop', col: 3 }],
    ['1 is the left column', '1', '', PAGE, { kind: 'drop', col: 0 }],
    ['7 is the right column', '7', '', PAGE, { kind: 'drop', col: 6 }],
    ['8 is no column', '8', '', PAGE, null],
    ['0 is no column', '0', '', PAGE, null],
    ['digits drop on the board too', '4', '', BOARD, { kind: 'drop', col: 3 }],
    ['a text field keeps its digits', '4', '', FIELD, null],
    ['a text field keeps its arrows', 'ArrowLeft', '', FIELD, null],
    ['Ctrl+digit is the browser\'s', '4', 'ctrl', PAGE, null],
    ['Alt+arrow is the browser\'s (Back)', 'ArrowLeft', 'alt', PAGE, null],
    ['Meta+digit is the browser\'s', '1', 'meta', PAGE, null],
    ['Left steps back', 'ArrowLeft', '', PAGE, { kind: 'go', ply: 1 }],
    ['Right steps forward', 'ArrowRight', '', PAGE, { kind: 'go', ply: 3 }],
    ['Home goes to the start', 'Home', '', PAGE, { kind: 'go', ply: 0 }],
    ['End goes to the end', 'End', '', PAGE, { kind: 'go', ply: 4 }],
    ['the board takes its own arrows', 'ArrowLeft', '', BOARD, null],
    ['the board takes Home', 'Home', '', BOARD, null],
    ['other keys are ignored', 'Enter', '', PAGE, null],
    ['so is a word-long key name', 'F4', '', PAGE, null],
  ])('%s (%s)', (_what, key, mod, target, expected) => {
    expect(keyCommand(press(key, mod), target, 2, 4)).toEqual(expected);
  });

  test.each([
    ['ArrowLeft', 0, 0],
    ['ArrowRight', 4, 4],
  ])('%s at ply %d of a 4-move line stays at %d', (key, ply, expected) => {
    expect(keyCommand(press(key), PAGE, ply, 4)).toEqual({ kind: 'go', ply: expected });
  });
});
