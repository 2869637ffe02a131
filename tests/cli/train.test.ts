/**
 * End-to-end training tests through `npm run train`'s entry point:
 * the smoke config must learn (the raw network blocks immediate threats far
 * more often than the untrained one, and the search beats the random
 * player), and a training process SIGKILLed mid-generation must resume from
 * its last checkpoint with nothing corrupt.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCheckpoint } from '../../training/run/checkpoint.js';
import { parseMetrics, type MetricsLine } from '../../training/records/metrics.js';
import { generationModelFile } from '../../training/util/run-files.js';

const ROOT = join(import.meta.dirname, '..', '..');
// `node --import tsx` keeps the trainer in ONE process (the tsx CLI forks a child that SIGKILL would orphan).
const NODE = process.execPath;
const TSX_ARGS = ['--import', 'tsx'];
const CLI = join(ROOT, 'training', 'cli', 'train.ts');
const work = mkdtempSync(join(tmpdir(), 'c4-train-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The loop's own record type (training/records/metrics.ts), read as the card reads it. */
type Metrics = MetricsLine;

const lines = (text: string): Metrics[] =>
  parseMetrics(
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .join('\n'),
    'stdout',
  );

/** Starts the trainer with `args`, SIGKILLs it as soon as stderr matches `when`, and resolves with what it printed. */
async function killWhen(args: string[], when: RegExp): Promise<{ stdout: string; stderr: string }> {
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

describe('npm run train', () => {
  test.each([
    [['--config', 'seeds/smoke.json', '--workers', 'two'], /--workers must be/],
    [['--config', 'seeds/smoke.json', '--generations', '0'], /--generations must be an integer >= 1/],
    [['--config', join(work, 'missing.json')], /cannot read the config .*missing\.json/],
    [['--config', 'seeds/smoke.json', '--frobnicate'], /Unknown option/],
    [['--config', 'seeds/smoke.json', '--resume', '--from', 'x.bin'], /choose one of --resume and --from/],
    [['--config', 'seeds/smoke.json', '--from', join(work, 'none.bin')], /checkpoint .*none\.bin not found/],
  ])('rejects %j with exit 2 and the usage line', (args, message) => {
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run train');
  });

  test('SIGTERM in the middle of a training phase stops the workers and the run within seconds and frees the folder', { timeout: 120_000 }, async () => {
    const out = join(work, 'term');
    // Enough steps in a phase that it lasts well beyond the few seconds allowed.
    const cfg = { ...JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8')), name: 'term', train: { batchSize: 128, reuse: 8, minSteps: 4000, learningRate: 0.003 } };
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

  test('seeds/smoke.json trains, exports and learns', { timeout: 300_000 }, () => {
    const out = join(work, 'smoke');
    const run = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', join(ROOT, 'seeds/smoke.json'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const metrics = lines(run.stdout);
    const cfg = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8')) as { generations: number };
    expect(metrics.map((m) => m.generation)).toEqual(Array.from({ length: cfg.generations }, (_, i) => i + 1));
    const last = metrics[metrics.length - 1];
    console.log('smoke: untrained probes', last.probesUntrained, 'trained', last.probes, 'matches', last.matches);
    // The raw policy blocks single immediate threats much more often than before training.
    expect(last.probes.block).toBeGreaterThan(last.probesUntrained!.block + 0.15);
    // Network-guided search crushes the random player (a sign error would not).
    expect(last.matches.random.score).toBeGreaterThanOrEqual(0.8);
    for (let g = 1; g <= cfg.generations; g++) expect(existsSync(join(out, generationModelFile(g)))).toBe(true);
  });

  test('SIGKILL mid-generation, then --resume continues from the last checkpoint', { timeout: 300_000 }, async () => {
    const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
    const config = join(work, 'kill.json');
    writeFileSync(
      config,
      JSON.stringify({ ...smoke, name: 'kill', generations: 2, selfplay: { ...smoke.selfplay, games: 16, concurrency: 16 }, eval: { ...smoke.eval, games: 4 } }),
    );
    const out = join(work, 'kill');
    // Run until generation 2's training has started (generation 1 is checkpointed), then kill hard.
    const { stdout } = await killWhen(['--config', config, '--out', out], /gen 2 train/);
    expect(lines(stdout).map((m) => m.generation)).toEqual([1]);
    const ck = loadCheckpoint(join(out, 'checkpoint.bin'));
    expect(ck.header.generation).toBe(1);
    // No temporary file counts as a checkpoint; the checkpoint itself is whole.
    expect(ck.trainer.length).toBeGreaterThan(1000);

    const resumed = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming kill after generation 1/);
    expect(lines(resumed.stdout).map((m) => m.generation)).toEqual([2]);
    const all = lines(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
    expect(all.map((m) => m.generation)).toEqual([1, 2]);
    expect(loadCheckpoint(join(out, 'checkpoint.bin')).header.generation).toBe(2);
    // The resumed run trained on the replay buffer it restored: more samples than one generation's.
    expect(all[1].train.replaySize!).toBeGreaterThan(all[0].train.replaySize!);
    // Starting over in a used directory without --resume is refused rather than overwriting.
    const refused = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(refused.status).not.toBe(0);

    // portable.bin: the same checkpoint without the replay buffer, so a lost run directory can go on (--from).
    const portable = loadCheckpoint(join(out, 'portable.bin'));
    expect(portable.header).toEqual(loadCheckpoint(join(out, 'checkpoint.bin')).header);
    expect(portable.replay.length).toBe(0);
    const longer = join(work, 'kill3.json');
    writeFileSync(longer, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), generations: 3 }));
    const moved = join(work, 'moved');
    const fromArgs = [...TSX_ARGS, CLI, '--config', longer, '--out', moved, '--from', join(out, 'portable.bin')];
    const cont = spawnSync(NODE, fromArgs, { cwd: ROOT, encoding: 'utf8' });
    expect(cont.status, cont.stderr).toBe(0);
    expect(cont.stderr).toMatch(/resuming kill after generation 2 from .*portable\.bin \(no replay buffer in it/);
    const three = lines(readFileSync(join(moved, 'metrics.jsonl'), 'utf8'));
    expect(three.map((m) => m.generation)).toEqual([1, 2, 3]);
    // The buffer started empty: it holds only generation 3's games.
    const size = (m: Metrics) => m.train.replaySize!;
    expect(size(three[2])).toBeLessThan(size(three[1]));
    // --from into a directory that has a checkpoint is refused.
    const again = spawnSync(NODE, fromArgs, { cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/checkpoint\.bin exists/);
    // A checkpoint of another network shape is refused with both shapes named.
    const other = join(work, 'other.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(longer, 'utf8')), net: { blocks: 1, filters: 8 } }));
    const mismatch = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', other, '--out', join(work, 'other'), '--from', join(out, 'portable.bin')], { cwd: ROOT, encoding: 'utf8' });
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toMatch(/holds a .*"blocks":2.* network but the config asks for .*"blocks":1/);
    // A config that continues another run needs --from, and a checkpoint of the generation it names.
    const continues = join(work, 'continues.json');
    writeFileSync(continues, JSON.stringify({ ...JSON.parse(readFileSync(longer, 'utf8')), continues: { config: 'kill.json', generation: 1 } }));
    const noFrom = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', continues, '--out', join(work, 'cont1')], { cwd: ROOT, encoding: 'utf8' });
    expect(noFrom.status).toBe(1);
    expect(noFrom.stderr).toMatch(/continues kill\.json after generation 1: start it with --from/);
    const wrongGen = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', continues, '--out', join(work, 'cont2'), '--from', join(out, 'portable.bin')], { cwd: ROOT, encoding: 'utf8' });
    expect(wrongGen.status).toBe(1);
    expect(wrongGen.stderr).toMatch(/portable\.bin holds generation 2, but kill3? continues kill\.json after generation 1/);
    // --resume where metrics exist but the checkpoint is gone does not start the run over.
    const orphan = join(work, 'orphan');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'metrics.jsonl'), readFileSync(join(out, 'metrics.jsonl')));
    const restart = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', orphan, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(restart.status).toBe(1);
    expect(restart.stderr).toMatch(/has metrics but no checkpoint\.bin/);
  });

  test('train.engine "onnxruntime": the smoke recipe learns, and its checkpoint goes on with tfjs', { timeout: 300_000 }, () => {
    const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
    const config = join(work, 'ort.json');
    writeFileSync(config, JSON.stringify({ ...smoke, name: 'ort', train: { ...smoke.train, engine: 'onnxruntime' } }));
    const out = join(work, 'ort');
    const run = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const metrics = lines(run.stdout);
    expect(metrics.map((m) => m.generation)).toEqual([1, 2, 3, 4, 5]);
    expect(metrics.every((m) => m.train.engine === 'onnxruntime')).toBe(true);
    const last = metrics[metrics.length - 1];
    console.log('smoke on onnxruntime: untrained probes', last.probesUntrained, 'trained', last.probes, 'matches', last.matches);
    // The same learning bar as the tfjs smoke run.
    expect(last.probes.block).toBeGreaterThan(last.probesUntrained!.block + 0.15);
    expect(last.matches.random.score).toBeGreaterThanOrEqual(0.8);

    // The checkpoint state is the tfjs trainer's: the run goes on with the other engine.
    const tfjsConfig = join(work, 'ort-tfjs.json');
    writeFileSync(tfjsConfig, JSON.stringify({ ...smoke, name: 'ort', generations: 6 }));
    const cont = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', tfjsConfig, '--out', out, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(cont.status, cont.stderr).toBe(0);
    const six = lines(cont.stdout);
    expect(six.map((m) => [m.generation, m.train.engine])).toEqual([[6, 'tfjs']]);
    expect(six[0].loss.total).toBeLessThan(metrics[0].loss.total);
  });

  test('a parallel run (self-play worker thread beside training) SIGKILLed mid-generation resumes', { timeout: 300_000 }, async () => {
    const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
    const config = join(work, 'async.json');
    writeFileSync(
      config,
      JSON.stringify({ ...smoke, name: 'async', generations: 3, selfplay: { ...smoke.selfplay, games: 16, concurrency: 16, workers: 1 }, eval: { ...smoke.eval, games: 2 } }),
    );
    const out = join(work, 'async');
    const { stdout, stderr } = await killWhen(['--config', config, '--out', out], /gen 2 train/);
    expect(stderr).toMatch(/1 self-play worker thread\(s\) beside training/);
    expect(lines(stdout).map((m) => m.generation)).toEqual([1]);
    expect(loadCheckpoint(join(out, 'checkpoint.bin')).header.generation).toBe(1);

    const resumed = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    const all = lines(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
    expect(all.map((m) => m.generation)).toEqual([1, 2, 3]);
    expect(all.every((m) => m.mode === 'async')).toBe(true);
    // Each generation took at least the games it asks for; the run's hours only grow.
    expect(all.every((m) => m.selfplay.games >= 16)).toBe(true);
    expect(all[2].wallHours!).toBeGreaterThan(all[0].wallHours!);
  });

  test('one trainer per run folder: a second is refused naming the first; a stale lock and stray temporaries are cleared', { timeout: 300_000 }, async () => {
    const smoke = JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8'));
    const config = join(work, 'lock.json');
    writeFileSync(config, JSON.stringify({ ...smoke, name: 'lock', generations: 1, selfplay: { ...smoke.selfplay, games: 16, concurrency: 16, workers: 0 }, eval: { ...smoke.eval, games: 2 } }));
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
    const second = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`in use by another trainer \\(PID ${first.pid}\\)`));
    await new Promise((r) => first.on('close', r));
    expect(first.exitCode).toBe(0);
    // The lock goes with its owner.
    expect(existsSync(join(out, 'lock'))).toBe(false);
  });

  test('--resume on a folder without a checkpoint is refused, not a new run', () => {
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', 'seeds/smoke.json', '--out', join(work, 'mistyped'), '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--resume: .*mistyped has no checkpoint\.bin/);
    expect(existsSync(join(work, 'mistyped'))).toBe(false);
  });

  test.each([
    [{ bogus: 1 }, /"bogus" is not a known key/],
    [{ generations: '2' }, /"generations" must be an integer from 1/],
    [{ train: { learningRate: 'fast' } }, /"train.learningRate" must be a number above 0/],
  ])('a config with %j is refused before anything is written', (extra, message) => {
    const config = join(work, `bad-${Object.keys(extra)[0]}.json`);
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, 'seeds/smoke.json'), 'utf8')), ...extra }));
    const out = join(work, `bad-out-${Object.keys(extra)[0]}`);
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

