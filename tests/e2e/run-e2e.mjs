#!/usr/bin/env node
/**
 * `npm run test:e2e`: the browser tests in real Chromium. Builds the app if
 * needed, serves it with `vite preview` on a free port and runs every test
 * file's table. Screenshots go to tests/artifacts/ (git-ignored).
 * Options: E2E_ONLY=substring runs matching tests; CHROMIUM_PATH picks the browser.
 * Exit status 0 only when every test passed.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, buildIfNeeded, chromiumPath, launchBrowser, prepareTestModel, runTests, startDev, startPreview } from './harness.mjs';
import { gameTests } from './game.e2e.mjs';
import { agentTests, onnxTests } from './agent.e2e.mjs';
import { devTests } from './dev.e2e.mjs';
import { reviewTests } from './review.e2e.mjs';
import { panelTests } from './panel.e2e.mjs';
import { linesTests } from './lines.e2e.mjs';
import { levelsTests } from './levels.e2e.mjs';
import { reviewProgressTests } from './review-progress.e2e.mjs';
import { gaugeTests } from './gauge.e2e.mjs';
import { linksTests } from './links.e2e.mjs';
import { accessTests } from './access.e2e.mjs';
import { wordsTests } from './words.e2e.mjs';
import { touchTests } from './touch.e2e.mjs';
import { reviewPolishTests } from './review-polish.e2e.mjs';
import { marksTests } from './marks.e2e.mjs';

const suites = [
  ['game', gameTests],
  ['agent', agentTests],
  ['onnx', onnxTests],
  ['review', reviewTests],
  ['panel', panelTests],
  ['lines', linesTests],
  ['levels', levelsTests],
  ['review-progress', reviewProgressTests],
  ['gauge', gaugeTests],
  ['links', linksTests],
  ['access', accessTests],
  ['words', wordsTests],
  ['touch', touchTests],
  ['review-polish', reviewPolishTests],
  ['column-marks', marksTests],
];

async function main() {
  if (!existsSync(chromiumPath())) {
    console.error(`e2e: no Chromium at ${chromiumPath()}; set CHROMIUM_PATH or apt-get install chromium`);
    return 2;
  }
  // Screenshots of failures from an earlier run would mislead.
  if (existsSync(ARTIFACTS)) for (const f of readdirSync(ARTIFACTS)) if (f.startsWith('FAILED-')) rmSync(join(ARTIFACTS, f));
  buildIfNeeded();
  prepareTestModel();
  const server = await startPreview();
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, tests] of suites) {
      console.log(`e2e ${name} (${server.url})`);
      const r = await runTests(tests, { context: browser.context, url: server.url, only: process.env.E2E_ONLY, suite: name });
      passed += r.passed;
      failed += r.failed;
    }
    server.stop();
    // Last, the dev server (Svelte's dev diagnostics on), unless E2E_ONLY leaves it out.
    const only = process.env.E2E_ONLY;
    if (!only || devTests.some((t) => `dev ${t.name}`.includes(only))) {
      const dev = await startDev();
      try {
        console.log(`e2e dev (${dev.url})`);
        const r = await runTests(devTests, { context: browser.context, url: dev.url, only, suite: 'dev' });
        passed += r.passed;
        failed += r.failed;
      } finally {
        dev.stop();
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed; screenshots in tests/artifacts/`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
