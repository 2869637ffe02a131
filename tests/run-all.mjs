#!/usr/bin/env node
/**
 * `npm test`: every check, one suite after another: type checks
 * (`npm run test:types`), the unit tests (`vitest run`) and the browser tests
 * (`npm run test:e2e`). Runs them all even after a failure, then prints
 * `N passed, N failed` (suites) and exits non-zero if any failed.
 *
 * Without a Chromium (no $CHROMIUM_PATH and no /usr/bin/chromium) the browser
 * suite is SKIPPED with a loud banner, except under CI=true, where a missing
 * browser is a failure: CI must never pass without the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const suites = [
  { name: 'types', cmd: ['npm', 'run', '--silent', 'test:types'] },
  { name: 'unit', cmd: [bin('vitest'), 'run'] },
  { name: 'browser', cmd: [process.execPath, join(ROOT, 'tests/e2e/run-e2e.mjs')], needsBrowser: true },
];

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '#'.repeat(width);
  console.log(`\n${bar}\n${lines.map((l) => `# ${l.padEnd(width - 4)} #`).join('\n')}\n${bar}\n`);
}

const results = [];
for (const s of suites) {
  if (s.needsBrowser && !existsSync(chromium)) {
    if (ci) {
      banner([`FAILED: browser tests cannot run: no Chromium at ${chromium}`, 'CI=true requires them. Install it: apt-get install -y chromium']);
      results.push({ name: s.name, status: 'failed', ms: 0 });
    } else {
      banner([
        'BROWSER TESTS SKIPPED: no Chromium found',
        `looked for ${chromium}`,
        'to enable them: set CHROMIUM_PATH=/path/to/chromium,',
        'or on Debian/Ubuntu: sudo apt-get install chromium',
      ]);
      results.push({ name: s.name, status: 'skipped', ms: 0 });
    }
    continue;
  }
  console.log(`\n=== ${s.name}: ${s.cmd.map((c) => c.replace(ROOT + '/', '')).join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(s.cmd[0], s.cmd.slice(1), { cwd: ROOT, stdio: 'inherit', env: process.env });
  const ms = Date.now() - t0;
  const ok = r.status === 0;
  if (r.error) console.error(`${s.name}: could not start: ${r.error.message}`);
  console.log(`=== ${s.name}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} in ${(ms / 1000).toFixed(1)} s`);
  results.push({ name: s.name, status: ok ? 'passed' : 'failed', ms });
}

const count = (st) => results.filter((r) => r.status === st).length;
console.log('\nsummary:');
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${r.name}${r.ms ? ` (${(r.ms / 1000).toFixed(1)} s)` : ''}`);
const skipped = count('skipped');
console.log(`${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} SKIPPED` : ''}`);
process.exit(count('failed') === 0 ? 0 : 1);
