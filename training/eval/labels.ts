/**
 * Labelled position files: Pons' test sets (`MOVES SCORE`, the exact score
 * of the position) and our own sets in seeds/positions (`MOVES s1 .. s7`, the
 * exact score of each column, x for a full one). Lines starting with # are
 * comments. A bad line is an error naming the file and line: a malformed
 * position, or a score no position with that many stones can have. A
 * finished game (`1212121`) has no move to judge: it is skipped, and
 * `onSkip` told which line.
 */
import { readFileSync } from 'node:fs';
import { HEIGHT, parseMoves, WIDTH, type Position } from '../../src/engine/index.js';

export interface LabelledPosition {
  moves: string;
  pos: Position;
  /** Exact score of the position for the side to move (Pons' convention). */
  score: number;
  /** Exact score of each column (null = full), when the file gives them. */
  columns: (number | null)[] | null;
  /** Which position of the file this is, from 0, counting every line that is not blank or a comment (finished games too): its line in a verdict table. */
  index: number;
}

/** The number of positions in a labelled file's text: its lines that are neither blank nor comments. */
export function positionCount(text: string): number {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}

/**
 * The scores a position of `stones` stones can have, for the side to move
 * (Pons' convention: a win with the player's k-th stone scores 22 - k): at
 * best a win with the next stone, (43 - stones) / 2 rounded down; at worst a
 * loss to the opponent's next stone, minus (42 - stones) / 2 rounded down.
 */
export function scoreRange(stones: number): { min: number; max: number } {
  const cells = WIDTH * HEIGHT;
  // 0 - x rather than -x: 41 stones give 0, not -0.
  return { min: 0 - Math.floor((cells - stones) / 2), max: Math.floor((cells + 1 - stones) / 2) };
}

function score(token: string, where: string, stones: number): number {
  if (!/^[+-]?\d+$/.test(token)) throw new Error(`${where}: ${JSON.stringify(token.slice(0, 20))} is not an integer score`);
  const s = Number(token);
  const { min, max } = scoreRange(stones);
  if (s < min || s > max) throw new Error(`${where}: score ${s} is outside ${min}..${max}, the range of a position of ${stones} stones`);
  return s;
}

export function parseLabelled(text: string, name: string, limit = Infinity, onSkip: (where: string, why: string) => void = () => {}): LabelledPosition[] {
  const out: LabelledPosition[] = [];
  const lines = text.split('\n');
  let index = -1;
  for (let i = 0; i < lines.length && out.length < limit; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    index++;
    const where = `${name}:${i + 1}`;
    const tokens = line.split(/\s+/);
    let pos: Position;
    try {
      pos = parseMoves(tokens[0]);
    } catch (e) {
      const why = (e as Error).message;
      throw new Error(`${where}: ${why.length > 200 ? `${why.slice(0, 200)}... (${why.length} characters)` : why}`);
    }
    if (pos.isOver) {
      onSkip(where, `the game is over (${pos.won ? 'won' : 'drawn'}): no move to judge`);
      continue;
    }
    if (tokens.length === 2) {
      out.push({ moves: tokens[0], pos, score: score(tokens[1], where, pos.moves), columns: null, index });
    } else if (tokens.length === 8) {
      const columns = tokens.slice(1).map((t) => (t === 'x' ? null : score(t, where, pos.moves)));
      const playable = columns.filter((s): s is number => s !== null);
      if (playable.length === 0) throw new Error(`${where}: no playable column`);
      out.push({ moves: tokens[0], pos, score: Math.max(...playable), columns, index });
    } else {
      throw new Error(`${where}: expected "MOVES SCORE" or "MOVES s1 .. s7", got ${tokens.length} fields`);
    }
  }
  return out;
}

export function readLabelled(path: string, limit = Infinity, onSkip?: (where: string, why: string) => void): LabelledPosition[] {
  return parseLabelled(readFileSync(path, 'utf8'), path, limit, onSkip);
}
