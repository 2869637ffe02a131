/**
 * One trainer per run folder: `dir/lock` holds the PID of the process that
 * owns the folder, created exclusively (O_EXCL), so two `npm run train` on
 * the same --out cannot both write into it. A lock whose process is gone (a
 * crash, a kill -9) is stale: it is taken over with a note. Also clears the
 * temporary files (`*.PID.tmp`) that a kill during an atomic write leaves.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { onShutdown, shutdownOnSignals } from './shutdown.js';

export class RunLockedError extends Error {
  override readonly name = 'RunLockedError';
}

/** Whether process `pid` exists on this host (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID written in the folder's lock: null when there is no lock, NaN when it holds no number. */
function lockPid(dir: string): number | null {
  try {
    return Number.parseInt(readFileSync(join(dir, 'lock'), 'utf8'), 10);
  } catch {
    return null;
  }
}

/** The PID of a live process holding the folder's lock, or null (no lock, a stale one, or this process's). */
export function liveHolder(dir: string): number | null {
  const holder = lockPid(dir);
  return holder !== null && Number.isInteger(holder) && holder !== process.pid && processAlive(holder) ? holder : null;
}

/** The error for a folder that another live trainer holds. */
export function lockedError(dir: string, holder: number): RunLockedError {
  return new RunLockedError(`${dir} is in use by another trainer (PID ${holder}); wait for it or stop it, or choose another --out`);
}

/** Takes the folder's lock (or throws RunLockedError naming the holder); returns the function that releases it. */
export function lockRun(dir: string, note: (line: string) => void = () => {}): () => void {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      // A kill by signal skips 'exit' handlers: the signal runs the clean-up (the lock's release last,
      // after what was registered later, such as the self-play workers), then exits as it would have.
      const unregister = onShutdown(release);
      shutdownOnSignals();
      clearStaleTemporaries(dir, note);
      return () => {
        unregister();
        release();
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const live = liveHolder(dir);
      if (live !== null) throw lockedError(dir, live);
      const holder = lockPid(dir);
      note(`${dir}: taking over a stale lock of PID ${holder !== null && Number.isInteger(holder) ? holder : '?'} (that process is gone)`);
      rmSync(path, { force: true });
    }
  }
  throw new RunLockedError(`${dir}: could not take the lock`);
}

/** Removes `*.tmp` files left by a kill during an atomic write (only called with the lock held). */
function clearStaleTemporaries(dir: string, note: (line: string) => void): void {
  if (!existsSync(dir)) return;
  const stale = readdirSync(dir).filter((f) => /\.\d+\.tmp$/.test(f));
  for (const f of stale) rmSync(join(dir, f), { force: true });
  if (stale.length > 0) note(`${dir}: removed ${stale.length} temporary file(s) left by an interrupted write (${stale.join(', ')})`);
}
