/**
 * The page's own keys: 1-7 drop a disc; Left/Right/Home/End step through
 * the game, except on the board, whose focused column takes the arrows
 * (Board.svelte). Keys typed into a text field or a select are theirs; on
 * buttons and checkboxes digits still drop discs. Pure over a plain
 * description of the key and its target, so the rules are unit tested;
 * keyTargetOf reads that description off the DOM.
 */
import { columnForKey } from './game-model.js';
import { plyForKey } from './line.js';

/** A key press, as much of a KeyboardEvent as the rules read. */
export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** Where a key was pressed, as much as the rules care. */
export interface KeyTarget {
  /** A text input, text area, select or editable element: its keys are its own. */
  typing: boolean;
  /** Inside the board, whose focused column handles the arrow keys. */
  inBoard: boolean;
}

/** What a key asks of the page: drop a disc, show another ply of the game, or nothing (the key stays the browser's). */
export type KeyCommand = { kind: 'drop'; col: number } | { kind: 'go'; ply: number } | null;

/** Input types whose keys are not text: digits on them still drop discs. */
const NOT_TEXT = /^(checkbox|radio|button|submit|reset|range)$/;

/** The command of `press` on `target`, with the board at `ply` of a line of `length` moves. */
export function keyCommand(press: KeyPress, target: KeyTarget, ply: number, length: number): KeyCommand {
  if (press.altKey || press.ctrlKey || press.metaKey || target.typing) return null;
  const col = columnForKey(press.key);
  if (col >= 0) return { kind: 'drop', col };
  if (target.inBoard) return null;
  const next = plyForKey(press.key, ply, length);
  return next === null ? null : { kind: 'go', ply: next };
}

/** The KeyTarget of a key event's target element (null: the page itself). */
export function keyTargetOf(target: EventTarget | null): KeyTarget {
  const t = target as HTMLElement | null;
  const textInput = t instanceof HTMLInputElement && !NOT_TEXT.test(t.type);
  return {
    typing: t !== null && (t.isContentEditable || textInput || /^(TEXTAREA|SELECT)$/.test(t.tagName)),
    inBoard: t instanceof Element && t.closest('[data-testid=board]') !== null,
  };
}
