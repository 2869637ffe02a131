/**
 * Browser tests of the two-player game: load, a win through clicks and
 * keys, a draw, `?pos=` loading and sharing, a bad `?pos=` and its
 * recovery, undo and new game, and a phone-sized layout.
 */
import { check } from './harness.mjs';

/** A whole drawn game (42 moves, no four), found by a random search with the engine. */
export const DRAWN_GAME = '351617122645211142732334576424774376365655';

const notation = (page) => page.getByTestId('notation').textContent();
const status = (page) => page.getByTestId('status').textContent();
const posParam = (page) => new URL(page.url()).searchParams.get('pos');

/** Waits until the app has mounted. */
export async function ready(page) {
  await page.getByTestId('app').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
}

/** Chooses who plays: 'humans', 'agent-second' (you are Red) or 'agent-first'. */
export async function choosePlayers(page, mode) {
  await page.getByTestId('mode').selectOption(mode);
  // Give focus back to the page so that number keys reach the board, not the select.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
}

export const gameTests = [
  {
    name: 'loads with an empty board and labelled columns',
    async run({ page, url, screenshot }) {
      await page.goto(url);
      await ready(page);
      check((await page.getByTestId('board').locator('.disc').count()) === 0, 'board should start empty');
      // vite.config.ts sets COOP/COEP: the page is cross-origin isolated (shared memory for the solver's stop word, wasm threads).
      check(await page.evaluate(() => crossOriginIsolated), 'the page should be cross-origin isolated');
      check(/Red to move/.test(await status(page)), `status: ${await status(page)}`);
      const label = await page.getByTestId('column-4').getAttribute('aria-label');
      check(/Column 4: empty; 6 free; drop a red disc/.test(label ?? ''), `column label: ${label}`);
      await screenshot('empty-board');
    },
  },
  {
    name: 'plays a game to a win through clicks and keys',
    async run({ page, url, screenshot }) {
      await page.goto(url);
      await ready(page);
      await choosePlayers(page, 'humans');
      // Red clicks column 4, Yellow presses 5, four times over: Red wins upright in column 4.
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('column-4').click();
        await page.keyboard.press('5');
      }
      check((await notation(page)) === '454545', `notation after six moves: ${await notation(page)}`);
      await page.keyboard.press('4');
      await page.getByTestId('result').waitFor();
      check(/Red wins/.test(await status(page)), `status: ${await status(page)}`);
      const wins = page.locator('.disc.win');
      check((await wins.count()) === 4, `winning discs highlighted: ${await wins.count()}`);
      const label = await wins.first().getAttribute('aria-label');
      check(/part of the winning four/.test(label ?? ''), `winning disc label: ${label}`);
      check(posParam(page) === '4545454', `URL pos after the win: ${posParam(page)}`);
      // The game is over: neither clicks nor keys add stones.
      // force: the column is aria-disabled, and the click must still do nothing.
      await page.getByTestId('column-1').click({ force: true });
      await page.keyboard.press('2');
      check((await notation(page)) === '4545454', 'moves after the win must be ignored');
      await screenshot('red-wins');
      await page.getByTestId('result-new-game').click();
      check((await page.locator('.disc').count()) === 0, 'play again clears the board');
      check(posParam(page) === null, `URL after new game: ${page.url()}`);
    },
  },
  {
    name: 'detects a draw on a full board',
    async run({ page, url, screenshot }) {
      await page.goto(`${url}?pos=${DRAWN_GAME.slice(0, 41)}`);
      await ready(page);
      await choosePlayers(page, 'humans');
      check(/Yellow to move/.test(await status(page)), `status before the last move: ${await status(page)}`);
      await page.keyboard.press(DRAWN_GAME[41]);
      await page.getByTestId('result').waitFor();
      check(/Draw/.test(await status(page)), `status: ${await status(page)}`);
      check((await page.locator('.disc.win').count()) === 0, 'a draw highlights nothing');
      await screenshot('draw');
    },
  },
  {
    name: 'loads ?pos= and keeps it in sync as the game goes on',
    async run({ page, url }) {
      await page.goto(`${url}?pos=4453`);
      await ready(page);
      check((await notation(page)) === '4453', `notation: ${await notation(page)}`);
      // 4453: Red 4, Yellow 4, Red 5, Yellow 3 (row 1 = bottom).
      const owner = (c, r) => page.getByTestId(`cell-${c}-${r}`).getAttribute('data-owner');
      check((await owner(4, 1)) === '1' && (await owner(4, 2)) === '2', 'column 4 holds red then yellow');
      check((await owner(5, 1)) === '1' && (await owner(3, 1)) === '2', 'columns 5 and 3 hold red and yellow');
      // The live region also tells screen readers the last move.
      check(/Yellow played column 3\.\s*Red to move/.test(await status(page)), `status: ${await status(page)}`);
      await choosePlayers(page, 'humans');
      await page.keyboard.press('6');
      check(posParam(page) === '44536', `URL after a move: ${posParam(page)}`);
      await page.getByTestId('undo').click();
      // The line stays in the address, with the position shown (&ply=), so a reload keeps both.
      check(posParam(page) === '44536' && new URL(page.url()).searchParams.get('ply') === '4', `URL after undo: ${page.url()}`);
      await page.reload();
      await ready(page);
      check((await notation(page)) === '4453', 'a reload restores the position from the URL');
    },
  },
  {
    name: 'a bad ?pos= shows a clear message and recovers',
    async run({ page, url, screenshot }) {
      await page.goto(`${url}?pos=44x5`);
      await ready(page);
      const alert = page.getByTestId('load-error');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      check(/move 3 is "x"/.test(text), `message should name the bad move: ${text}`);
      await screenshot('bad-pos');
      await page.getByTestId('load-prefix').click();
      check((await alert.count()) === 0, 'the message goes away');
      check((await notation(page)) === '44', `valid prefix loaded: ${await notation(page)}`);
      check(posParam(page) === '44', `URL after recovery: ${posParam(page)}`);

      // A move into a full column, then recovery by starting afresh.
      await page.goto(`${url}?pos=1111111`);
      await ready(page);
      const text2 = (await page.getByTestId('load-error').textContent()) ?? '';
      check(/column 1, which is already full/.test(text2), `full column message: ${text2}`);
      await page.getByTestId('load-new-game').click();
      check((await page.getByTestId('load-error').count()) === 0, 'new game clears the message');
      check(posParam(page) === null, `URL after new game: ${page.url()}`);
    },
  },
  {
    name: 'fits a phone screen',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${url}?pos=4453`);
      await ready(page);
      const box = await page.getByTestId('board').boundingBox();
      check(box !== null && box.x >= 0 && box.x + box.width <= 390, `board overflows a 390 px screen: ${JSON.stringify(box)}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      check(scrollWidth <= 390, `page scrolls sideways: ${scrollWidth}px`);
      await screenshot('phone');
    },
  },
  {
    name: 'the drop is animated, and not under prefers-reduced-motion',
    async run({ page, url }) {
      const runningAfterDrop = async () => {
        await page.keyboard.press('4');
        // Counted at once: the fall lasts a few hundred milliseconds.
        return page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
      };
      await page.goto(url);
      await ready(page);
      await choosePlayers(page, 'humans');
      check((await runningAfterDrop()) > 0, 'a dropped disc falls');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(url);
      await ready(page);
      await choosePlayers(page, 'humans');
      check((await runningAfterDrop()) === 0, 'with reduced motion the disc appears in place');
    },
  },
];
