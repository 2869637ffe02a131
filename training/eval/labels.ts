/**
 * Labelled position files: Pons' test sets (`MOVES SCORE`, the exact score
 * of the position) and our own sets in seeds/positions (`MOVES s1 .. s7`, the
 * exact score of each column, x for a full one). Lines starting with # are
 * comments. A bad line is an error naming the file and line.
 */
import { readFileSync } from 'node:fs';
import { parseMoves, type Position } from '../../src/engine/index.js';

export interface LabelledPosition {
  moves: string;
  pos: Position;
  /** Exact score of the position for the side to move (Pons' convention). */
  score: number;
  /** Exact score of each column (null = full), when the file gives them. */
  columns: (number | null)[] | null;
}

function int(token: string, where: string): number {
  if (!/^[+-]?\d+$/.test(token)) throw new Error(`${where}: ${JSON.stringify(token)} is not an integer score`);
  return Number(token);
}

export function parseLabelled(text: string, name: string, limit = Infinity): LabelledPosition[] {
  const out: LabelledPosition[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < limit; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${name}:${i + 1}`;
    const tokens = line.split(/\s+/);
    let pos: Position;
    try {
      pos = parseMoves(tokens[0]);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (tokens.length === 2) {
      out.push({ moves: tokens[0], pos, score: int(tokens[1], where), columns: null });
    } else if (tokens.length === 8) {
      const columns = tokens.slice(1).map((t) => (t === 'x' ? null : int(t, where)));
      const playable = columns.filter((s): s is number => s !== null);
      if (playable.length === 0) throw new Error(`${where}: no playable column`);
      out.push({ moves: tokens[0], pos, score: Math.max(...playable), columns });
    } else {
      throw new Error(`${where}: expected "MOVES SCORE" or "MOVES s1 .. s7", got ${tokens.length} fields`);
    }
  }
  return out;
}

export function readLabelled(path: string, limit = Infinity): LabelledPosition[] {
  return parseLabelled(readFileSync(path, 'utf8'), path, limit);
}
