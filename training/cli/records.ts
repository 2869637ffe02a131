/**
 * Where `npm run match` and `npm run eval` put their record, so that no run
 * loses a result, its own or a committed one:
 *  - before the run, the output path is checked: its folder must take a
 *    file, and an existing record there is only replaced by a run of the
 *    same model and settings (or with --force), so a quick `--games 1` never
 *    overwrites the committed 20-game record that the card publishes;
 *  - during the run, the results so far go to PATH.partial after each game
 *    (or set), atomically, so a long run killed or failing late keeps what
 *    it finished;
 *  - at the end the record is written to PATH atomically and the partial
 *    file removed.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { UsageError } from './options.js';

/** The shipped models' folder: records reach it only through `npm run card` or an explicit --out. */
const MODELS_DIR = resolve('models');

/**
 * Where a record of `model` goes without --out: beside the model
 * (MODEL.SUFFIX), except for a model in models/, whose records go to
 * runs/records/ (git-ignored), so that a quick run never adds to or
 * replaces the committed records the card publishes.
 */
export function defaultRecordPath(model: string, suffix: string): string {
  const name = `${basename(model).replace(/\.onnx$/, '')}.${suffix}`;
  if (relative(MODELS_DIR, resolve(dirname(model))) !== '') return join(dirname(model), name);
  mkdirSync(join('runs', 'records'), { recursive: true });
  return join('runs', 'records', name);
}

/** The file that holds a run's results so far. */
export const partialPath = (path: string): string => `${path}.partial`;

/**
 * Checks, before any work, that the record can be written to `path`:
 * UsageError when its folder is missing or not writable, when `path` is a
 * folder, or when it holds a record that `differs` says is of another run
 * (`differs` returns why, e.g. "games 20, not 1"; null for the same run) and
 * `force` is not given. An unreadable file there counts as another run's.
 */
export function checkRecordPath(path: string, force: boolean, differs: (old: Record<string, unknown>) => string | null): void {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UsageError(`--out ${path} is a directory, not a file`);
    // An empty file holds no record: nothing there to lose.
    if (!force && statSync(path).size > 0) {
      let why: string | null;
      try {
        why = differs(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
      } catch {
        why = 'it is not a readable record';
      }
      if (why !== null) {
        throw new UsageError(`${path} holds the record of another run (${why}): pass --force to replace it, or --out another file`);
      }
    }
  }
  // A real write, not access(): it also catches a missing folder and a read-only file system.
  const probe = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new UsageError(`cannot write the record to ${path} (folder ${dirname(path)}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Writes the results so far to PATH.partial (atomically). */
export function writePartial(path: string, value: unknown): void {
  writeJsonAtomic(partialPath(path), value);
}

/** Writes the finished record to `path` (atomically) and removes PATH.partial. */
export function writeFinal(path: string, value: unknown): void {
  writeJsonAtomic(path, value);
  rmSync(partialPath(path), { force: true });
}

/**
 * Why two settings objects differ, as "key old, not new" for the first few
 * keys that differ (values compared as JSON); null when they are the same.
 */
export function settingsDiffer(old: Record<string, unknown>, now: Record<string, unknown>): string | null {
  const diffs = Object.keys(now)
    .filter((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]))
    .map((k) => `${k} ${JSON.stringify(old[k]) ?? 'absent'}, not ${JSON.stringify(now[k])}`);
  return diffs.length === 0 ? null : diffs.slice(0, 3).join('; ');
}
