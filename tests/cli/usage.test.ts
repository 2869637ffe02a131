/**
 * What every command-line tool shares (training/cli/options.ts): a stray
 * positional argument is a usage error (exit 2) in the commands that take
 * none, and the bench scripts check their numbers like the CLIs do instead
 * of turning a typo into NaN. Also `npm run book` on a file that is not a
 * book, and `npm run solve` writing into a pipe that closed early.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');

function run(script: string, args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('stray positional arguments', () => {
  test.each([
    ['training/cli/agent.ts', '4444'],
    ['training/cli/match.ts', '20'],
    ['training/cli/card.ts', 'runs/long'],
    ['training/cli/book.ts', '8'],
    ['training/cli/train.ts', 'seeds/default.json'],
    ['training/bench/duel.ts', 'a.onnx'],
    ['training/bench/train.ts', '4x32'],
  ])('%s %s: exit 2, the argument named', (script, arg) => {
    const r = run(script, [arg]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`unexpected argument ${JSON.stringify(arg)}: this command takes only options`);
    expect(r.stderr).toContain('usage: ');
  });

  test('a huge argument is not echoed whole', () => {
    const r = run('training/cli/agent.ts', ['x'.repeat(100_000)]);
    expect(r.status).toBe(2);
    expect(r.stderr.length).toBeLessThan(2000);
    expect(r.stderr).toContain('(100000 characters)');
  });
});

describe('bench scripts check their options', () => {
  test.each([
    ['training/bench/duel.ts', ['--a', 'a.onnx', '--b', 'b.onnx', '--games', 'ten'], '--games must be an integer >= 1 <= 10000, got "ten"'],
    ['training/bench/duel.ts', ['--a', 'a.onnx', '--b', 'b.onnx', '--sims', '1e9'], '--sims must be an integer >= 1 <= 1000000'],
    ['training/bench/duel.ts', ['--a', 'a.onnx'], '--a and --b are required'],
    ['training/bench/search.ts', ['--repeats', '3x'], '--repeats must be an integer >= 1 <= 100, got "3x"'],
    ['training/bench/search.ts', ['--sims', '0'], '--sims must be an integer >= 1'],
    ['training/bench/train.ts', ['--batch', 'big'], '--batch must be an integer >= 1 <= 65536, got "big"'],
    ['training/bench/train.ts', ['--runs=0'], '--runs must be an integer >= 1'],
    ['training/bench/train.ts', ['--sizes', '4x'], '--sizes: bad size "4x"'],
    ['training/bench/train.ts', ['--skip', 'trian'], '--skip: unknown section "trian"'],
    ['training/cli/book.ts', ['--all-lines', '6'], '--all-lines must be an integer >= 0 <= 5, got "6"'],
    ['training/bench/opening-reply.ts', ['--sims', '64'], '--models is required'],
    ['training/bench/opening-reply.ts', ['--models', 'models/agent.onnx', '--sims', '1024,0'], '--sims must be an integer >= 1'],
    ['training/bench/opening-reply.ts', ['--models', 'models/agent.onnx', '--position', '4x'], '--position: bad move at index 1 of "4x"'],
    ['training/bench/opening-reply.ts', ['--models', 'nowhere.onnx'], '--models: nowhere.onnx not found'],
    ['training/bench/continuations.ts', ['--games', '8'], '--model is required'],
    ['training/bench/continuations.ts', ['--model', 'models/agent.onnx', '--games', '0'], '--games must be an integer >= 1'],
    ['training/bench/continuations.ts', ['--model', 'models/agent.onnx', '--positions', '4444444'], '--positions 4444444: '],
    ['training/bench/continuations.ts', ['--model', 'models/agent.onnx', '--length-weight', '2'], '--length-weight must be a number >= 0 <= 1'],
  ])('%s %j: exit 2 with a usage line', (script, args, message) => {
    const r = run(script, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: ');
  });
});

describe('npm run book', () => {
  test('a file that is not a book: one line naming it, exit 1, no stack trace', () => {
    const garbage = join(tempDir('c4-book-'), 'garbage.bin');
    writeFileSync(garbage, 'this is not an opening book');
    const r = run('training/cli/book.ts', ['--book', garbage]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot read the book ${garbage}: .+\\n$`));
  });
});

describe('npm run solve', () => {
  test('a file that is not a book: one line naming it, exit 1 as in book and match', () => {
    const garbage = join(tempDir('c4-book-'), 'garbage.bin');
    writeFileSync(garbage, 'this is not an opening book');
    const r = run('training/cli/solve.ts', ['--book', garbage, '44']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot read the book ${garbage}: .+\\n$`));
  });
});

describe('npm run solve into a closed pipe', () => {
  test('| head -1 ends it quietly, exit 0', () => {
    // Far more output than a pipe buffers (64 KB), so that solve writes after head has gone.
    const cmd = `yes 3717651237714252262533461115664355732 | head -n 20000 | "${process.execPath}" --import tsx training/cli/solve.ts --no-book --table-log2 17 | head -n 1; exit \${PIPESTATUS[2]}`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toBe('3717651237714252262533461115664355732 3\n');
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
  });
});

describe('training/bench/opening-reply.ts', () => {
  test('one JSON line per model: raw prior and reply values, and the search at each budget; --out gets the same lines', () => {
    const out = join(tempDir('c4-reply-'), 'reply.jsonl');
    const r = run('training/bench/opening-reply.ts', ['--models', 'models/agent.onnx', '--position', '44', '--sims', '8,32', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout.trim());
    expect(row.position).toBe('44');
    expect(row.prior).toHaveLength(7);
    expect(row.prior.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 2);
    expect(row.value.every((v: number) => v >= -1 && v <= 1)).toBe(true);
    for (const key of ['sims8', 'sims32']) {
      expect(row[key].column).toBeGreaterThanOrEqual(1);
      expect(row[key].column).toBeLessThanOrEqual(7);
      expect(row[key].visits).toHaveLength(7);
    }
    // The chosen column is the most visited one.
    expect(row.sims32.visits[row.sims32.column - 1]).toBe(Math.max(...row.sims32.visits));
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });
});
