/**
 * What the `npm run train` end-to-end tests share: the trainer's entry point
 * run as one process, a scratch folder per test file, the metrics lines it
 * prints, and a SIGKILL at a chosen moment.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseMetrics, type MetricsLine } from '../../training/records/metrics.js';

export const ROOT = join(import.meta.dirname, '..', '..');
// `node --import tsx` keeps the trainer in ONE process (the tsx CLI forks a child that SIGKILL would orphan).
export const NODE = process.execPath;
export const TSX_ARGS = ['--import', 'tsx'];
export const CLI = join(ROOT, 'training', 'cli', 'train.ts');

/** A scratch folder for the calling test file, removed after its tests. */
export function workDir(): string {
  const work = mkdtempSync(join(tmpdir(), 'c4-train-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return work;
}

/** seeds/smoke.json, the recipe every end-to-end run starts from. */
export const smokeConfig = () => JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));

/** The loop's own record type (training/records/metrics.ts), read as the card reads it. */
export type Metrics = MetricsLine;

/** The metrics lines a run printed to stdout. */
export const lines = (text: string): Metrics[] =>
  parseMetrics(
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .join('\n'),
    'stdout',
  );

/** Starts the trainer with `args`, SIGKILLs it as soon as stderr matches `when`, and resolves with what it printed. */
export async function killWhen(args: string[], when: RegExp): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(NODE, [...TSX_ARGS, CLI, ...args], { cwd: ROOT });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (when.test(stderr) && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`exited before the kill:\n${stderr}`)));
  });
  await new Promise((r) => child.on('close', r));
  return { stdout, stderr };
}
