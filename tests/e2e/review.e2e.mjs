/**
 * Browser tests of the page as an analysis board (issue 18): links that
 * respect the visitor (a `?pos=` without a side is analysed by hand, the
 * agent never moves for the visitor), settings that survive a reload, Back
 * and Forward through the game, the clickable move list with arrow keys and
 * redo, the board's arrow keys and preview disc, an agent panel that always
 * describes the position on screen, the result counted like the move list,
 * the phone layout, and the review after a game.
 *
 * The agent is the untrained test network, so that the tests run whether or
 * not a model is shipped; they check who moves and what is shown, not how well.
 */
import { TEST_MODEL_PATH, check, reviewWholeGame } from './harness.mjs';
import { choosePlayers, ready } from './game.e2e.mjs';

const notation = async (page) => ((await page.getByTestId('notation').textContent()) ?? '').replace('—', '');
const posParam = (page) => new URL(page.url()).searchParams.get('pos');
const sideParam = (page) => new URL(page.url()).searchParams.get('side');

async function waitAgent(page, want, timeout = 60_000) {
  await page.waitForFunction((w) => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') === w, want, { timeout });
}

async function waitNotation(page, text, timeout = 30_000) {
  await page.waitForFunction((t) => (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '') === t, text, { timeout });
}

/** Opens `query` with the test network and waits until the agent is ready. */
async function open(page, url, query) {
  await page.goto(`${url}?model=${TEST_MODEL_PATH}${query ? `&${query}` : ''}`);
  await ready(page);
  await waitAgent(page, 'idle').catch(() => {}); // it may already be evaluating
  await page.waitForFunction(() => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') !== 'loading', undefined, {
    timeout: 60_000,
  });
}

export const reviewTests = [
  {
    name: 'a ?pos= link is analysed by hand; a link with a side plays the agent only for its own side',
    async run({ page, url }) {
      // Yellow to move, no side: nobody moves for the visitor.
      await open(page, url, 'pos=445');
      await page.waitForTimeout(1500);
      check((await notation(page)) === '445', `the agent must not move for the visitor: ${await notation(page)}`);
      check(posParam(page) === '445', `the link stays as it was: ${page.url()}`);
      check((await page.getByTestId('mode').inputValue()) === 'humans', 'opens for analysis: both sides by hand');
      // The link names the visitor as Yellow, who is to move: still nobody moves.
      await open(page, url, 'pos=445&side=yellow');
      await page.waitForTimeout(1500);
      check((await notation(page)) === '445', `the visitor (Yellow) is to move: ${await notation(page)}`);
      check((await page.getByTestId('mode').inputValue()) === 'agent-first', 'the link chose the side');
      // The visitor plays Red: the agent answers for Yellow, once.
      await open(page, url, 'pos=445&side=red');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 4, undefined, { timeout: 30_000 });
      await page.waitForTimeout(800);
      check((await notation(page)).length === 4, `the agent played one move for Yellow: ${await notation(page)}`);
      check(sideParam(page) === 'red', `the address keeps the side: ${page.url()}`);
    },
  },
  {
    name: 'side, level and analysis settings survive a reload, and the agent does not move for the player',
    async run({ page, url }) {
      await open(page, url, '');
      await page.getByTestId('level').selectOption('easy');
      await page.getByTestId('analysis-toggle').check();
      await page.getByTestId('analysis-limit').selectOption('2');
      await choosePlayers(page, 'agent-first');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '').length === 1, undefined, { timeout: 30_000 });
      const opening = await notation(page);
      await page.keyboard.press('4');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 3, undefined, { timeout: 30_000 });
      const before = await notation(page);
      check(sideParam(page) === 'yellow' && posParam(page) === before, `the address holds the game and the side: ${page.url()}`);
      await page.reload();
      await ready(page);
      await page.waitForTimeout(1500);
      check((await notation(page)) === before, `the game survives: ${await notation(page)} (was ${before}, opened ${opening})`);
      check((await page.getByTestId('mode').inputValue()) === 'agent-first', 'the side survives');
      check((await page.getByTestId('level').inputValue()) === 'easy', 'the level survives');
      check(await page.getByTestId('analysis-toggle').isChecked(), 'the analysis survives');
      check((await page.getByTestId('analysis-limit').inputValue()) === '2', 'the time limit survives');
    },
  },
  {
    name: 'Back and Forward step through the game',
    async run({ page, url }) {
      await open(page, url, 'pos=');
      await choosePlayers(page, 'humans');
      for (const k of '445') await page.keyboard.press(k);
      check(posParam(page) === '445', `URL after three moves: ${page.url()}`);
      await page.goBack();
      await waitNotation(page, '44');
      await page.goBack();
      await waitNotation(page, '4');
      await page.goForward();
      await waitNotation(page, '44');
      // The moves ahead stay in the move list, to step forward again.
      check((await page.getByTestId('move-3').count()) === 1, 'the third move is still listed');
      await page.goBack();
      await page.goBack();
      await waitNotation(page, '');
      check(new URL(page.url()).origin === new URL(url).origin, 'Back stays on the page');
    },
  },
  {
    name: 'the move list, arrow keys, redo, board keys and the preview disc',
    async run({ page, url, screenshot }) {
      await open(page, url, 'pos=4453');
      await page.getByTestId('move-2').click();
      await waitNotation(page, '44');
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('ArrowLeft');
      await waitNotation(page, '4');
      await page.keyboard.press('End');
      await waitNotation(page, '4453');
      await page.keyboard.press('Home');
      await waitNotation(page, '');
      await page.keyboard.press('ArrowRight');
      await waitNotation(page, '4');
      check(posParam(page) === '4453' && new URL(page.url()).searchParams.get('ply') === '1', `the address follows the steps: ${page.url()}`);
      await page.keyboard.press('End');
      await page.getByTestId('undo').click();
      await waitNotation(page, '445');
      await page.getByTestId('redo').click();
      await waitNotation(page, '4453');
      // Arrow keys move between columns on the board; Enter drops.
      await page.getByTestId('column-4').focus();
      await page.keyboard.press('ArrowRight');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      check(focused === 'column-5', `ArrowRight moves to column 5: ${focused}`);
      check((await notation(page)) === '4453', 'arrows on the board do not step through the game');
      await page.keyboard.press('Enter');
      await waitNotation(page, '44535');
      // The preview disc where the next disc would land, on hover.
      await page.getByTestId('column-2').hover();
      await page.waitForTimeout(300);
      const opacity = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=cell-2-1]'), '::after').opacity);
      check(Number(opacity) > 0.2, `preview disc on hover: opacity ${opacity}`);
      await screenshot('move-list-preview');
    },
  },
  {
    name: 'the agent panel always describes the position on screen',
    async run({ page, url }) {
      const about = () => page.getByTestId('agent-about').getAttribute('data-moves');
      // Two players: the panel evaluates anyway.
      await open(page, url, 'pos=44');
      await page.getByTestId('visits').waitFor({ timeout: 30_000 });
      check((await about()) === '44', 'describes 44');
      let stats = (await page.getByTestId('agent-stats').textContent()) ?? '';
      check(/after 2 discs/.test(stats), `the numbers are of this position: ${stats}`);
      await page.getByTestId('hint').click();
      await page.getByTestId('hint-text').waitFor({ timeout: 30_000 });
      // After undo: the position on screen, not the old one; the old hint is gone.
      await page.getByTestId('undo').click();
      await waitNotation(page, '4');
      check((await about()) === '4', 'describes the position after undo');
      check((await page.getByTestId('hint-text').count()) === 0, 'no hint of another position');
      await page.waitForFunction(() => /after 1 disc\b/.test(document.querySelector('[data-testid=agent-stats]')?.textContent ?? ''), undefined, {
        timeout: 30_000,
      });
      // After the game ends: no stale advice.
      await open(page, url, 'pos=454545');
      await page.keyboard.press('4');
      await page.getByTestId('result').waitFor();
      stats = (await page.getByTestId('agent-about').textContent()) ?? '';
      check(/The game is over/.test(stats), `after the end: ${stats}`);
      check((await page.getByTestId('hint-text').count()) === 0 && (await page.getByTestId('hint').count()) === 0, 'no hint after the end');
      const main = (await page.locator('main').innerText()) ?? '';
      for (const word of ['value head', 'sims', 'loaded in', 'nodes']) check(!main.includes(word), `jargon in the main view: "${word}"`);
    },
  },
  {
    name: 'the result counts moves as the move list does',
    async run({ page, url }) {
      await open(page, url, 'pos=454545');
      await page.keyboard.press('4');
      const sentence = (await page.getByTestId('result-sentence').textContent()) ?? '';
      const items = await page.locator('ol[aria-label="Move list"] > li').count();
      check(sentence.includes(`on move ${items}.`), `"${sentence}" against ${items} numbered moves`);
    },
  },
  {
    name: 'on a phone the status and the gauge are above the board; touch gets no key hint',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, url, 'pos=44&side=red');
      await page.getByTestId('gauge').waitFor({ timeout: 30_000 });
      const status = await page.getByTestId('status').boundingBox();
      const gauge = await page.getByTestId('gauge').boundingBox();
      const board = await page.getByTestId('board').boundingBox();
      check(status && gauge && board && gauge.y + gauge.height <= board.y && status.y < board.y, 'status and gauge above the board');
      check(board.y + board.height <= 844, `the board fits the first screen: ${JSON.stringify(board)}`);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
      await page.reload();
      await ready(page);
      const keysShown = await page.locator('.keys-hint').isVisible();
      const touchShown = await page.locator('.touch-hint').isVisible();
      check(!keysShown && touchShown, `on touch the hint has no keys (keys ${keysShown}, touch ${touchShown})`);
      await screenshot('phone-playing');
    },
  },
  {
    name: 'after a game the review marks the blunder and shows the better move',
    async run({ page, url, screenshot }) {
      // Red stacks column 4 and Yellow column 1; Yellow, lost anyway, does not block (move 3,
      // column 1), then Red misses the win in column 4 (move 4, column 2), and Yellow wins.
      await open(page, url, 'pos=41414121');
      await reviewWholeGame(page);
      const red = (await page.getByTestId('review-7').textContent()) ?? '';
      check(/\?\?/.test(red) && /Red column 2/.test(red) && /better 4/.test(red), `Red's missed win: ${red}`);
      const yellow = (await page.getByTestId('review-6').textContent()) ?? '';
      // Yellow loses anyway; not blocking only hastens the loss, in those words.
      check(/\?!/.test(yellow) && /loses sooner; better 4/.test(yellow), `Yellow's missed block: ${yellow}`);
      check(/\?\?/.test((await page.getByTestId('move-7').textContent()) ?? ''), 'the move list marks it too');
      await page.getByTestId('review-7').click();
      await waitNotation(page, '414141');
      // The panel states the verdict of the position on screen (from the review's analysis of it).
      await page.waitForFunction(() => /wins in 1\./.test(document.querySelector('[data-testid=analysis-position]')?.textContent ?? ''), undefined, { timeout: 10_000 });
      check(((await page.getByTestId('analysis-position').textContent()) ?? '').trim() === 'With best play Red (to move) wins in 1.', 'the position verdict');
      const label = (await page.getByTestId('column-4').getAttribute('aria-label')) ?? '';
      check(/the better move/.test(label), `the board shows the better move: ${label}`);
      check((await page.locator('[data-testid^=graph-solver-]').count()) >= 4, 'the graph shows perfect play where known');
      await screenshot('review');
    },
  },
];
