/**
 * `npm run selfplay` as a process: it writes one shard of games into
 * RUN/shards/ with the run's own config and network, and a training run in
 * RUN takes it at its next generation (counted in the metrics) and moves it
 * to shards/used/. Shards are untrusted: a FIFO, a folder, a duplicate and a
 * shard of another network are moved to shards/rejected/ with a reason, and
 * the run goes on. An interrupt keeps the finished games; a NaN network and
 * an unwritable shards folder stop it before anything is written. Bad
 * options are usage errors.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx } from '../../training/onnx/export.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { parseShard } from '../../training/records/shard.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE = process.execPath;
const run = (cli: string, args: string[]) => spawnSync(NODE, ['--import', 'tsx', join(ROOT, 'training', 'cli', cli), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
const work = mkdtempSync(join(tmpdir(), 'c4-selfplay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A run folder trained for one generation (config, networks, checkpoint), made once for the tests that need one. */
const out = join(work, 'run');
const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
const tiny = (generations: number) => ({ ...smoke, name: 'shard', generations, selfplay: { ...smoke.selfplay, games: 8, concurrency: 8, workers: 0 }, eval: { ...smoke.eval, games: 2 } });
const config = (generations: number) => {
  const path = join(work, `shard-${generations}.json`);
  writeFileSync(path, JSON.stringify(tiny(generations)));
  return path;
};
const shardsIn = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.jsonl')) : []);
const metricsOf = (stdout: string) => JSON.parse(stdout.split('\n').find((l) => l.startsWith('{'))!);

beforeAll(() => {
  const tr = run('train.ts', ['--config', config(1), '--out', out]);
  expect(tr.status, tr.stderr).toBe(0);
}, 120_000);

describe('npm run selfplay', () => {
  test.each([
    [['--games', '2'], /--out is required/],
    [['--games', '2', '--out', join(work, 'mistyped')], /is not a training run folder: no config\.json/],
    [['--model', join(work, 'none.onnx'), '--games', '2', '--out', out], /model file not found/],
    [['--games', '0', '--out', out], /--games must be/],
    [['--games', '2', '--out', out, 'stray'], /stray|Unexpected argument|positional/i],
  ])('rejects %j with exit 2', (args, message) => {
    const r = run('selfplay.ts', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('writes a shard that the run takes; a FIFO, a folder, a twin and another network\'s shard are rejected', { timeout: 300_000 }, async () => {
    // A partial file of a selfplay of this host that was killed (PID 999999 is gone): removed.
    const shards = join(out, 'shards');
    mkdirSync(shards, { recursive: true });
    const stale = `selfplay-old.jsonl.${hostname()}-999999.partial`;
    writeFileSync(join(shards, stale), '{"v":2');
    const sp = run('selfplay.ts', ['--games', '6', '--out', out, '--seed', '3']);
    expect(sp.status, sp.stderr).toBe(0);
    expect(existsSync(join(shards, stale))).toBe(false);
    expect(sp.stderr).toContain(`removed ${stale}: left by a selfplay that was killed`);
    const [shard] = shardsIn(shards);
    expect(parseShard(readFileSync(join(shards, shard), 'utf8'), shard)).toHaveLength(6);
    expect(readdirSync(shards).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // Beside it: its twin (a second machine with the same --seed), a shard of a network that is not the run's,
    // a FIFO and a folder named like shards (the trainer must neither hang nor stop).
    copyFileSync(join(shards, shard), join(shards, 'zz-twin.jsonl'));
    await initTrainingBackend();
    const stranger = join(work, 'stranger.onnx');
    writeFileSync(stranger, exportOnnx(createModel(smoke.net, 99)));
    expect(run('selfplay.ts', ['--games', '2', '--out', out, '--model', stranger, '--seed', '4']).status).toBe(0);
    const [other] = shardsIn(shards).filter((f) => f !== shard && f !== 'zz-twin.jsonl');
    expect(spawnSync('mkfifo', [join(shards, 'fifo.jsonl')]).status).toBe(0);
    mkdirSync(join(shards, 'folder.jsonl'));

    const tr = run('train.ts', ['--config', config(2), '--out', out, '--resume']);
    expect(tr.status, tr.stderr).toBe(0);
    const m = metricsOf(tr.stdout);
    expect(m.selfplay.shardGames).toBe(6);
    expect(m.selfplay.games).toBe(8);
    expect(existsSync(join(shards, 'used', shard))).toBe(true);
    const reason = (f: string) => readFileSync(join(shards, 'rejected', `${f}.reason`), 'utf8');
    expect(reason('fifo.jsonl')).toMatch(/not a regular file/);
    expect(reason('folder.jsonl')).toMatch(/not a regular file/);
    expect(reason('zz-twin.jsonl')).toMatch(/the same games as selfplay-.*\.jsonl, taken now/);
    expect(reason(other)).toMatch(/played by a network that is not one of this run's/);
    expect(tr.stderr).toMatch(/shard rejected, moved to .*rejected\/fifo\.jsonl: .*not a regular file/);
  });

  test('Ctrl-C keeps the games finished so far', { timeout: 120_000 }, async () => {
    const dir = join(work, 'int');
    mkdirSync(dir);
    for (const f of ['config.json', 'latest.onnx']) copyFileSync(join(out, f), join(dir, f));
    const child = spawn(NODE, ['--import', 'tsx', join(ROOT, 'training/cli/selfplay.ts'), '--games', '5000', '--out', dir, '--seed', '5'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Wait for the first finished games in the partial file, then interrupt.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const partial = existsSync(join(dir, 'shards')) ? readdirSync(join(dir, 'shards')).find((f) => f.endsWith('.partial')) : undefined;
        if (partial && readFileSync(join(dir, 'shards', partial), 'utf8').split('\n').length > 3) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', (c, sig) => r(c ?? sig)));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted: kept \d+ finished games in /);
    const [kept] = shardsIn(join(dir, 'shards'));
    expect(parseShard(readFileSync(join(dir, 'shards', kept), 'utf8'), kept).length).toBeGreaterThanOrEqual(3);
    expect(readdirSync(join(dir, 'shards')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  test('a NaN network and an unwritable shards folder stop it before anything is written', { timeout: 120_000 }, async () => {
    await initTrainingBackend();
    const broken = createModel(smoke.net, 5);
    broken.setWeights(broken.getWeights().map((w, i) => (i === 0 ? tf.fill(w.shape, NaN) : w)));
    const nan = join(work, 'nan.onnx');
    writeFileSync(nan, exportOnnx(broken));
    const dir = join(work, 'nan');
    mkdirSync(dir);
    copyFileSync(join(out, 'config.json'), join(dir, 'config.json'));
    const r = run('selfplay.ts', ['--games', '4', '--out', dir, '--model', nan]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: .*(NaN|non-finite|finite).*no shard written/i);
    expect(readdirSync(join(dir, 'shards'))).toEqual([]);

    // A model file that is no ONNX: one line, no stack trace.
    const corrupt = join(work, 'corrupt.onnx');
    writeFileSync(corrupt, 'not a network');
    const c = run('selfplay.ts', ['--games', '4', '--out', dir, '--model', corrupt]);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/error: cannot load the model .*corrupt\.onnx: /);
    expect(c.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(dir, 'shards'))).toEqual([]);

    // shards/ is a file: the folder cannot take the shard, found before any game.
    const ro = join(work, 'ro');
    mkdirSync(ro);
    copyFileSync(join(out, 'config.json'), join(ro, 'config.json'));
    writeFileSync(join(ro, 'shards'), 'not a folder');
    const w = run('selfplay.ts', ['--games', '4', '--out', ro, '--model', join(out, 'latest.onnx')]);
    expect(w.status).toBe(1);
    expect(w.stderr).toMatch(/cannot write the shard in .*shards: (EEXIST|ENOTDIR)/);
    expect(w.stderr).not.toMatch(/self-play/);
  });
});
