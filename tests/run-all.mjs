#!/usr/bin/env node
/**
 * `npm test`: every check: the unit tests (`vitest run`), and beside them
 * the type checks (`npm run test:types`) and the browser tests (`npm run
 * test:e2e`): the unit tests spend much of their time waiting on the CLIs
 * they start, and the other suites fill that time. The unit tests print as
 * they go; the others' output follows when they end. Runs every suite even
 * after a failure, then prints `N passed, N failed` (suites) and exits
 * non-zero if any failed. TEST_SERIAL=1 runs the suites one after another.
 *
 * Without a Chromium (no $CHROMIUM_PATH and no /usr/bin/chromium) the browser
 * suite is SKIPPED with a loud banner, except under CI=true, where a missing
 * browser is a failure: CI must never pass without the browser tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const serial = process.env.TEST_SERIAL === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const types = { name: 'types', cmd: ['npm', 'run', '--silent', 'test:types'] };
const unit = { name: 'unit', cmd: [bin('vitest'), 'run'] };
const browser = { name: 'browser', cmd: [process.execPath, join(ROOT, 'tests/e2e/run-e2e.mjs')] };

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '#'.repeat(width);
  console.log(`\n${bar}\n${lines.map((l) => `# ${l.padEnd(width - 4)} #`).join('\n')}\n${bar}\n`);
}

const label = (s) => s.cmd.map((c) => c.replace(ROOT + '/', '')).join(' ');

/** Runs suite `s`; its output goes to the terminal as it comes, or (quiet) is kept and returned. */
function run(s, quiet = false) {
  if (!quiet) console.log(`\n=== ${s.name}: ${label(s)}`);
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(s.cmd[0], s.cmd.slice(1), { cwd: ROOT, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    let output = '';
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output += d));
    const finish = (status, why) => {
      const ms = Date.now() - t0;
      done({ name: s.name, status, ms, output, why });
    };
    child.on('error', (e) => finish('failed', `could not start: ${e.message}`));
    child.on('close', (code, signal) => finish(code === 0 ? 'passed' : 'failed', code === 0 ? '' : `exit ${code ?? signal}`));
  });
}

function report(r) {
  if (r.why) console.error(`${r.name}: ${r.why}`);
  console.log(`=== ${r.name}: ${r.status === 'passed' ? 'passed' : `FAILED (${r.why})`} in ${(r.ms / 1000).toFixed(1)} s`);
}

/** The browser suite, or why it cannot run: skipped on a user's machine, failed under CI. */
function browserOrMissing() {
  if (existsSync(chromium)) return null;
  if (ci) {
    banner([`FAILED: browser tests cannot run: no Chromium at ${chromium}`, 'CI=true requires them. Install it: apt-get install -y chromium']);
    return { name: 'browser', status: 'failed', ms: 0 };
  }
  banner([
    'BROWSER TESTS SKIPPED: no Chromium found',
    `looked for ${chromium}`,
    'to enable them: set CHROMIUM_PATH=/path/to/chromium,',
    'or on Debian/Ubuntu: sudo apt-get install chromium',
  ]);
  return { name: 'browser', status: 'skipped', ms: 0 };
}

const results = [];
const t0 = Date.now();
const missing = browserOrMissing();
if (serial) {
  for (const s of [types, unit, ...(missing ? [] : [browser])]) {
    const r = await run(s);
    report(r);
    results.push(r);
  }
} else {
  const beside = [types, ...(missing ? [] : [browser])];
  for (const s of beside) console.log(`\n=== ${s.name}: ${label(s)}, beside the unit tests; its output follows when it ends`);
  const pending = beside.map((s) => run(s, true));
  const u = await run(unit);
  report(u);
  results.push(u);
  for (const p of pending) {
    const r = await p;
    console.log(`\n=== ${r.name}: output\n${r.output.trimEnd()}`);
    report(r);
    results.push(r);
  }
}
if (missing) results.push(missing);

const count = (st) => results.filter((r) => r.status === st).length;
console.log('\nsummary:');
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${r.name}${r.ms ? ` (${(r.ms / 1000).toFixed(1)} s)` : ''}`);
const skipped = count('skipped');
console.log(`${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} SKIPPED` : ''} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(count('failed') === 0 ? 0 : 1);
