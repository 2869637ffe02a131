/**
 * What the board and the side panel show, derived from the list of moves.
 * Pure functions over the engine (Sverdle's split: rules in plain .ts, state
 * in a .svelte.ts module, components only render), so the UI logic is unit
 * tested without a DOM. The game itself is a list of 0-indexed columns; the
 * engine Position is rebuilt from it, which costs at most 42 plays.
 */
import {
  HEIGHT,
  NotationError,
  WIDTH,
  formatMoves,
  parseMoves,
  winningCells,
  type Outcome,
} from '../engine/index.js';

/** Display names of the two players, index 1 and 2 (index 0 = empty). */
export const PLAYER_NAMES = ['', 'Red', 'Yellow'] as const;

export type Player = 1 | 2;
export type Owner = 0 | Player;

/** Everything the board renders for one position. */
export interface BoardView {
  /** cells[col][row], row 0 = bottom. */
  cells: Owner[][];
  /** Cell ids (col * HEIGHT + row) of every winning four; empty unless won. */
  winning: Set<number>;
  /** Columns that can take a stone now (none once the game is over). */
  playable: boolean[];
  /** Column of the last move, or -1 on an empty board. */
  lastMove: number;
  /** Row of the last move's disc, or -1 on an empty board. */
  lastRow: number;
  outcome: Outcome;
  /** The player to move (after a win: the loser, who would be next). */
  toMove: Player;
  /** The winner once outcome is 'win', else null. */
  winner: Player | null;
  /** Number of stones on the board. */
  ply: number;
}

/** The id of a cell, used for the winning set and for DOM test ids. */
export function cellId(col: number, row: number): number {
  return col * HEIGHT + row;
}

/** The view of the position after `moves` (0-indexed columns, all legal). */
export function viewOf(moves: readonly number[]): BoardView {
  const pos = parseMoves(formatMoves(moves));
  const cells: Owner[][] = [];
  for (let c = 0; c < WIDTH; c++) {
    const col: Owner[] = [];
    for (let r = 0; r < HEIGHT; r++) col.push(pos.cell(c, r));
    cells.push(col);
  }
  const outcome = pos.outcome();
  // The player who made the last move is the one who is not to move.
  const winner: Player | null = outcome === 'win' ? (pos.sideToMove === 1 ? 2 : 1) : null;
  const winning = new Set<number>();
  if (winner) for (const { col, row } of winningCells(pos, winner)) winning.add(cellId(col, row));
  const legal = pos.isOver ? 0 : pos.legalMoves();
  return {
    cells,
    winning,
    playable: Array.from({ length: WIDTH }, (_, c) => ((legal >> c) & 1) === 1),
    lastMove: moves.length ? moves[moves.length - 1] : -1,
    lastRow: moves.length ? pos.height(moves[moves.length - 1]) - 1 : -1,
    outcome,
    toMove: pos.sideToMove,
    winner,
    ply: pos.moves,
  };
}

/** True when `col` can be played after `moves`. */
export function canDrop(moves: readonly number[], col: number): boolean {
  if (!Number.isInteger(col) || col < 0 || col >= WIDTH) return false;
  const pos = parseMoves(formatMoves(moves));
  return !pos.isOver && pos.canPlay(col);
}

/** A one-line status for the side panel and the screen-reader live region. */
export function statusText(view: BoardView): string {
  if (view.outcome === 'win') return `${PLAYER_NAMES[view.winner ?? 1]} wins`;
  if (view.outcome === 'draw') return 'Draw: the board is full';
  return `${PLAYER_NAMES[view.toMove]} to move`;
}

/** Result of reading a `?pos=` value. */
export type PosLoad =
  | { ok: true; moves: number[] }
  | {
      ok: false;
      /** The value as given. */
      raw: string;
      /** What is wrong, for people. */
      message: string;
      /** The longest valid prefix, offered as a way to recover. */
      prefix: number[];
    };

/** Longest moves accepted in `?pos=`: a full board. Longer is surely not a game. */
const MAX_POS_LENGTH = WIDTH * HEIGHT;

/**
 * Reads a position in Pons' notation from a `?pos=` value. Surrounding
 * spaces are forgiven; anything else that the engine rejects comes back with
 * the engine's message and the valid prefix.
 */
export function readPos(value: string): PosLoad {
  const raw = value;
  const text = value.trim();
  if (text.length > MAX_POS_LENGTH) {
    const prefix = readPos(text.slice(0, MAX_POS_LENGTH));
    return {
      ok: false,
      raw,
      message: `"${text.slice(0, 12)}…" has ${text.length} moves; a game has at most ${MAX_POS_LENGTH}`,
      prefix: prefix.ok ? prefix.moves : prefix.prefix,
    };
  }
  try {
    parseMoves(text);
    return { ok: true, moves: Array.from(text, (ch) => ch.charCodeAt(0) - 49) };
  } catch (e) {
    if (!(e instanceof NotationError)) throw e;
    const prefix = Array.from(text.slice(0, e.index), (ch) => ch.charCodeAt(0) - 49);
    return { ok: false, raw, message: humanNotationError(e), prefix };
  }
}

/** The engine's error in words for players: positions counted from 1. */
function humanNotationError(e: NotationError): string {
  const ch = e.input[e.index];
  const at = `move ${e.index + 1}`;
  switch (e.problem) {
    case 'not-a-column':
      return `${at} is "${ch}", which is not a column 1-${WIDTH}`;
    case 'column-full':
      return `${at} drops into column ${ch}, which is already full`;
    case 'game-over':
      return `${at} comes after the game was already won`;
  }
}

/** The Pons notation of the game, e.g. "4453". */
export function notation(moves: readonly number[]): string {
  return formatMoves(moves);
}

/** Moves in pairs for the move list: [[1, "4", "4"], [2, "5", "3"]]. */
export function movePairs(moves: readonly number[]): { n: number; red: string; yellow: string | null }[] {
  const out: { n: number; red: string; yellow: string | null }[] = [];
  for (let i = 0; i < moves.length; i += 2) {
    out.push({
      n: i / 2 + 1,
      red: String(moves[i] + 1),
      yellow: i + 1 < moves.length ? String(moves[i + 1] + 1) : null,
    });
  }
  return out;
}

/** Screen-reader label of a column button: its contents from the bottom and what a click does. */
export function columnLabel(view: BoardView, col: number): string {
  const stones = view.cells[col].filter((o) => o !== 0).map((o) => PLAYER_NAMES[o].toLowerCase());
  const free = HEIGHT - stones.length;
  const contents = stones.length ? stones.join(', ') : 'empty';
  const action = view.playable[col] ? `drop a ${PLAYER_NAMES[view.toMove].toLowerCase()} disc` : 'not playable';
  return `Column ${col + 1}: ${contents}; ${free} free; ${action}`;
}

/** Screen-reader label of one disc. */
export function discLabel(view: BoardView, col: number, row: number): string {
  const owner = view.cells[col][row];
  if (owner === 0) return `column ${col + 1} row ${row + 1}: empty`;
  const win = view.winning.has(cellId(col, row)) ? ', part of the winning four' : '';
  return `${PLAYER_NAMES[owner]} disc, column ${col + 1} row ${row + 1}${win}`;
}

/** The column (0-6) for a key press of "1".."7", or -1. */
export function columnForKey(key: string): number {
  if (key.length !== 1) return -1;
  const c = key.charCodeAt(0) - 49;
  return c >= 0 && c < WIDTH ? c : -1;
}
