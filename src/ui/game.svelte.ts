/**
 * The game's shared state: one `$state` object, changed only through the
 * named functions below (Sverdle's pattern; chessground's "mutators take the
 * state, the renderer only reads it"). Components read `game` and derive
 * their views with game-model.ts; nothing else writes it.
 *
 * The game is a line with a cursor (line.ts): `line` holds every move,
 * `moves` the ones on the board (always the start of `line`), so undo and the
 * move list step back without losing the moves after, and redo steps forward.
 */
import { canDrop, readPos, type PosLoad } from './game-model.js';
import { isPrefix, playAt } from './line.js';

/** A `?pos=` value that could not be loaded, with what the player can do about it. */
export type LoadError = Extract<PosLoad, { ok: false }>;

/** What the last change was, for the address bar: a move played adds a history entry, the rest replace it. */
export type Change = 'play' | 'step' | 'load';

export const game = $state({
  /** The position on the board, as 0-indexed columns: always the start of `line`. */
  moves: [] as number[],
  /** The whole game, including moves after the board's position (redo, review). */
  line: [] as number[],
  /** Set while a bad `?pos=` is shown; cleared by any action on the board. */
  loadError: null as LoadError | null,
  /** Bumped by every new game, load and step, so that listeners (agent, analysis) can drop stale work. */
  generation: 0,
  /** The kind of the last change. */
  change: 'load' as Change,
});

/** Drops a stone in `col` (0-6) for the side to move. Returns false, changing nothing, when it is not playable. */
export function drop(col: number): boolean {
  if (!canDrop(game.moves, col)) return false;
  game.loadError = null;
  game.line = playAt(game.line, game.moves.length, col);
  game.moves.push(col);
  game.change = 'play';
  return true;
}

/** Clears the board. */
export function newGame(): void {
  game.moves = [];
  game.line = [];
  game.loadError = null;
  game.generation++;
  game.change = 'play';
}

/** Shows the position after `ply` moves of the line (clamped); the line is kept. */
export function goTo(ply: number): void {
  const n = Math.max(0, Math.min(game.line.length, Math.floor(ply)));
  if (n === game.moves.length) return;
  game.moves = game.line.slice(0, n);
  game.loadError = null;
  game.generation++;
  game.change = 'step';
}

/** Takes back the last `count` moves (fewer if the game is shorter); they can be redone. */
export function undo(count = 1): void {
  if (count <= 0 || game.moves.length === 0) return;
  goTo(game.moves.length - count);
}

/** Replays `count` moves of the line that were taken back. */
export function redo(count = 1): void {
  if (count <= 0) return;
  goTo(game.moves.length + count);
}

/** Cuts the line at the board's position, so that play (the agent's too) goes on from here. */
export function truncate(): void {
  game.line = [...game.moves];
}

/**
 * Loads a position from a `?pos=` value (null or empty = the empty board).
 * A bad value leaves the empty board and sets `loadError`. A position of the
 * current game (Back and Forward in the browser) moves along the line and keeps it.
 */
export function loadPos(value: string | null): void {
  game.generation++;
  game.change = 'load';
  const r: PosLoad = value === null || value.trim() === '' ? { ok: true, moves: [] } : readPos(value);
  if (r.ok) {
    if (!isPrefix(r.moves, game.line)) game.line = [...r.moves];
    game.moves = r.moves;
    game.loadError = null;
  } else {
    game.moves = [];
    game.line = [];
    game.loadError = r;
  }
}

/** Recovers from a bad `?pos=` by loading its valid prefix. */
export function loadValidPrefix(): void {
  if (!game.loadError) return;
  game.moves = [...game.loadError.prefix];
  game.line = [...game.moves];
  game.loadError = null;
  game.generation++;
  game.change = 'load';
}
