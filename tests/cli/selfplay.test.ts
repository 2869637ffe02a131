/**
 * `npm run selfplay` as a process: it writes one shard of games into
 * RUN/shards/, and a training run in RUN takes it at its next generation
 * (counted in the metrics) and moves it to shards/used/. Bad options are
 * usage errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exportOnnx } from '../../training/onnx/export.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { parseShard } from '../../training/records/shard.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE = process.execPath;
const run = (cli: string, args: string[]) => spawnSync(NODE, ['--import', 'tsx', join(ROOT, 'training', 'cli', cli), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
const work = mkdtempSync(join(tmpdir(), 'c4-selfplay-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run selfplay', () => {
  test.each([
    [['--games', '2', '--out', work], /--model is required/],
    [['--model', 'models/agent.onnx', '--games', '2'], /--out is required/],
    [['--model', join(work, 'none.onnx'), '--games', '2', '--out', work], /model file not found/],
    [['--model', 'models/agent.onnx', '--games', '0', '--out', work], /--games must be/],
    [['--model', 'models/agent.onnx', '--games', '2', '--out', work, 'stray'], /stray|Unexpected argument|positional/i],
  ])('rejects %j with exit 2', (args, message) => {
    const r = run('selfplay.ts', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('writes a shard that a training run in that folder takes', { timeout: 300_000 }, async () => {
    await initTrainingBackend();
    const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
    const model = join(work, 'net.onnx');
    writeFileSync(model, exportOnnx(createModel(smoke.net, 1)));
    const config = join(work, 'shard.json');
    writeFileSync(config, JSON.stringify({ ...smoke, name: 'shard', generations: 1, selfplay: { ...smoke.selfplay, games: 8, concurrency: 8, workers: 0 }, eval: { ...smoke.eval, games: 2 } }));
    const out = join(work, 'run');
    const sp = run('selfplay.ts', ['--model', model, '--games', '6', '--out', out, '--config', config, '--seed', '3']);
    expect(sp.status, sp.stderr).toBe(0);
    const shards = readdirSync(join(out, 'shards')).filter((f) => f.endsWith('.jsonl'));
    expect(shards).toHaveLength(1);
    const games = parseShard(readFileSync(join(out, 'shards', shards[0]), 'utf8'), shards[0]);
    expect(games).toHaveLength(6);

    const tr = run('train.ts', ['--config', config, '--out', out]);
    expect(tr.status, tr.stderr).toBe(0);
    const m = JSON.parse(tr.stdout.split('\n').find((l) => l.startsWith('{'))!);
    expect(m.selfplay.shardGames).toBe(6);
    expect(m.selfplay.games).toBe(8);
    expect(existsSync(join(out, 'shards', shards[0]))).toBe(false);
    expect(existsSync(join(out, 'shards', 'used', shards[0]))).toBe(true);
  });
});
