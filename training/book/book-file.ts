/**
 * Node-only: reading and writing the opening book file. The browser fetches
 * the same bytes from `/book/book.bin` (vite serves `public/` at the root).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpeningBook, type Solver } from '../../src/solver/index.js';
import { writeAtomic } from '../util/atomic-write.js';

/** The book in the repository: public/book/book.bin. */
export const DEFAULT_BOOK_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/book/book.bin');

/** Reads a book file; an empty book when the file does not exist and `missingOk`. */
export function readBookFile(path = DEFAULT_BOOK_PATH, missingOk = false): OpeningBook {
  if (missingOk && !existsSync(path)) return new OpeningBook();
  return OpeningBook.fromBytes(new Uint8Array(readFileSync(path)));
}

/** Writes the book atomically (training/util/atomic-write.ts), so a kill never leaves half a file. */
export function writeBookFile(book: OpeningBook, path = DEFAULT_BOOK_PATH): void {
  writeAtomic(path, book.toBytes());
}

/** Loads the book file into `solver` (no book when the file is absent). Returns the book. */
export function loadSolverBook(solver: Solver, path = DEFAULT_BOOK_PATH): OpeningBook {
  const book = readBookFile(path, true);
  solver.setBook(book);
  return book;
}
