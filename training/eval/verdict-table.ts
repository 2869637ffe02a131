/**
 * The committed verdict tables (seeds/verdicts/<set>.txt): for every
 * position of a labelled set, whether each of its seven columns keeps the
 * position's exact score, keeps only its outcome, or loses it. Computed once
 * by the solver (`npm run verdicts`, resumable), they make judging a model's
 * moves free: `npm run eval` and the training loop's broad measure look the
 * verdict up instead of searching.
 *
 * A table holds no position, only one line of seven characters per
 * position of the set, in the set's order, under a header naming the set
 * and the SHA-256 of its file; so it serves only the very file it was built
 * from (Pons' sets stay in ../shared, read where they are), and a table
 * built from another file is refused with a message, never misread.
 *
 *   E  the column keeps the exact score (an optimal move)
 *   O  it keeps the outcome (win, draw or loss) but not the exact score
 *   x  it changes the outcome
 *   -  the column is full
 *   .  (a whole line) the game is over: no move to judge
 *
 * Every line is checked against the set's own score while it is built: at
 * least one column reaches the score, and none reaches a better one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { WIDTH, type Position } from '../../src/engine/index.js';
import type { Solver, SolveOptions } from '../../src/solver/index.js';
import { appendLine, writeAtomic } from '../util/atomic-write.js';
import { scoreRange, type LabelledPosition } from './labels.js';
import type { Verdict } from './verdicts.js';

const MAGIC = '# c4 verdicts v1';

/** One position's line: a character per column, or '.' for a finished game. */
export type VerdictLine = string;

/** The SHA-256 (hex) of a set file's bytes: what a table is bound to. */
export function setSha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The table's header lines for the set `name` whose file has hash `sha256`. */
export function tableHeader(name: string, sha256: string): string {
  return [
    `${MAGIC} set=${name} sha256=${sha256}`,
    '# one line per position of the set, in its order; a character per column 1-7:',
    '# E keeps the exact score, O keeps only the outcome, x changes the outcome, - full column; "." a finished game',
  ].join('\n');
}

const LINE = /^(?:[EOx-]{7}|\.)$/;

/** A table read from its text: its set, hash and the lines found (a last line cut short by a kill is dropped). */
export interface VerdictTable {
  set: string;
  sha256: string;
  lines: VerdictLine[];
}

/** Parses a table's text; `where` names it in errors. A malformed line other than a cut-off last one is an error. */
export function parseVerdictTable(text: string, where: string): VerdictTable {
  const rows = text.split('\n');
  const head = /^# c4 verdicts v1 set=(\S+) sha256=([0-9a-f]{64})$/.exec(rows[0] ?? '');
  if (!head) throw new Error(`${where}: not a verdict table (its first line must be "${MAGIC} set=NAME sha256=HEX")`);
  const lines: VerdictLine[] = [];
  const complete = text.endsWith('\n');
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    if (row === '' || row.startsWith('#')) continue;
    if (!LINE.test(row)) {
      // Only the very last line may be cut short (a kill while appending).
      if (i === rows.length - 1 && !complete) break;
      throw new Error(`${where}:${i + 1}: ${JSON.stringify(row.slice(0, 20))} is not a verdict line (7 of E O x -, or ".")`);
    }
    if (i === rows.length - 1 && !complete) break;
    lines.push(row);
  }
  return { set: head[1], sha256: head[2], lines };
}

export function readVerdictTable(path: string): VerdictTable {
  return parseVerdictTable(readFileSync(path, 'utf8'), path);
}

/** The verdict of column `col` (0-6) from a table line. */
export function verdictOf(line: VerdictLine, col: number): Verdict {
  const c = line[col];
  return { exact: c === 'E', outcome: c === 'E' || c === 'O' };
}

/**
 * The verdicts of a table for the positions of a set read from `setBytes`,
 * or a reason why the table does not serve that file. `items` are the set's
 * positions (LabelledPosition.index gives each one's line in the table).
 */
export function tableFor(table: VerdictTable, setBytes: Uint8Array | string, where: string): (item: LabelledPosition, col: number) => Verdict | undefined {
  const sha = setSha256(setBytes);
  if (sha !== table.sha256) {
    throw new Error(`${where} was built from another file of set ${table.set} (sha256 ${table.sha256.slice(0, 12)}…, this file's ${sha.slice(0, 12)}…): rebuild it with npm run verdicts`);
  }
  return (item, col) => {
    const line = table.lines[item.index];
    return line === undefined || line === '.' ? undefined : verdictOf(line, col);
  };
}

/** The solver's verdict line for one position whose exact score `score` is known; checks that score. */
export function judgeAll(pos: Position, score: number, solver: Solver, stop: SolveOptions = {}): VerdictLine {
  if (pos.isOver) return '.';
  let line = '';
  let reach = 0;
  const better = score + 1 <= scoreRange(pos.moves).max;
  for (let col = 0; col < WIDTH; col++) {
    if (!pos.canPlay(col)) {
      line += '-';
      continue;
    }
    const exact = solver.isOptimalMove(pos, col, score, stop);
    if (exact) {
      reach++;
      // The set's score is the position's: no column may do better.
      if (better && solver.isOptimalMove(pos, col, score + 1, stop)) {
        throw new Error(`column ${col + 1} scores above the set's score ${score}: the label is wrong`);
      }
      line += 'E';
      continue;
    }
    // Every move of a lost position keeps the outcome; else one weak search.
    const outcome = score < 0 || solver.isOptimalMove(pos, col, Math.sign(score), { ...stop, weak: true });
    line += outcome ? 'O' : 'x';
  }
  if (reach === 0) throw new Error(`no column reaches the set's score ${score}: the label is wrong`);
  return line;
}

/**
 * Builds or resumes the table at `path` for the set file `setPath` (its
 * `positions` lines, read as `items`; finished games are not among them): lines already there
 * are kept, the rest judged and appended one by one, so a kill loses one
 * position at most. `limit` stops after that many positions in the table.
 */
export function buildVerdictTable(
  path: string,
  set: { name: string; bytes: Uint8Array; positions: number; items: readonly LabelledPosition[] },
  solver: Solver,
  opts: { limit?: number; progress?: (done: number, total: number) => void } = {},
): { judged: number; total: number } {
  const sha = setSha256(set.bytes);
  let done = 0;
  if (existsSync(path)) {
    const table = readVerdictTable(path);
    if (table.sha256 !== sha || table.set !== set.name) {
      throw new Error(`${path} belongs to ${table.set} sha256 ${table.sha256.slice(0, 12)}…, not to this ${set.name} (sha256 ${sha.slice(0, 12)}…); move it away to rebuild`);
    }
    done = table.lines.length;
    // A line cut short by a kill is dropped, so that the next one appended starts a line of its own.
    const text = readFileSync(path, 'utf8');
    if (!text.endsWith('\n')) writeAtomic(path, text.slice(0, text.lastIndexOf('\n') + 1));
  } else {
    appendLine(path, tableHeader(set.name, sha));
  }
  const total = Math.min(set.positions, opts.limit ?? Infinity);
  const byIndex = new Map(set.items.map((it) => [it.index, it]));
  let judged = 0;
  for (let i = done; i < total; i++) {
    const item = byIndex.get(i);
    let line: VerdictLine = '.'; // a finished game, skipped by the reader
    if (item) {
      try {
        line = judgeAll(item.pos, item.score, solver);
      } catch (e) {
        throw new Error(`${set.name} position ${i + 1} (${item.moves} ${item.score}): ${(e as Error).message}`);
      }
    }
    appendLine(path, line);
    judged++;
    opts.progress?.(i + 1, total);
  }
  return { judged, total };
}
