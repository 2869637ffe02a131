/**
 * `npm run train` refuses what it cannot do before any work (bad options,
 * configs, a --resume without a checkpoint), stops cleanly on SIGTERM, and
 * keeps one trainer per run folder. Learning: train-learns.test.ts;
 * resuming after a kill: train-resume.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, NODE, ROOT, TSX_ARGS, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();

describe('npm run train', () => {
  test.each([
    [['--config', 'seeds/smoke.json', '--workers', 'two'], /--workers must be/],
    [['--config', 'seeds/smoke.json', '--generations', '0'], /--generations must be an integer >= 1/],
    [['--config', join(work, 'missing.json')], /cannot read the config .*missing\.json/],
    [['--config', 'seeds/smoke.json', '--frobnicate'], /Unknown option/],
    [['--config', 'seeds/smoke.json', '--seed', '1.5'], /--seed must be an integer >= 0/],
    [['--config', 'seeds/smoke.json', '--resume', '--from', 'x.bin'], /choose one of --resume and --from/],
    [['--config', 'seeds/smoke.json', '--from', join(work, 'none.bin')], /checkpoint .*none\.bin not found/],
  ])('rejects %j with exit 2 and the usage line', (args, message) => {
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run train');
  });

  test('--resume on a folder without a checkpoint is refused, not a new run', () => {
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', 'seeds/smoke.json', '--out', join(work, 'mistyped'), '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--resume: .*mistyped has no checkpoint\.bin/);
    expect(existsSync(join(work, 'mistyped'))).toBe(false);
  });

  test('--resume with another seed than the run was started with is refused, naming its seed', () => {
    const out = join(work, 'seeded');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'config.json'), JSON.stringify({ ...smokeConfig(), seed: 5 }));
    const args = [...TSX_ARGS, CLI, '--config', 'seeds/smoke.json', '--out', out, '--resume'];
    for (const extra of [['--seed', '6'], []]) {
      const r = spawnSync(NODE, [...args, ...extra], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/seeded was started with seed 5, not \d+: give --seed 5 to go on with it/);
    }
  });

  test.each([
    [{ bogus: 1 }, /"bogus" is not a known key/],
    [{ generations: '2' }, /"generations" must be an integer from 1/],
    [{ train: { learningRate: 'fast' } }, /"train.learningRate" must be a number above 0/],
  ])('a config with %j is refused before anything is written', (extra, message) => {
    const config = join(work, `bad-${Object.keys(extra)[0]}.json`);
    writeFileSync(config, JSON.stringify({ ...smokeConfig(), ...extra }));
    const out = join(work, `bad-out-${Object.keys(extra)[0]}`);
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
  test('SIGTERM in the middle of a training phase stops the workers and the run within seconds and frees the folder', { timeout: 120_000 }, async () => {
    const out = join(work, 'term');
    // Enough steps in a phase that it lasts well beyond the few seconds allowed.
    const cfg = { ...smokeConfig(), name: 'term', train: { batchSize: 128, reuse: 8, minSteps: 4000, learningRate: 0.003 } };
    writeFileSync(join(work, 'term.json'), JSON.stringify(cfg));
    const child = spawn(NODE, [...TSX_ARGS, CLI, '--config', join(work, 'term.json'), '--out', out, '--workers', '1'], { cwd: ROOT });
    let stderr = '';
    let sentAt = 0;
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (!sentAt && /gen 1 train .* [1-9]\d*\/4000 steps/.test(stderr)) {
          sentAt = Date.now();
          child.kill('SIGTERM');
          resolve();
        }
      });
    });
    const code = await new Promise((r) => child.on('close', (c, sig) => r(c ?? sig)));
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(code, stderr).toBe(143);
    expect(existsSync(join(out, 'lock'))).toBe(false);
    // The self-play worker was asked to stop before the exit, not killed inside onnxruntime (an abort).
    expect(stderr).toMatch(/1 self-play worker thread\(s\) beside training/);
    expect(stderr).not.toMatch(/terminate called|Napi::Error/);
  });

  test('one trainer per run folder: a second is refused naming the first; a stale lock and stray temporaries are cleared', { timeout: 300_000 }, async () => {
    const smoke = smokeConfig();
    const config = join(work, 'lock.json');
    writeFileSync(config, JSON.stringify({ ...smoke, name: 'lock', generations: 200, selfplay: { ...smoke.selfplay, games: 16, concurrency: 16, workers: 0 }, eval: { ...smoke.eval, games: 2 } }));
    const out = join(work, 'lock');
    mkdirSync(out, { recursive: true });
    // A lock left by a process that is gone, and a temporary file of an interrupted write.
    writeFileSync(join(out, 'lock'), '999999\n');
    writeFileSync(join(out, 'checkpoint.bin.999999.tmp'), 'half a checkpoint');
    const first = spawn(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT });
    let stderr = '';
    first.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/gen 1 self-play/.test(stderr)) (clearInterval(timer), resolve());
      }, 100);
      first.on('exit', () => (clearInterval(timer), reject(new Error(`the first trainer ended early:\n${stderr}`))));
    });
    expect(stderr).toMatch(/taking over a stale lock of PID 999999/);
    expect(stderr).toMatch(/removed 1 temporary file/);
    expect(existsSync(join(out, 'checkpoint.bin.999999.tmp'))).toBe(false);
    // The first trainer has 200 generations to go: it still holds the folder
    // however slowly the second starts (a 1-generation run could finish first).
    const second = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(second.status, second.stderr).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`in use by another trainer \\(PID ${first.pid}\\)`));
    const closed = new Promise((r) => first.on('close', (c, sig) => r(c ?? sig)));
    first.kill('SIGTERM');
    expect(await closed, stderr).toBe(143);
    // The lock goes with its owner.
    expect(existsSync(join(out, 'lock'))).toBe(false);
  });
});
