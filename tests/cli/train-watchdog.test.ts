/**
 * `npm run train` stops when npm itself is killed. Under npm the trainer's
 * parent is npm's `sh -c` wrapper, which a `kill -9` of npm leaves alive, so
 * this test goes through a real npm process: the one that is killed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('kill -9 of npm stops the trainer within seconds and frees the run folder', { timeout: 180_000 }, async () => {
  const out = join(work, 'orphan');
  // Many generations, self-play in turn with training: still running when npm is killed.
  const cfg = { ...smokeConfig(), name: 'orphan', generations: 50, selfplay: { ...smokeConfig().selfplay, workers: 0 } };
  writeFileSync(join(work, 'orphan.json'), JSON.stringify(cfg));
  const npm = spawn('npm', ['run', 'train', '--', '--config', join(work, 'orphan.json'), '--out', out], { cwd: ROOT });
  let stderr = '';
  npm.stdout.resume();
  await new Promise<void>((resolve, reject) => {
    npm.stderr.on('data', (d) => {
      stderr += d;
      if (/gen 1 /.test(stderr)) resolve();
    });
    npm.on('exit', () => reject(new Error(`npm ended before training:\n${stderr}`)));
  });
  // The lock holds the trainer's PID (training/run/lock.ts).
  const trainer = Number.parseInt(readFileSync(join(out, 'lock'), 'utf8'), 10);
  expect(trainer).not.toBe(npm.pid);
  npm.kill('SIGKILL');
  const killedAt = Date.now();
  try {
    while (Date.now() - killedAt < 15_000 && (alive(trainer) || existsSync(join(out, 'lock')))) await new Promise((r) => setTimeout(r, 200));
    expect(alive(trainer), stderr.slice(-2000)).toBe(false);
    expect(existsSync(join(out, 'lock'))).toBe(false);
    expect(stderr).toMatch(/npm run train was stopped/);
  } finally {
    // Without a working watchdog the trainer would outlive the test.
    if (alive(trainer)) process.kill(trainer, 'SIGKILL');
  }
});
