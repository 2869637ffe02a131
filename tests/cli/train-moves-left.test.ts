/**
 * A run with the moves-left head through `npm run train`'s entry point: the
 * head's loss in the metrics, the exported model's third output and its
 * search utility in the metadata, and a resume that switches the head off.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelSearchHints } from '../../src/nn/model-metadata.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { CLI, NODE, ROOT, TSX_ARGS, lines, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();

describe('npm run train', () => {
  test('train.movesLeftWeight: the head trains, exports as moves_left with the play utility, and can be switched off on resume', { timeout: 300_000 }, async () => {
    const smoke = smokeConfig();
    const config = join(work, 'left.json');
    const cfg = {
      ...smoke,
      name: 'left',
      generations: 2,
      selfplay: { ...smoke.selfplay, search: { ...smoke.selfplay.search, movesLeftSlope: 0.01, movesLeftCap: 0.2 } },
      // The model plays with self-play's slope and its own cap.
      play: { movesLeftCap: 0.3 },
      train: { ...smoke.train, engine: 'onnxruntime', movesLeftWeight: 1 },
    };
    writeFileSync(config, JSON.stringify(cfg));
    const out = join(work, 'left');
    const run = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const metrics = lines(run.stdout);
    expect(metrics.map((m) => m.generation)).toEqual([1, 2]);
    // A sigmoid output against plies / 42 of self-play games: a squared error well under 1, above 0.
    for (const m of metrics) expect(m.loss.movesLeft).toBeGreaterThan(0);
    for (const m of metrics) expect(m.loss.movesLeft).toBeLessThan(0.5);
    const bytes = new Uint8Array(readFileSync(join(out, 'gen-0002.onnx')));
    expect(modelSearchHints(bytes).movesLeftUtility).toEqual({ slope: 0.01, cap: 0.3 });
    const session = await createNodeSession(bytes);
    const got = await session.run(new Float32Array(84), 1);
    await session.release();
    expect(got.movesLeft![0]).toBeGreaterThan(0);
    expect(got.movesLeft![0]).toBeLessThan(42);

    // Off on resume: the head is dropped, the models have two outputs again.
    const offConfig = join(work, 'left-off.json');
    writeFileSync(offConfig, JSON.stringify({ ...cfg, generations: 3, train: { ...cfg.train, movesLeftWeight: 0 } }));
    const cont = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', offConfig, '--out', out, '--resume'], { cwd: ROOT, encoding: 'utf8' });
    expect(cont.status, cont.stderr).toBe(0);
    expect(cont.stderr).toMatch(/loses its moves-left head/);
    expect(lines(cont.stdout)[0].loss.movesLeft).toBeUndefined();
    const after = await createNodeSession(new Uint8Array(readFileSync(join(out, 'gen-0003.onnx'))));
    expect((await after.run(new Float32Array(84), 1)).movesLeft).toBeUndefined();
    await after.release();
  });
});
