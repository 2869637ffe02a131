/**
 * `npm run verdicts`: builds the verdict tables that `npm run eval` and the
 * training loop's broad measure judge moves with (training/eval/verdict-table.ts):
 * for every position of a labelled set, whether each column keeps its exact
 * score, only its outcome, or neither, found once by the solver and checked
 * against the set's own score. One table per set, seeds/verdicts/<set>.txt.
 * Resumable: each position's line is appended as it is found, so a killed
 * run started again goes on where it stopped. Progress with an ETA on stderr.
 *
 *   npm run verdicts -- [--limit N] [--dir seeds/verdicts] [SET_FILE ...]
 *
 * Default sets: Pons' six in ../shared/data/pons-test-sets (easy ones first).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Solver } from '../../src/solver/index.js';
import { loadSolverBook } from '../book/book-file.js';
import { parseLabelled, positionCount } from '../eval/labels.js';
import { buildVerdictTable } from '../eval/verdict-table.js';
import { PONS_DIR as PONS_PATH, PONS_SETS, VERDICTS_DIR as VERDICTS_PATH } from '../eval/broad.js';
import { Progress } from '../run/progress.js';
import { numberOption, parseOptions, withUsage } from './options.js';

// The six sets in broad.ts's order, cheapest first, so that a short run leaves whole tables behind.
const VERDICTS_DIR = relative(process.cwd(), VERDICTS_PATH) || '.';
const PONS_DIR = relative(process.cwd(), PONS_PATH);

const USAGE = `usage: npm run verdicts -- [--limit N] [--dir ${VERDICTS_DIR}] [SET_FILE ...]
  builds (or resumes) DIR/<set>.txt for each set: every column of every position judged by the solver
  --limit N: stop each table at its first N positions (run again without it to go on)
  SET_FILE: lines "MOVES SCORE" (Pons); default: ${PONS_SETS.map((s) => `Test_${s}`).join(', ')} in ${PONS_DIR}`;

const { values, positionals } = parseOptions(
  {
    limit: { type: 'string' },
    dir: { type: 'string', default: VERDICTS_DIR },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
  { positionals: true },
);
const limit = withUsage(USAGE, () => numberOption('limit', values.limit, { min: 1, integer: true }));

function defaultSets(): string[] {
  if (!existsSync(PONS_DIR)) {
    process.stderr.write(`error: ${PONS_DIR} not found: give the set files to judge\n${USAGE}\n`);
    process.exit(2);
  }
  return PONS_SETS.map((s) => join(PONS_DIR, `Test_${s}`));
}

try {
  const files = positionals.length > 0 ? positionals : defaultSets();
  mkdirSync(values.dir, { recursive: true });
  const solver = new Solver();
  loadSolverBook(solver);
  for (const file of files) {
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    const name = basename(file).replace(/^Test_/, '').replace(/\.txt$/, '');
    const items = parseLabelled(text, file);
    if (items.some((it) => it.columns !== null)) throw new Error(`${file}: labels every column already; verdict tables are for sets with one score a position`);
    const out = join(values.dir, `${name}.txt`);
    const bar = new Progress(name, Math.min(positionCount(text), limit ?? Infinity), 'positions');
    const t0 = process.cpuUsage();
    const { judged, total } = buildVerdictTable(out, { name, bytes, positions: positionCount(text), items }, solver, { limit, progress: (d) => bar.update(d) });
    const cpu = process.cpuUsage(t0);
    process.stderr.write(`${out}: ${total} positions, ${judged} judged now in ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s\n`);
  }
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
