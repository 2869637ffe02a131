/**
 * The broad strength measure in a real `npm run train` process: the
 * generation it is due writes its record into the metrics line (Pons' six
 * sets judged by seeds/verdicts when ../shared is beside the checkout, else
 * our own sets), and a config asking more positions than a verdict table
 * holds is refused before any work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PONS_DIR, PONS_SETS, VERDICTS_DIR } from '../../training/eval/broad.js';
import { readVerdictTable } from '../../training/eval/verdict-table.js';
import { CLI, NODE, ROOT, TSX_ARGS, lines, smokeConfig, workDir } from './train-fixtures.js';

const work = workDir();
const pons = existsSync(PONS_DIR);
/** The shortest committed table still being built (a set's positions beyond it), if any: a perSet just past it must be refused. */
const short = pons
  ? PONS_SETS.map((name) => ({ name, lines: readVerdictTable(join(VERDICTS_DIR, `${name}.txt`)).lines.length })).find((t) => t.lines < 1000)
  : undefined;

describe('npm run train with a broad measure', () => {
  test('writes the broad record into the metrics line of the generation it runs in', { timeout: 180_000 }, () => {
    const config = join(work, 'broad.json');
    writeFileSync(config, JSON.stringify({ ...smokeConfig(), name: 'broad', generations: 2, broad: { every: 5, from: 2, perSet: 3, simulations: [16, 32] } }));
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', join(work, 'run'), '--workers', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = lines(r.stdout);
    expect(first.broad).toBeUndefined();
    const b = second.broad!;
    expect(b.sets).toEqual(pons ? PONS_SETS : ['early', 'end', 'middle']);
    expect(b.positions.every((n) => n === 3)).toBe(true);
    expect(b.search.map((s) => s.simulations)).toEqual([16, 32]);
    for (const e of [b.raw, ...b.search]) e.exact.forEach((n, k) => expect(e.outcome[k]).toBeLessThanOrEqual(n));
    expect(r.stderr).toMatch(/gen 2 broad: raw \d+\/\d+, 16: \d+\/\d+, 32: \d+\/\d+/);
  });

  test.skipIf(short === undefined)('a broad.perSet beyond a verdict table stops the run before any work', () => {
    const config = join(work, 'too-many.json');
    const perSet = short!.lines + 1;
    writeFileSync(config, JSON.stringify({ ...smokeConfig(), name: 'too-many', broad: { every: 1, perSet } }));
    const r = spawnSync(NODE, [...TSX_ARGS, CLI, '--config', config, '--out', join(work, 'too-many'), '--workers', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`seeds/verdicts/\\w+\\.txt covers \\d+ positions, not the ${perSet} asked`));
    expect(existsSync(join(work, 'too-many', 'metrics.jsonl'))).toBe(false);
  });
});
