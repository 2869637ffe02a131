/**
 * `npm run book`: builds the opening book (public/book/book.bin) with our own
 * solver, level by level (see training/book/coverage.ts for what it must
 * hold). Every solved entry is written to the file at once (atomically), so
 * the run can be killed at any time and simply started again: it resumes
 * from the book on disk. A progress bar with an ETA goes to stderr.
 *
 *   npm run book [-- --plies 8 --all-lines 2 --table-log2 24 --no-seed --verify]
 *
 * --plies N       cover decision positions of fewer than N stones (default 8)
 * --all-lines N   also every position of fewer than N stones, any opening (default 2, at most 5)
 * --table-log2 K  transposition table of about 2^K slots (default 24, ~84 MB)
 * --no-seed       do not seed published values (marked unverified)
 * --verify        after covering, re-solve the unverified entries
 * --book PATH     book file (default public/book/book.bin)
 * --max-minutes M stop cleanly before starting a new position after M minutes
 *
 * A book file of the old format C4B1 (no checksum, src/solver/book.ts) is
 * first rewritten in the current one with the same entries.
 */
import { parseMoves } from '../../src/engine/index.js';
import { type OpeningBook, Solver } from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, convertUncheckedBookFile, readBookFile, writeBookFile, withoutPath } from '../book/book-file.js';
import { walkCoverage } from '../book/coverage.js';
import { movesOfKey } from '../book/keys.js';
import { KNOWN_ANALYSES } from '../book/seeds.js';
import { numberOption, parseOptions, withUsage } from './options.js';

const USAGE =
  'usage: npm run book -- [--plies 8] [--all-lines 2] [--table-log2 24] [--no-seed] [--verify] [--book public/book/book.bin] [--max-minutes M]';

const { values } = parseOptions(
  {
    plies: { type: 'string', default: '8' },
    'all-lines': { type: 'string', default: '2' },
    'table-log2': { type: 'string', default: '24' },
    'no-seed': { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
    book: { type: 'string', default: DEFAULT_BOOK_PATH },
    'max-minutes': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
const { plies, allLines, tableLog2, stopAt } = withUsage(USAGE, () => ({
  plies: numberOption('plies', values.plies, { min: 1, max: 12, integer: true })!,
  allLines: numberOption('all-lines', values['all-lines'], { min: 0, max: 5, integer: true })!,
  tableLog2: numberOption('table-log2', values['table-log2'], { min: 18, max: 28, integer: true })!,
  stopAt: Date.now() + (numberOption('max-minutes', values['max-minutes'], { min: 0 }) ?? Infinity) * 60_000,
}));
const bookPath = values.book as string;

let book: OpeningBook;
try {
  // A book of the old format C4B1 (no checksum) is rewritten with one first, its entries as they are.
  const converted = convertUncheckedBookFile(bookPath);
  if (converted) log(`converted ${bookPath} from format C4B1 (no checksum) to C4B2 with a checksum: ${converted.size} entries`);
  book = readBookFile(bookPath, true);
} catch (e) {
  // BookFormatError (not a book file, or a truncated one) or a read error: one line naming the file, no stack trace.
  process.stderr.write(`error: cannot read the book ${bookPath}: ${withoutPath((e as Error).message, bookPath)}\n`);
  process.exit(1);
}
const solver = new Solver({ tableSize: 2 ** tableLog2, trustUnverifiedBook: false });
solver.setBook(book);
log(`book ${bookPath}: ${book.size} entries`);

if (!values['no-seed']) seed(book);

const start = Date.now();
for (;;) {
  const report = walkCoverage(book, { plies, allLines });
  log(`coverage: ${report.complete} decision positions complete, ${report.incomplete} incomplete; per ply ${report.completeByPly.join(' ')}`);
  if (report.missing.length === 0) break;
  // Deepest first: deeper positions are far cheaper to solve, and completing
  // them opens the next level, so coverage grows fastest this way; the few
  // very expensive shallow entries (3 plies: minutes each) come last.
  const ply = report.missing[report.missing.length - 1].ply;
  // Within a level, central lines first: the likeliest in games (and the agent's own replies), so a
  // build stopped part-way has covered the positions players meet most.
  const batch = report.missing.filter((m) => m.ply === ply).sort((a, b) => offCentre(a.moves) - offCentre(b.moves));
  solveBatch(`ply ${ply} (${report.missing.length - batch.length} shallower waiting)`, batch.map((m) => m.moves), book);
}
if (values.verify) {
  const unverified = book.list().filter((e) => !e.verified);
  log(`verifying ${unverified.length} seeded entries`);
  solveBatch('verify', unverified.map((e) => movesOfKey(e.key)), book);
}
log(`done: ${book.size} entries, ${book.toBytes().length} bytes, ${fmt((Date.now() - start) / 1000)} this run`);

/** Solves each position (exactly, without unverified book entries) and saves the book after each. */
function solveBatch(label: string, list: string[], target: OpeningBook): void {
  const t0 = Date.now();
  for (let i = 0; i < list.length; i++) {
    if (Date.now() > stopAt) {
      log(`\n--max-minutes reached: stopping with ${target.size} entries; run again to resume`);
      process.exit(0);
    }
    const pos = parseMoves(list[i]);
    const key = pos.canonicalKey();
    const old = target.entry(key);
    const n0 = solver.nodeCount;
    const t = Date.now();
    const score = solver.solve(pos);
    if (old && old.score !== score) log(`\nWARNING: ${list[i]}: seeded score ${old.score}, solved ${score}`);
    target.set(key, score, true);
    solver.setBook(target);
    writeBookFile(target, bookPath);
    const done = i + 1;
    const elapsed = (Date.now() - t0) / 1000;
    const eta = (elapsed / done) * (list.length - done);
    const width = 24;
    const bar = '#'.repeat(Math.round((width * done) / list.length)).padEnd(width, '.');
    const line = `${label} [${bar}] ${done}/${list.length} elapsed ${fmt(elapsed)} ETA ${fmt(eta)} | ${list[i]} = ${score} in ${((Date.now() - t) / 1000).toFixed(1)} s, ${((solver.nodeCount - n0) / 1e6).toFixed(1)} M nodes`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(120)}`);
    else process.stderr.write(`${line}\n`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
}

/** Seeds the published analyses as unverified entries (never overwriting an entry). */
function seed(target: OpeningBook): void {
  let added = 0;
  for (const { moves, scores } of KNOWN_ANALYSES) {
    const pos = parseMoves(moves);
    scores.forEach((s, c) => {
      const child = pos.clone();
      child.play(c);
      const key = child.canonicalKey();
      if (!target.has(key)) {
        target.set(key, -s, false);
        added++;
      }
    });
  }
  if (added > 0) {
    writeBookFile(target, bookPath);
    solver.setBook(target);
    log(`seeded ${added} published values (unverified)`);
  }
}

/** How far a line's moves are from the centre column in all (0 for "444..."). */
function offCentre(moves: string): number {
  let d = 0;
  for (const ch of moves) d += Math.abs(ch.charCodeAt(0) - 52);
  return d;
}

function fmt(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}
