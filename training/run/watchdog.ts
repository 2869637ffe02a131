/**
 * Stopping a trainer whose `npm run` is gone. npm cannot pass a SIGKILL on,
 * and the trainer is not npm's child: npm runs the script through `sh -c`,
 * and that wrapper (dash here) outlives a `kill -9` of npm, so our ppid never
 * changes. So at start we find npm itself among our ancestors (on Linux, from
 * /proc/<pid>/stat, where npm's name is its process title, "npm run train")
 * and watch that process as well as our ppid. Elsewhere, or when no npm is
 * found, only the ppid is compared, as before.
 */
import { readFileSync } from 'node:fs';

/** How often the parent is looked for, in milliseconds. */
export const WATCH_INTERVAL_MS = 2000;

/** How far up the process tree npm is looked for (npm -> sh -c -> node is two levels). */
const MAX_DEPTH = 4;

/** A process's name (the title npm gives itself), parent and state from /proc/<pid>/stat, or null if unreadable. */
function procStat(pid: number): { name: string; ppid: number; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid ...": the name may hold spaces and parentheses, so split after its last ')'.
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(ppid), state };
  } catch {
    return null;
  }
}

/** The nearest ancestor whose name starts with "npm", or null (not Linux, or no npm within MAX_DEPTH). */
function npmAncestor(): number | null {
  let pid = process.ppid;
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const stat = procStat(pid);
    if (stat === null) return null;
    if (stat.name.startsWith('npm')) return pid;
    pid = stat.ppid;
  }
  return null;
}

/** Whether `pid` still runs; a zombie (killed, not yet reaped by its parent) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procStat(pid)?.state !== 'Z';
}

/** Calls `onGone` once, within WATCH_INTERVAL_MS, after our parent or the npm above it ends; does not keep the process alive. */
export function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const npm = npmAncestor();
  const watch = setInterval(() => {
    if (process.ppid === parent && (npm === null || alive(npm))) return;
    clearInterval(watch);
    onGone();
  }, WATCH_INTERVAL_MS).unref();
}
