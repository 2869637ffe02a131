#!/usr/bin/env node
/**
 * Refreshes the README's two pictures (public/screenshots/game.png and
 * review.png) from the browser tests that take them: a game the agent won
 * (agent.e2e.mjs, tests/artifacts/game-vs-agent-first.png) and a reviewed
 * game at its mistake (review.e2e.mjs, tests/artifacts/review.png). Run
 * `node tests/e2e/readme-screenshots.mjs` after a change to the page.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, buildIfNeeded, launchBrowser, prepareTestModel, runTests, startPreview } from './harness.mjs';
import { agentTests } from './agent.e2e.mjs';
import { reviewTests } from './review.e2e.mjs';

const PICTURES = [
  [agentTests, 'plays a whole game against the agent as first player', 'game-vs-agent-first.png', 'game.png'],
  [reviewTests, 'after a game the review marks the blunder', 'review.png', 'review.png'],
];

async function main() {
  buildIfNeeded();
  prepareTestModel();
  const server = await startPreview();
  const browser = await launchBrowser();
  let failed = 0;
  try {
    for (const [tests, name, artifact, picture] of PICTURES) {
      const r = await runTests(tests, { context: browser.context, url: server.url, only: name });
      if (r.passed !== 1 || r.failed) {
        failed++;
        continue;
      }
      copyFileSync(join(ARTIFACTS, artifact), join(ROOT, 'public/screenshots', picture));
      console.log(`public/screenshots/${picture} <- tests/artifacts/${artifact}`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
