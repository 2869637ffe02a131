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
 *   npm run solve -- [--analyze] [--weak] [--no-book] [--book PATH] [--table-log2 K] [MOVES...]
 *
 * --weak          print only the sign (1 win, 0 draw, -1 loss)
 * --no-book       search without the opening book (public/book/book.bin)
 * --table-log2 K  transposition table of about 2^K slots (default 23)
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { NotationError, parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, readBookFile } from '../book/book-file.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    analyze: { type: 'boolean', default: false },
    weak: { type: 'boolean', default: false },
    'no-book': { type: 'boolean', default: false },
    book: { type: 'string', default: DEFAULT_BOOK_PATH },
    'table-log2': { type: 'string', default: '23' },
  },
});

const solver = new Solver({ tableSize: 2 ** Number(values['table-log2']) });
if (!values['no-book']) {
  try {
    solver.setBook(readBookFile(values.book as string, values.book === DEFAULT_BOOK_PATH));
  } catch (e) {
    process.stderr.write(`cannot read the book ${values.book}: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

let failed = 0;

/** Answers one input line; `n` is its 1-based number for error messages. Blank lines are skipped unless `emptyBoard`. */
function answer(line: string, n: number, emptyBoard = false): void {
  const moves = line.trim().split(/\s+/)[0] ?? '';
  if (moves === '' && !emptyBoard) return;
  let pos;
  try {
    pos = parseMoves(moves);
  } catch (e) {
    failed++;
    const why = e instanceof NotationError ? e.message : String(e);
    process.stderr.write(`line ${n}: ${JSON.stringify(line.trim())}: ${why}\n`);
    return;
  }
  const weak = values.weak === true;
  if (values.analyze) {
    const scores = solver.analyze(pos, { weak });
    process.stdout.write(`${moves} ${scores.map((s) => (s === null ? 'x' : String(s))).join(' ')}\n`);
  } else {
    process.stdout.write(`${moves} ${solver.solve(pos, { weak })}\n`);
  }
}

if (positionals.length > 0) {
  positionals.forEach((p, i) => answer(p, i + 1, true));
} else {
  let n = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) answer(line, ++n);
}
process.exitCode = failed > 0 ? 1 : 0;
