/**
 * Browser tests of the review's polish (issue 29): at a mistake both the
 * better column and the move played are ringed, apart; the better move says
 * what it leads to; each side's mistakes and inaccuracies are counted; the
 * graph reads out the position under the pointer and numbers its moves;
 * the move list keeps the move on screen in view and shows its last row
 * whole; on a phone the list of mistakes is near the board.
 */
import { check, reviewWholeGame } from './harness.mjs';
import { openWithAgent, SIZES } from './lines.e2e.mjs';

/** Red stacks column 4, Yellow column 1; Red misses the win (move 4, column 2) and Yellow wins. */
const BLUNDER_GAME = '41414121';
/** A 40-ply game nobody has won yet, longer than the move list's box. */
const LONG_GAME = '5336374245336536545215442417117667122671';

async function reviewed(page, url) {
  await openWithAgent(page, url, `pos=${BLUNDER_GAME}`);
  await reviewWholeGame(page);
}

/** Is `inner` wholly inside the visible box of the scrolling `outer`? */
async function inView(page, inner, outer) {
  return page.evaluate(
    ([i, o]) => {
      const a = document.querySelector(i).getBoundingClientRect();
      const list = document.querySelector(o);
      const b = list.getBoundingClientRect();
      const top = b.top + list.clientTop;
      return a.top >= top - 0.5 && a.bottom <= top + list.clientHeight + 0.5;
    },
    [inner, outer],
  );
}

export const reviewPolishTests = [
  ...SIZES.map(([size, viewport]) => ({
    name: `a reviewed mistake: both columns ringed, what the better move wins, a count per side (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await reviewed(page, url);
      const summary = (await page.getByTestId('review-summary').innerText()) ?? '';
      check(/Red: 1 mistake, no inaccuracies\./.test(summary) && /Yellow: no mistakes, 3 inaccuracies\./.test(summary), `a count per side: ${summary}`);
      const entry = (await page.getByTestId('review-7').textContent()) ?? '';
      check(/better 4 \(then Red wins in 1\)/.test(entry), `the better move and what it leads to: ${entry}`);
      if (size === 'phone') {
        const board = await page.getByTestId('board').boundingBox();
        const list = await page.getByTestId('review-list').boundingBox();
        const gap = list.y - (board.y + board.height);
        check(gap < viewport.height / 2, `the mistakes start ${Math.round(gap)} px under the board (at most half a screen)`);
      }
      await page.getByTestId('review-7').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=column-4]')?.classList.contains('hinted'));
      const rings = await page.evaluate(() => {
        const style = (c) => {
          const el = document.querySelector(`[data-testid=column-${c}]`);
          const s = getComputedStyle(el);
          return { cls: el.className, shadow: s.boxShadow, outline: `${s.outlineStyle} ${s.outlineColor}`, label: el.getAttribute('aria-label') };
        };
        return { better: style(4), played: style(2) };
      });
      check(/hinted/.test(rings.better.cls) && /the better move/.test(rings.better.label), `column 4 ringed as the better move: ${JSON.stringify(rings.better)}`);
      check(/played/.test(rings.played.cls) && /the move played/.test(rings.played.label), `column 2 ringed as the move played: ${JSON.stringify(rings.played)}`);
      check(rings.played.outline.startsWith('dashed') && rings.better.shadow !== 'none', `the two rings differ: ${rings.better.shadow} / ${rings.played.outline}`);
      check(await page.getByTestId('ring-legend').isVisible(), 'a legend says which ring is which');
      await screenshot(`review-mistake-${size}`);
    },
  })),
  {
    name: 'the graph reads out the position under the pointer and numbers the moves',
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await reviewed(page, url);
      const moves = (await page.getByTestId('graph-moves').innerText()).split(/\s+/).filter(Boolean);
      check(moves.join(',') === '1,2,3,4', `move numbers along the axis: ${moves}`);
      await page.getByTestId('eval-graph').scrollIntoViewIfNeeded();
      const box = await page.getByTestId('eval-graph').boundingBox();
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.waitForFunction(() => document.querySelector('[data-testid=graph-readout]')?.getAttribute('data-ply') === '0');
      check(/^At the start/.test(await page.getByTestId('graph-readout').innerText()), 'the start under the pointer');
      await page.mouse.move(box.x + (box.width * 7) / 8, box.y + box.height / 2);
      await page.waitForFunction(() => document.querySelector('[data-testid=graph-readout]')?.getAttribute('data-ply') === '7');
      const read = await page.getByTestId('graph-readout').innerText();
      check(/^After move 4, Red column 2: .*perfect play: Yellow wins\./.test(read), `the position after Red's mistake: ${read}`);
    },
  },
  ...SIZES.map(([size, viewport]) => ({
    name: `the move list follows the move on screen and shows its last row whole (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await openWithAgent(page, url, `pos=${LONG_GAME}`);
      const list = 'ol[aria-label="Move list"]';
      const scrolls = await page.evaluate((l) => document.querySelector(l).scrollHeight > document.querySelector(l).clientHeight, list);
      check(scrolls, 'the game is longer than the list box');
      check(await inView(page, '[data-testid=move-40]', list), 'the last move is in view at the end');
      await page.getByTestId('nav-start').click();
      await page.getByTestId('nav-forward').click();
      check(await inView(page, '[data-testid=move-1]', list), 'the first move is in view after stepping back to it');
      await page.getByTestId('nav-end').click();
      check(await inView(page, '[data-testid=move-40]', list), 'the last move is back in view');
      await page.evaluate((l) => (document.querySelector(l).scrollTop = 1e6), list);
      // The ring of the move on screen (a 1 px shadow outside its border) must not be clipped either.
      const clip = await page.evaluate((l) => {
        const ol = document.querySelector(l);
        const b = ol.getBoundingClientRect();
        const last = [...ol.querySelectorAll('button')].pop().getBoundingClientRect();
        return b.top + ol.clientTop + ol.clientHeight - (last.bottom + 1);
      }, list);
      check(clip >= 0, `the last row is cut off by ${-clip} px`);
      await screenshot(`move-list-long-${size}`);
    },
  })),
];
