/**
 * `train.engine "onnxruntime"` through `npm run train`'s entry point: the
 * smoke recipe learns as on tfjs, and its checkpoint goes on with tfjs. A file
 * of its own, so that it runs beside train-learns.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, NODE, ROOT, TSX_ARGS, lines, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();

describe('npm run train', () => {
  test('train.engine "onnxruntime": the smoke recipe learns, and its checkpoint goes on with tfjs', { timeout: 300_000 }, () => {
    const smoke = smokeConfig();
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
});
