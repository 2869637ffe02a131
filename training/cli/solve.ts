/**
 * `npm run solve`: Pons' line protocol. Reads positions in Pons' notation
 * (1-indexed column digits, "4453"), from the arguments or else one per line
 * on stdin, and prints `POSITION SCORE`, or with --analyze
 * `POSITION s1 s2 s3 s4 s5 s6 s7` with `x` for a full (or, once the game is
 * over, any) column. Only a line's first word is read, so Pons' test-set
 * files (`MOVES SCORE`) can be piped in as they are; blank lines are skipped
 * (an empty argument, `""`, is the empty board).
 * A bad line gets `line N: "...": reason` on stderr and the others are still
 * answered; the exit status is 1 when any line failed.
 *
 *   npm run solve -- [--analyze [--threads N]] [--weak] [--no-book] [--book PATH] [--table-log2 K] [MOVES...]
 *
 * --threads N     with --analyze, share each position's columns between N
 *                 worker threads (1-7, default 1), each with its own solver,
 *                 table and book; the output is the same
 * --weak          print only the sign (1 win, 0 draw, -1 loss)
 * --no-book       search without the opening book (public/book/book.bin)
 * --table-log2 K  transposition table of about 2^K slots (default 23)
 */
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { CENTRE_FIRST, NotationError, parseMoves, type Position } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, readBookFile, withoutPath } from '../book/book-file.js';
import { clip, numberOption, parseOptions, quote, UsageError, withUsage } from './options.js';
import { exitQuietlyOnClosedStdout } from './pipe.js';

const USAGE = 'usage: npm run solve -- [--analyze [--threads N]] [--weak] [--no-book] [--book PATH] [--table-log2 K] [MOVES...]';

const { values, positionals } = parseOptions(
  {
    analyze: { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
    weak: { type: 'boolean', default: false },
    'no-book': { type: 'boolean', default: false },
    book: { type: 'string', default: DEFAULT_BOOK_PATH },
    'table-log2': { type: 'string', default: '23' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
  { positionals: true },
);
const { threads, tableSize } = withUsage(USAGE, () => {
  const threads = numberOption('threads', values.threads, { min: 1, max: 7, integer: true })!;
  if (threads > 1 && !values.analyze) throw new UsageError('--threads goes with --analyze');
  return { threads, tableSize: 2 ** numberOption('table-log2', values['table-log2'], { min: 17, max: 28, integer: true })! };
});
exitQuietlyOnClosedStdout();
const bookPath = values['no-book'] ? null : (values.book as string);
const bookRequired = values.book === DEFAULT_BOOK_PATH;

let book;
if (bookPath !== null) {
  try {
    book = readBookFile(bookPath, bookRequired);
  } catch (e) {
    // A file that is not a book is a failure (exit 1), as in book and match; exit 2 is for bad options.
    process.stderr.write(`error: cannot read the book ${bookPath}: ${withoutPath((e as Error).message, bookPath)}\n`);
    process.exit(1);
  }
}
/** This thread's solver; with worker threads they do all the solving, so no table here. */
const solver = threads > 1 ? null : new Solver({ tableSize });
if (solver && book) solver.setBook(book);

/**
 * Worker threads for --threads N > 1, each with its own solver
 * (solve-worker.ts). A worker does not inherit tsx's loader, so a one-line
 * bootstrap registers it before importing the TypeScript module.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./solve-worker.ts', import.meta.url).href)}); })`;
const workers =
  threads > 1 ? Array.from({ length: threads }, () => new Worker(WORKER_BOOT, { eval: true, workerData: { tableSize, bookPath, bookRequired } })) : [];
/** A worker that fails or exits while the CLI still needs it ends the run with a message, not a hang or a stack trace. */
let finished = false;
function die(why: string): void {
  if (finished) return;
  finished = true;
  process.stderr.write(`error: a solver worker thread ${why}\n`);
  process.exit(1);
}
for (const w of workers) {
  w.on('error', (e) => die(`failed: ${e.message}`));
  w.on('exit', (code) => die(`exited (code ${code})`));
}

/** Sends one column to a worker and waits for its reply (a failing worker ends the process, above). */
function ask(w: Worker, request: { moves: string; col: number; weak: boolean }): Promise<{ score?: number | null; error?: string }> {
  return new Promise((done) => {
    w.once('message', done);
    w.postMessage(request);
  });
}

/** Analyze with the workers: each idle worker takes the next column; the result is analyze's. */
async function analyzeShared(pos: Position, moves: string, weak: boolean): Promise<(number | null)[]> {
  const scores: (number | null)[] = [null, null, null, null, null, null, null];
  if (pos.isOver) return scores;
  const queue = CENTRE_FIRST.filter((c) => pos.canPlay(c)); // the slow centre columns first
  await Promise.all(
    workers.map(async (w) => {
      for (let col = queue.shift(); col !== undefined; col = queue.shift()) {
        const reply = await ask(w, { moves, col, weak });
        if (reply.error !== undefined) die(`failed on ${moves} column ${col + 1}: ${reply.error}`);
        scores[col] = reply.score ?? null;
      }
    }),
  );
  return scores;
}

let failed = 0;

/** Answers one input line; `n` is its 1-based number for error messages. Blank lines are skipped unless `emptyBoard`. */
async function answer(line: string, n: number, emptyBoard = false): Promise<void> {
  const moves = line.trim().split(/\s+/)[0] ?? '';
  if (moves === '' && !emptyBoard) return;
  let pos;
  try {
    pos = parseMoves(moves);
  } catch (e) {
    failed++;
    const why = e instanceof NotationError ? e.message : String(e);
    process.stderr.write(`line ${n}: ${quote(line.trim())}: ${clip(why)}\n`);
    return;
  }
  const weak = values.weak === true;
  if (values.analyze) {
    const scores = solver ? solver.analyze(pos, { weak }) : await analyzeShared(pos, moves, weak);
    process.stdout.write(`${moves} ${scores.map((s) => (s === null ? 'x' : String(s))).join(' ')}\n`);
  } else {
    process.stdout.write(`${moves} ${solver!.solve(pos, { weak })}\n`);
  }
}

if (positionals.length > 0) {
  for (let i = 0; i < positionals.length; i++) await answer(positionals[i], i + 1, true);
} else {
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) await answer(line, ++n);
}
finished = true;
await Promise.all(workers.map((w) => w.terminate()));
process.exitCode = failed > 0 ? 1 : 0;
