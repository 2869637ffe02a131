/**
 * A training process SIGKILLed mid-generation resumes from its last
 * checkpoint with nothing corrupt, serial and with a self-play worker
 * thread; portable.bin carries a run on in a new folder (--from).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCheckpoint } from '../../training/run/checkpoint.js';
import { CLI, NODE, ROOT, TSX_ARGS, killWhen, lines, smokeConfig, workDir, type Metrics } from './train-fixtures.js';

const work = workDir();

describe('npm run train', () => {
  test('SIGKILL mid-generation, then --resume continues from the last checkpoint', { timeout: 300_000 }, async () => {
    const smoke = smokeConfig();
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

  test('a parallel run (self-play worker thread beside training) SIGKILLed mid-generation resumes', { timeout: 300_000 }, async () => {
    const smoke = smokeConfig();
    const config = join(work, 'async.json');
    writeFileSync(
      config,
      JSON.stringify({ ...smoke, name: 'async', generations: 2, selfplay: { ...smoke.selfplay, games: 16, concurrency: 16, workers: 1 }, eval: { ...smoke.eval, games: 2 } }),
    );
    const out = join(work, 'async');
    const { stdout, stderr } = await killWhen(['--config', config, '--out', out], /gen 2 train/);
    expect(stderr).toMatch(/1 self-play worker thread\(s\) beside training/);
    expect(lines(stdout).map((m) => m.generation)).toEqual([1]);
    expect(loadCheckpoint(join(out, 'checkpoint.bin')).header.generation).toBe(1);

    const resumed = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    const all = lines(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
    expect(all.map((m) => m.generation)).toEqual([1, 2]);
    expect(all.every((m) => m.mode === 'async')).toBe(true);
    // Each generation took at least the games it asks for; the run's hours only grow.
    expect(all.every((m) => m.selfplay.games >= 16)).toBe(true);
    expect(all[1].wallHours!).toBeGreaterThan(all[0].wallHours!);
  });
});
