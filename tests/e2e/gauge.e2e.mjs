/**
 * Browser tests of the gauge under the status (issue 29): once the solver
 * has proved the result of the position on screen, the gauge says so
 * instead of the agent's estimate; and on first load it does not drift
 * while the agent looks ahead during the player's own move, nor does the
 * agent's pill say it is thinking then.
 */
import { check } from './harness.mjs';
import { openWithAgent, SIZES } from './lines.e2e.mjs';

const gauge = (page) =>
  page.evaluate(() => {
    const g = document.querySelector('[data-testid=gauge]');
    return g && { kind: g.getAttribute('data-kind'), label: g.getAttribute('aria-label') ?? '' };
  });

export const gaugeTests = [
  ...SIZES.map(([size, viewport]) => ({
    name: `after the solver proves the result the gauge says so (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      // 30 stones of a drawn game: the solver proves this position at once.
      await openWithAgent(page, url, 'pos=351617122645211142732334576424');
      await page.getByTestId('analysis-toggle').check();
      await page.waitForFunction(() => document.querySelector('[data-testid=gauge]')?.getAttribute('data-kind') === 'proven', undefined, { timeout: 60_000 });
      const g = await gauge(page);
      const verdict = (await page.getByTestId('analysis-position').textContent()) ?? '';
      // The gauge and the solver's sentence agree on the result.
      const draw = /draws\./.test(verdict);
      check(draw ? /a draw with best play/.test(g.label) : /wins with best play/.test(g.label), `gauge "${g.label}" against the solver's "${verdict}"`);
      check(!/%/.test(g.label), `no percentages once proven: ${g.label}`);
      await screenshot(`gauge-proven-${size}`);
    },
  })),
  {
    name: "on first load the gauge does not drift during the player's move, and the agent is not 'thinking'",
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openWithAgent(page, url, 'side=red');
      const labels = new Set();
      const pills = new Set();
      const until = Date.now() + 4000;
      while (Date.now() < until) {
        const g = await gauge(page);
        if (g) labels.add(g.label);
        pills.add((await page.getByTestId('agent-status').textContent())?.trim());
        await page.waitForTimeout(40);
      }
      check(labels.size <= 1, `the gauge changed while nobody moved: ${[...labels].join(' | ')}`);
      check(!pills.has('Thinking…'), `the pill said "Thinking…" during the player's move: ${[...pills].join(', ')}`);
    },
  },
];
