/**
 * The game's shared state: one `$state` object, changed only through the
 * named functions below (Sverdle's pattern; chessground's "mutators take the
 * state, the renderer only reads it"). Components read `game` and derive
 * their views with game-model.ts; nothing else writes it.
 *
 * The game is a tree of lines (variations.ts): `lines` holds the main line
 * and the side lines, `line` the one followed on screen and `moves` the ones
 * on the board (always the start of `line`), so undo and the move list step
 * back without losing the moves after, redo steps forward, and a different
 * move played from an earlier position starts a side line instead of
 * throwing the rest of the game away.
 */
import { canDrop, readPos, type PosLoad } from './game-model.js';
import { isPrefix } from './line.js';
import { lineThrough, promote, withLine } from './variations.js';
import { randomGameSeed } from './session.js';

/** A `?pos=` value that could not be loaded, with what the player can do about it. */
export type LoadError = Extract<PosLoad, { ok: false }>;

/** What the last change was, for the address bar: a move played adds a history entry, the rest replace it. */
export type Change = 'play' | 'step' | 'load';

export const game = $state({
  /** The position on the board, as 0-indexed columns: always the start of `line`. */
  moves: [] as number[],
  /** The line followed on screen, including moves after the board's position (redo, review). */
  line: [] as number[],
  /** Every line of the game: [0] the main line, the rest side lines (variations.ts). */
  lines: [] as number[][],
  /** Set while a bad `?pos=` is shown; cleared by any action on the board. */
  loadError: null as LoadError | null,
  /** Bumped by every new game, load and step, so that listeners (agent, analysis) can drop stale work. */
  generation: 0,
  /** The kind of the last change. */
  change: 'load' as Change,
  /** The game's seed: the weaker levels' draws (agent/levels.ts drawSeed), new with every new game, kept in the address as its id. */
  seed: randomGameSeed(),
});

/** Sets the game's seed (from a link's game id, or Back to an earlier game's address). */
export function setGameSeed(seed: number): void {
  game.seed = seed;
}

/** Drops a stone in `col` (0-6) for the side to move. Returns false, changing nothing, when it is not playable. */
export function drop(col: number): boolean {
  if (!canDrop(game.moves, col)) return false;
  game.loadError = null;
  const next = [...game.moves, col];
  if (!isPrefix(next, game.line)) {
    // A move off the followed line: into the tree (a new side line, or the followed line extended), then follow it.
    game.lines = withLine(game.lines, next);
    game.line = lineThrough(game.lines, next, game.line);
  }
  game.moves.push(col);
  game.change = 'play';
  return true;
}

/** Clears the board. */
export function newGame(): void {
  game.moves = [];
  game.line = [];
  game.lines = [];
  game.loadError = null;
  game.seed = randomGameSeed();
  game.generation++;
  game.change = 'play';
}

/** Shows the position after `ply` moves of the followed line (clamped); the line is kept. */
export function goTo(ply: number): void {
  const n = Math.max(0, Math.min(game.line.length, Math.floor(ply)));
  if (n === game.moves.length) return;
  game.moves = game.line.slice(0, n);
  game.loadError = null;
  game.generation++;
  game.change = 'step';
}

/** Follows line `index` of the tree (0 = the main line) and shows the position after `ply` of its moves. */
export function goToLine(index: number, ply: number): void {
  const line = game.lines[index];
  if (!line) return;
  const n = Math.max(0, Math.min(line.length, Math.floor(ply)));
  const same = n === game.moves.length && isPrefix(game.moves, line);
  game.line = [...line];
  game.change = 'step';
  // The same position on another line: only the moves ahead change, the engines' work stands.
  if (same) return;
  game.moves = line.slice(0, n);
  game.loadError = null;
  game.generation++;
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

/**
 * Ends the followed line at the board's position, so that play (the agent's
 * too) goes on from here; the moves after it stay in the tree, in the line
 * they belong to.
 */
export function playOnFromHere(): void {
  game.line = [...game.moves];
}

/** Makes line `index` the main line. */
export function makeMainLine(index: number): void {
  game.lines = promote(game.lines, index);
}

/**
 * Loads a line from a `?pos=` value (null or empty = the empty board) and
 * shows the position after `ply` of its moves (null: all of them). A bad
 * value leaves the empty board and sets `loadError`. A line of the current
 * game's tree (Back and Forward in the browser) is followed and the tree
 * kept; any other line starts a new tree.
 */
export function loadPos(value: string | null, ply: number | null = null): void {
  game.generation++;
  game.change = 'load';
  const r: PosLoad = value === null || value.trim() === '' ? { ok: true, moves: [] } : readPos(value);
  if (r.ok) {
    const inTree = game.lines.some((l) => isPrefix(r.moves, l));
    if (!inTree) game.lines = r.moves.length ? [[...r.moves]] : [];
    game.line = inTree ? lineThrough(game.lines, r.moves, game.line) : [...r.moves];
    const n = ply === null ? r.moves.length : Math.max(0, Math.min(r.moves.length, Math.floor(ply)));
    game.moves = r.moves.slice(0, n);
    game.loadError = null;
  } else {
    game.moves = [];
    game.line = [];
    game.lines = [];
    game.loadError = r;
  }
}

/** Recovers from a bad `?pos=` by loading its valid prefix. */
export function loadValidPrefix(): void {
  if (!game.loadError) return;
  game.moves = [...game.loadError.prefix];
  game.line = [...game.moves];
  game.lines = game.moves.length ? [[...game.moves]] : [];
  game.loadError = null;
  game.generation++;
  game.change = 'load';
}
