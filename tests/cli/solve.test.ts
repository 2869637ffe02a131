/** `npm run solve` run as a process: arguments, stdin, --analyze, --weak, bad lines and the exit status. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'training/cli/solve.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

// Two positions of seeds/positions/end.txt (labels checked by plain minimax in solver.test.ts).
const A = '3717651237714252262533461115664355732'; // x x x 3 x -2 -2
const B = '626125774156364213317326426137135525'; // x x x 3 -3 x -3

describe('npm run solve', () => {
  test('positions as arguments: POSITION SCORE per line, exit 0', () => {
    const r = run(['--no-book', A, B]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${A} 3\n${B} 3\n`);
    expect(r.status).toBe(0);
  }, 120_000);

  test('stdin, one per line; Pons test-set lines (MOVES SCORE) read their first word; blank lines skipped', () => {
    const r = run(['--no-book'], `${A} -1\n\n${B}\n`);
    expect(r.stdout).toBe(`${A} 3\n${B} 3\n`);
    expect(r.status).toBe(0);
  }, 120_000);

  test('--analyze prints seven scores with x for full columns', () => {
    const r = run(['--no-book', '--analyze', A]);
    expect(r.stdout).toBe(`${A} x x x 3 x -2 -2\n`);
  }, 120_000);

  test('--weak prints only the sign', () => {
    const r = run(['--no-book', '--weak', '--analyze', A]);
    expect(r.stdout).toBe(`${A} x x x 1 x -1 -1\n`);
  }, 120_000);

  test.each([
    ['44x4', 'line 2: "44x4"', '"x" is not a column 1-7'],
    ['1111111', 'line 2: "1111111"', 'column 1 is full'],
    ['12121212', 'line 2: "12121212"', 'already won'],
  ])('a bad line (%s) is named on stderr, the others still answered, exit 1', (bad, where, why) => {
    const r = run(['--no-book'], `${A}\n${bad}\n${B}\n`);
    expect(r.stdout).toBe(`${A} 3\n${B} 3\n`);
    expect(r.stderr).toContain(where);
    expect(r.stderr).toContain(why);
    expect(r.status).toBe(1);
  }, 120_000);

  test('with the opening book (default) the answers are the same', () => {
    const r = run(['--analyze'], `${A}\n`);
    expect(r.stdout).toBe(`${A} x x x 3 x -2 -2\n`);
    expect(r.status).toBe(0);
  }, 120_000);

  test('the empty board as an empty argument, answered from the book at once', () => {
    const r = run(['--analyze', '', '4']);
    // Pons' published values (../shared/TRAINING-NOTES.md), seeded into the book.
    expect(r.stdout).toBe(' -2 -1 0 1 0 -1 -2\n4 -4 -2 -2 -1 -2 -2 -4\n');
    expect(r.status).toBe(0);
  }, 30_000);

  test('--analyze --threads 2 shares the columns between two workers and prints the same lines', () => {
    const input = `${A}\n322712522455421467\n1163352714724341127\n${B}\n`;
    const one = run(['--analyze'], input);
    const two = run(['--analyze', '--threads', '2'], input);
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout).toContain('322712522455421467 11 x 12 11 -9 -11 -11\n');
    expect(two.status).toBe(0);
  }, 120_000);

  test('--threads 2 with a bad line: the line is named, the others answered, exit 1', () => {
    const r = run(['--analyze', '--threads', '2'], `${A}\n44x4\n`);
    expect(r.stdout).toBe(`${A} x x x 3 x -2 -2\n`);
    expect(r.stderr).toContain('line 2: "44x4"');
    expect(r.status).toBe(1);
  }, 120_000);

  test.each([
    [['--analyze', '--threads', '0'], '--threads'],
    [['--analyze', '--threads', '8'], '--threads'],
    [['--analyze', '--threads', 'two'], '--threads'],
    [['--threads', '2'], '--threads goes with --analyze'],
    [['--table-log2', '40'], '--table-log2'],
  ])('bad options %j: usage on stderr, exit 2', (args, why) => {
    const r = run([...args, A]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain('usage: npm run solve');
    expect(r.status).toBe(2);
  }, 30_000);
});
