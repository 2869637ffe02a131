/**
 * The one way the pipeline writes a file: to a temporary file beside it,
 * every byte checked written (a full disk gives short writes, not always an
 * error), fsync, then a rename over the old file. A kill or a failure at any
 * moment leaves either the old file or the new one whole, never a torn one;
 * on failure the temporary files are removed and the error names the path.
 * Files that grow line by line (the verdict cache, a self-play shard being
 * played) append through `appendLine`, which keeps the same promise: the
 * line whole or the file as it was.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** A file to write (writeAllAtomic). */
export interface Output {
  path: string;
  data: string | Uint8Array;
}

const tmpOf = (path: string) => `${path}.${process.pid}.tmp`;

/** Writes all of `bytes` at the open file's position, looping over short writes; a write that stores nothing is an error. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    const n = writeSync(fd, bytes, off, bytes.length - off);
    if (n <= 0) throw new Error(`wrote ${off} of ${bytes.length} bytes (is the disk full?)`);
    off += n;
  }
}

/** Writes all of `o.data` to its temporary file and fsyncs it. */
function writeTemp(o: Output): void {
  const fd = openSync(tmpOf(o.path), 'w');
  try {
    writeAll(fd, typeof o.data === 'string' ? Buffer.from(o.data) : o.data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends `line` and a newline to `path` (created if missing), every byte
 * checked, fsynced; on failure the file is cut back to its old length (no
 * torn line) and the error is one line with the path and the errno.
 */
export function appendLine(path: string, line: string): void {
  let fd: number | null = null;
  let size = 0;
  try {
    fd = openSync(path, 'a');
    size = fstatSync(fd).size;
    writeAll(fd, Buffer.from(`${line}\n`));
    fsyncSync(fd);
  } catch (e) {
    if (fd !== null) {
      try {
        ftruncateSync(fd, size);
      } catch {
        // The error below says what failed; the cut is a best effort.
      }
    }
    throw writeError(path, e);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Writes every output to its temporary file first, then renames each into
 * place: a failed write (disk full, a missing folder) replaces nothing.
 */
export function writeAllAtomic(outputs: readonly Output[]): void {
  let at = '';
  try {
    for (const o of outputs) {
      at = o.path;
      writeTemp(o);
    }
  } catch (e) {
    for (const o of outputs) rmSync(tmpOf(o.path), { force: true });
    throw writeError(at, e);
  }
  for (const o of outputs) {
    try {
      renameSync(tmpOf(o.path), o.path);
    } catch (e) {
      throw writeError(o.path, e);
    }
  }
}

/** One line with the path and the errno (ENOSPC, EROFS, EACCES...): the old file is left as it was. */
function writeError(path: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  const why = err.code ? `${err.code} (${err.message.replace(/^\w+: /, '').split('\n')[0]})` : err.message;
  return new Error(`cannot write ${path}: ${why}; the file there is left as it was`);
}

/** Writes `data` to `path` atomically: temporary file, every byte checked, fsync, rename. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  writeAllAtomic([{ path, data }]);
}

/** `value` as pretty-printed JSON with a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
