/**
 * training/bench/continuations.ts as a process on the committed test
 * network: every game is played to its end from each position, the counts
 * add up, and without temperature a seed gives the same games twice.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'training/bench/continuations.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test('continuations: games counted from each position, reproducible by seed', () => {
  const args = ['--model', 'tests/artifacts/fixtures/test-4x32.onnx', '--positions', '44,4433', '--games', '6', '--sims', '16', '--json'];
  const a = run([...args, '--temperature-moves', '10']);
  expect(a.stderr).toBe('');
  expect(a.status).toBe(0);
  const out = JSON.parse(a.stdout);
  expect(out.rows.map((r: { position: string }) => r.position)).toEqual(['44', '4433']);
  for (const r of out.rows) {
    expect(r.games).toBe(6);
    expect(r.won + r.drawn + r.lost).toBe(6);
    expect(r.meanEndPly).toBeGreaterThanOrEqual(r.position.length + 1);
    expect(r.meanEndPly).toBeLessThanOrEqual(42);
  }
  const greedy = run([...args, '--temperature-moves', '0', '--seed', '7']);
  expect(greedy.status).toBe(0);
  expect(run([...args, '--temperature-moves', '0', '--seed', '7']).stdout).toBe(greedy.stdout);
});
