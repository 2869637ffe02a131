/**
 * Browser tests of links the page cannot take as they are (issue 29): a bad
 * `?pos=` leaves a working agent panel and Hint; a very long one is not
 * echoed whole; an unknown `&side=` is named; a position without a side
 * says that it opens for two players, and the Strength picker, which then
 * means nothing, is not shown.
 */
import { check } from './harness.mjs';
import { openWithAgent, SIZES } from './lines.e2e.mjs';

export const linksTests = [
  {
    name: 'after a failed link load the agent panel and Hint still work',
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openWithAgent(page, url, 'pos=44x5');
      await page.getByTestId('load-error').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid=visits]') !== null, undefined, { timeout: 30_000 });
      const about = (await page.getByTestId('agent-about').textContent()) ?? '';
      check(!/Weighing up|Thinking about|Looking at/.test(about), `the panel describes the board: ${about}`);
      check(await page.getByTestId('hint').isEnabled(), 'Hint can be asked for');
      await page.getByTestId('hint').click();
      await page.getByTestId('hint-text').waitFor({ timeout: 30_000 });
    },
  },
  ...SIZES.map(([size, viewport]) => ({
    name: `a 5,000-character ?pos= is not echoed whole (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await openWithAgent(page, url, `pos=${'1234567'.repeat(715)}`);
      const raw = (await page.getByTestId('load-error-raw').textContent()) ?? '';
      check(raw.length < 80 && /5,005 characters/.test(raw), `the echo is short and says how long: ${raw}`);
      const board = await page.getByTestId('board').boundingBox();
      check(board !== null && board.y + board.height < viewport.height * 1.4, `the board is near the top: ends at ${board && board.y + board.height} px`);
      await screenshot(`long-pos-${size}`);
    },
  })),
  {
    name: 'an unknown &side= is reported, and a link without a side says it is for two players',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      await openWithAgent(page, url, 'pos=44&side=blue');
      const blue = (await page.getByTestId('link-notice').textContent()) ?? '';
      check(/"blue"/.test(blue) && /two players/.test(blue), `the notice names the side: ${blue}`);
      check((await page.getByTestId('level').count()) === 0, 'no Strength picker without an agent');
      await screenshot('link-side-blue');
      await openWithAgent(page, url, 'pos=44');
      const none = (await page.getByTestId('link-notice').textContent()) ?? '';
      check(/two players, with no agent/.test(none), `the notice says two players: ${none}`);
      await page.getByTestId('mode').selectOption('agent-second');
      await page.getByTestId('link-notice').waitFor({ state: 'detached' });
      check((await page.getByTestId('level').count()) === 1, 'the Strength picker is back with the agent');
    },
  },
];
