/**
 * The game tree as an analysis board keeps it (lichess): a main line and
 * side lines. A move played from an earlier position starts a side line;
 * the main line stays and can be returned to. In Connect Four a position's
 * moves are distinct columns, so a node of the tree is named by the moves
 * that reach it, and the tree is stored as its lines: `lines[0]` is the main
 * line, every other entry a side line, each a whole sequence from the empty
 * board, none the start of another. A side line's parent is the earlier
 * line it shares most moves with; it branches off where they part.
 * Pure functions, unit tested as tables; game.svelte.ts holds the state.
 */
import { isPrefix } from './line.js';

/** The lines of a game tree: [0] the main line, the rest side lines. */
export type Lines = readonly (readonly number[])[];

/** How many first moves `a` and `b` share. */
export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * `lines` with `line` in it: unchanged when `line` is the start of a line
 * already there; the first line that is the start of `line` is extended in
 * place (so the main line stays first); otherwise `line` is a new side line
 * at the end.
 */
export function withLine(lines: Lines, line: readonly number[]): number[][] {
  const out = lines.map((l) => [...l]);
  if (lines.some((l) => isPrefix(line, l))) return out;
  const shorter = out.findIndex((l) => isPrefix(l, line));
  if (shorter >= 0) {
    out[shorter] = [...line];
    // Any other line that was also the start of `line` is now inside it.
    return out.filter((l, i) => i === shorter || !isPrefix(l, line));
  }
  return [...out, [...line]];
}

/**
 * The line to follow to show `moves`: the followed line `current` when
 * `moves` is its start, else the first stored line that goes through
 * `moves`, else `moves` itself.
 */
export function lineThrough(lines: Lines, moves: readonly number[], current: readonly number[]): number[] {
  if (isPrefix(moves, current)) return [...current];
  const l = lines.find((x) => isPrefix(moves, x));
  return [...(l ?? moves)];
}

/** Where side line `i` (i >= 1) comes from: the earlier line it shares most moves with, and the ply where it parts from it. */
export function parentOf(lines: Lines, i: number): { parent: number; from: number } {
  let parent = 0;
  let from = -1;
  for (let j = 0; j < i; j++) {
    const n = commonPrefix(lines[i], lines[j]);
    if (n > from) {
      parent = j;
      from = n;
    }
  }
  return { parent, from: Math.max(0, from) };
}

/** A side line as the move list shows it. */
export interface SideLine {
  /** Index in `lines`. */
  index: number;
  /** Its first own move's ply (0-based): the moves before it are its parent's. */
  from: number;
  /** 1 for a side line of the main line, 2 for a side line of that, and so on. */
  depth: number;
}

/**
 * The side lines in move-list order, grouped by the main line's move pair
 * (0-based: plies 2k and 2k+1) after which they are shown: each side line of
 * the main line after the pair where it branches, its own side lines right
 * after it, one level deeper.
 */
export function sideLinesByPair(lines: Lines): Map<number, SideLine[]> {
  const children: SideLine[][] = lines.map(() => []);
  for (let i = 1; i < lines.length; i++) {
    const { parent, from } = parentOf(lines, i);
    children[parent].push({ index: i, from, depth: 0 });
  }
  const out = new Map<number, SideLine[]>();
  const walk = (s: SideLine, depth: number, into: SideLine[]): void => {
    into.push({ ...s, depth });
    for (const c of children[s.index]) walk(c, depth + 1, into);
  };
  for (const s of children[0] ?? []) {
    const pair = Math.floor(s.from / 2);
    const into = out.get(pair) ?? [];
    walk(s, 1, into);
    out.set(pair, into);
  }
  return out;
}

/** The move number label before ply `i` of a line shown from ply `from`: "3." before Red's move, "3…" when a line starts with Yellow's. */
export function moveNumberLabel(i: number, from: number): string | null {
  const n = Math.floor(i / 2) + 1;
  if (i % 2 === 0) return `${n}.`;
  return i === from ? `${n}…` : null;
}

/** `lines` with line `i` made the main line (lichess's "make main line"); the others keep their order. */
export function promote(lines: Lines, i: number): number[][] {
  if (i <= 0 || i >= lines.length) return lines.map((l) => [...l]);
  return [[...lines[i]], ...lines.filter((_, j) => j !== i).map((l) => [...l])];
}
