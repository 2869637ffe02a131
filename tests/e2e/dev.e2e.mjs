/**
 * A smoke test of `npm run dev` (the Vite dev server, where Svelte's dev
 * diagnostics are on): the page loads, both workers start from TypeScript
 * sources, a move is answered, the analysis solves, and neither console
 * errors nor Svelte warnings appear.
 */
import { TEST_MODEL_PATH, check } from './harness.mjs';
import { ready } from './game.e2e.mjs';

export const devTests = [
  {
    name: 'the dev server serves a working game without Svelte warnings',
    async run({ page, url }) {
      // The dev server serves the repository: the test network is reachable under tests/artifacts/.
      await page.goto(`${url}?model=/tests/artifacts/fixtures/${TEST_MODEL_PATH.split('/').pop()}`);
      await ready(page);
      await page.waitForFunction(() => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') === 'idle', undefined, {
        timeout: 90_000,
      });
      await page.getByTestId('analysis-toggle').check();
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('4');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 2, undefined, {
        timeout: 30_000,
      });
      await page.waitForFunction(() => /Solved|partly solved/.test(document.querySelector('[data-testid=analysis-status]')?.textContent ?? ''), undefined, {
        timeout: 30_000,
      });
      check((await page.locator('[data-testid^=mark-]').count()) === 7, 'solver marks under the columns');
    },
  },
];
