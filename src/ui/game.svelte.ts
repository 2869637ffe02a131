/**
 * The game's shared state: one `$state` object, changed only through the
 * named functions below (Sverdle's pattern; chessground's "mutators take the
 * state, the renderer only reads it"). Components read `game` and derive
 * their views with game-model.ts; nothing else writes it.
 */
import { canDrop, readPos, type PosLoad } from './game-model.js';

/** A `?pos=` value that could not be loaded, with what the player can do about it. */
export type LoadError = Extract<PosLoad, { ok: false }>;

export const game = $state({
  /** The game so far, as 0-indexed columns. */
  moves: [] as number[],
  /** Set while a bad `?pos=` is shown; cleared by any action on the board. */
  loadError: null as LoadError | null,
  /** Bumped by every new game or load, so that listeners (agent, analysis) can drop stale work. */
  generation: 0,
});

/** Drops a stone in `col` (0-6) for the side to move. Returns false, changing nothing, when it is not playable. */
export function drop(col: number): boolean {
  if (!canDrop(game.moves, col)) return false;
  game.loadError = null;
  game.moves.push(col);
  return true;
}

/** Clears the board. */
export function newGame(): void {
  game.moves = [];
  game.loadError = null;
  game.generation++;
}

/** Takes back the last `count` moves (fewer if the game is shorter). */
export function undo(count = 1): void {
  if (count <= 0 || game.moves.length === 0) return;
  game.moves = game.moves.slice(0, Math.max(0, game.moves.length - count));
  game.generation++;
}

/**
 * Loads a position from a `?pos=` value (null or empty = the empty board).
 * A bad value leaves the empty board and sets `loadError`.
 */
export function loadPos(value: string | null): void {
  game.generation++;
  if (value === null || value.trim() === '') {
    game.moves = [];
    game.loadError = null;
    return;
  }
  const r = readPos(value);
  if (r.ok) {
    game.moves = r.moves;
    game.loadError = null;
  } else {
    game.moves = [];
    game.loadError = r;
  }
}

/** Recovers from a bad `?pos=` by loading its valid prefix. */
export function loadValidPrefix(): void {
  if (!game.loadError) return;
  game.moves = [...game.loadError.prefix];
  game.loadError = null;
  game.generation++;
}
