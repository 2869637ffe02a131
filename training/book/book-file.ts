/**
 * Node-only: reading and writing the opening book file. The browser fetches
 * the same bytes from `/book/book.bin` (vite serves `public/` at the root).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BookFormatError, OpeningBook, isUncheckedBook, type BookReadOptions, type Solver } from '../../src/solver/index.js';
import { writeAtomic } from '../util/atomic-write.js';

/** The book in the repository: public/book/book.bin. */
export const DEFAULT_BOOK_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/book/book.bin');

/**
 * Reads a book file; an empty book when the file does not exist and
 * `missingOk`. A file that is not a book is a BookFormatError whose message
 * starts with the path.
 */
export function readBookFile(path = DEFAULT_BOOK_PATH, missingOk = false, opts: BookReadOptions = {}): OpeningBook {
  if (missingOk && !existsSync(path)) return new OpeningBook();
  return parseBookFile(path, new Uint8Array(readFileSync(path)), opts);
}

/**
 * Rewrites a book file of the old format C4B1 (no checksum) in the current
 * one, with the same entries; returns the book, or null when there is
 * nothing to convert (no file, or one in the current format).
 */
export function convertUncheckedBookFile(path: string): OpeningBook | null {
  if (!existsSync(path)) return null;
  const bytes = new Uint8Array(readFileSync(path));
  if (!isUncheckedBook(bytes)) return null;
  const book = parseBookFile(path, bytes, { acceptUnchecked: true });
  writeBookFile(book, path);
  return book;
}

/** OpeningBook.fromBytes, with the path at the start of a BookFormatError's message. */
function parseBookFile(path: string, bytes: Uint8Array, opts: BookReadOptions): OpeningBook {
  try {
    return OpeningBook.fromBytes(bytes, opts);
  } catch (e) {
    throw e instanceof BookFormatError ? new BookFormatError(`${path}: ${e.message}`) : e;
  }
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

/** `message` without a leading "PATH: " (readBookFile names the file; a caller that names it too drops it once). */
export function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
