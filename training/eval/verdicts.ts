/**
 * Solver verdicts kept between runs of `npm run eval` (`--verdicts FILE`).
 * Judging a move of a hard opening position takes the solver seconds (about
 * 3 s a position on L1_R3 here, most of that set's evaluation time), and
 * another model mostly plays the same moves, so a verdict once found is
 * written down. A verdict is a fact about the position, its labelled score
 * and the column, so the key holds all three and the file serves any model.
 *
 * The file is JSON lines, one verdict each, appended as it is found: a kill
 * loses at most the line being written, which is skipped on reading. Two
 * processes may share a file: each verdict is one append (a verdict found by
 * both is written twice, harmlessly). Only verdicts the solver reached are
 * kept; a position whose solve ran out of time is tried again next run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { appendLine } from '../util/atomic-write.js';

/** A move's verdict: exact (keeps the score) implies outcome (keeps the sign). */
export interface Verdict {
  exact: boolean;
  outcome: boolean;
}

/** Where errorRates keeps the verdicts it has found. */
export interface VerdictStore {
  get(key: string): Verdict | undefined;
  set(key: string, verdict: Verdict): void;
}

/** The key of column `col` (0-6) played in the position reached by `moves` (Pons' digits), labelled `score`. */
export function verdictKey(moves: string, score: number, col: number): string {
  return `${moves}:${score}:${col}`;
}

interface Line {
  key: string;
  exact: boolean;
  outcome: boolean;
}

function isLine(x: unknown): x is Line {
  const l = x as Line;
  return typeof l === 'object' && l !== null && typeof l.key === 'string' && typeof l.exact === 'boolean' && typeof l.outcome === 'boolean' && (l.outcome || !l.exact);
}

/** Verdicts read from, and appended to, a JSON-lines file. */
export class VerdictFile implements VerdictStore {
  private readonly map = new Map<string, Verdict>();
  /** Lines that could not be read (a line cut short by a kill, or not a verdict). */
  readonly skipped: number = 0;

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) throw new Error(`--verdicts ${path} is a directory; give a file (JSON lines), e.g. runs/verdicts.jsonl`);
    const all = readFileSync(path, 'utf8');
    // A line cut short by a kill must not swallow the next one appended.
    if (all !== '' && !all.endsWith('\n')) appendLine(path, '');
    let skipped = 0;
    for (const text of all.split('\n')) {
      if (text.trim() === '') continue;
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        skipped++;
        continue;
      }
      if (!isLine(line)) {
        skipped++;
        continue;
      }
      this.map.set(line.key, { exact: line.exact, outcome: line.outcome });
    }
    this.skipped = skipped;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Verdict | undefined {
    return this.map.get(key);
  }

  set(key: string, verdict: Verdict): void {
    if (this.map.has(key)) return;
    this.map.set(key, verdict);
    appendLine(this.path, JSON.stringify({ key, exact: verdict.exact, outcome: verdict.outcome }));
  }
}
