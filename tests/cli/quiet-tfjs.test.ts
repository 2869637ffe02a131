/**
 * `npm test` prints no advice from TensorFlow.js: its cpu backend says "looks
 * like you are running TensorFlow.js in Node.js ... install tfjs-node" the
 * first time it holds a tensor, unless tfjs runs in PROD mode. Every use of
 * tfjs here goes through training/nn/backend.ts (the wasm backend, quiet),
 * including the unit test that once chose the cpu backend by hand. Run as
 * its own process, as `npm test` runs it, and read what it printed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NODE, ROOT } from './train-fixtures.js';

const ADVICE = /running TensorFlow\.js in Node\.js|install our node backend/;

describe('no TensorFlow.js advice in the test output', () => {
  test.each([['tests/unit/bench-wasm-peak.test.ts']])('vitest run %s', { timeout: 120_000 }, (file) => {
    const r = spawnSync(NODE, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', file], {
      cwd: ROOT,
      encoding: 'utf8',
      // A fresh vitest, not a worker of this one.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))),
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/1 passed|2 passed/);
    expect(out).not.toMatch(ADVICE);
  });
});
