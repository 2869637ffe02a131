/**
 * End-to-end training through `npm run train`'s entry point: the smoke
 * config must learn (the raw network blocks immediate threats far more often
 * than the untrained one, and the search beats the random player). The
 * onnxruntime trainer: train-engines.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelLengthWeight, onnxMetadata } from '../../src/nn/model-metadata.js';
import { generationModelFile } from '../../training/util/run-files.js';
import { CLI, NODE, ROOT, TSX_ARGS, lines, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();

describe('npm run train', () => {
  test('seeds/smoke.json trains, exports and learns', { timeout: 300_000 }, () => {
    const out = join(work, 'smoke');
    const run = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', join(ROOT, 'seeds/smoke.json'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const metrics = lines(run.stdout);
    const cfg = smokeConfig() as { generations: number };
    expect(metrics.map((m) => m.generation)).toEqual(Array.from({ length: cfg.generations }, (_, i) => i + 1));
    const last = metrics[metrics.length - 1];
    console.log('smoke: untrained probes', last.probesUntrained, 'trained', last.probes, 'matches', last.matches);
    // The raw policy blocks single immediate threats much more often than before training.
    expect(last.probes.block).toBeGreaterThan(last.probesUntrained!.block + 0.15);
    // Network-guided search crushes the random player (a sign error would not).
    expect(last.matches.random.score).toBeGreaterThanOrEqual(0.8);
    for (let g = 1; g <= cfg.generations; g++) expect(existsSync(join(out, generationModelFile(g)))).toBe(true);
    // Each exported network says which value scale it was trained on, so the agent weighs proven losses on it.
    const bytes = new Uint8Array(readFileSync(join(out, generationModelFile(cfg.generations))));
    expect(onnxMetadata(bytes)['c4.generation']).toBe(String(cfg.generations));
    expect(modelLengthWeight(bytes)).toBe((cfg as { replay?: { lengthWeight?: number } }).replay?.lengthWeight ?? 0);
  });
});
