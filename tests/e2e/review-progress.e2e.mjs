/**
 * Browser tests of the review's progress (issue 29): while the solver checks
 * a game it shows how many moves it has judged, goes back with more time to
 * the moves whose positions timed out, and never claims more than it
 * judged, and once every move is judged the perfect-play strip under the
 * graph has no gap. `?analysis-ms=150` makes the first look short, so that
 * mid-game positions time out on any machine.
 */
import { check, reviewWholeGame } from './harness.mjs';
import { OLD_GAME, SIZES, openWithAgent } from './lines.e2e.mjs';

const progress = (page) =>
  page.evaluate(() => {
    const p = document.querySelector('[data-testid=review-progress]');
    return p && { judged: Number(p.getAttribute('data-judged')), total: Number(p.getAttribute('data-total')), working: p.getAttribute('data-working') === 'true', text: p.textContent?.trim() ?? '', bar: p.querySelector('progress') !== null };
  });

export const reviewProgressTests = [
  {
    name: 'the review shows its progress, looks again at what timed out and counts what it judged',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openWithAgent(page, url, `pos=${OLD_GAME}&analysis-ms=150`);
      await page.getByTestId('review-start').click();
      await page.getByTestId('review-progress').waitFor();
      const first = await progress(page);
      check(first.working && first.bar, `a progress bar while it works: ${JSON.stringify(first)}`);
      check(new RegExp(`${first.judged} of ${OLD_GAME.length} moves judged`).test(first.text), `the count in words: ${first.text}`);
      // The first pass ends with moves unjudged (150 ms is short): the review goes on with them.
      await page.waitForFunction(() => /Looking longer/.test(document.querySelector('[data-testid=review-progress]')?.textContent ?? ''), undefined, { timeout: 120_000 });
      const second = await progress(page);
      check(second.working && second.judged < second.total, `moves left to judge after the first pass: ${JSON.stringify(second)}`);
      check(!/Every move checked/.test(second.text), `no claim beyond what was judged: ${second.text}`);
      await screenshot('review-progress');
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid=review-progress]')?.getAttribute('data-judged')) > n, second.judged, { timeout: 120_000 });
      const third = await progress(page);
      check(new RegExp(`${third.judged} of ${OLD_GAME.length} moves judged`).test(third.text) || /^All \d+ moves judged/.test(third.text), `the count follows: ${third.text}`);
    },
  },
  ...SIZES.map(([size, viewport]) => ({
    name: `once every move is judged, the perfect-play strip has no gap (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await openWithAgent(page, url, `pos=${OLD_GAME}`);
      await reviewWholeGame(page);
      const done = await progress(page);
      check(done.text === `All ${OLD_GAME.length} moves judged by the solver.` && !done.bar, `the count at the end: ${JSON.stringify(done)}`);
      const missing = await page.evaluate(
        (n) => Array.from({ length: n + 1 }, (_, ply) => ply).filter((ply) => !document.querySelector(`[data-testid=graph-solver-${ply}]`)),
        OLD_GAME.length,
      );
      check(missing.length === 0, `positions without perfect play's result in the strip: ${missing.join(', ')}`);
      await page.getByTestId('eval-graph').scrollIntoViewIfNeeded();
      await screenshot(`review-strip-${size}`);
    },
  })),
];
