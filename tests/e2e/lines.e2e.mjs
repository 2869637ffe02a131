/**
 * Browser tests of side lines (issue 29): a move played from an earlier
 * position starts a side line instead of throwing the rest of the game
 * away; the main line stays in the move list and can be returned to; the
 * address and the browser's history follow the line on screen.
 *
 * The agent is the untrained test network: the tests check what is kept
 * and shown, not the agent's choice.
 */
import { TEST_MODEL_PATH, check } from './harness.mjs';
import { ready } from './game.e2e.mjs';

/** The game of the issue's report, played against the agent as Red. */
export const OLD_GAME = '5455444433425355363377111177771166';

const notation = async (page) => (await page.getByTestId('notation').textContent()) ?? '';
const posParam = (page) => new URL(page.url()).searchParams.get('pos');
const plyParam = (page) => new URL(page.url()).searchParams.get('ply');

async function waitNotation(page, test, timeout = 60_000) {
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid=notation]')?.textContent ?? ''), test.source, { timeout });
}

/** Opens `query` with the test network and waits until the agent has loaded. */
export async function openWithAgent(page, url, query) {
  await page.goto(`${url}?model=${TEST_MODEL_PATH}${query ? `&${query}` : ''}`);
  await ready(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') !== 'loading', undefined, {
    timeout: 60_000,
  });
}

/** The sizes the issue names: a desktop and a phone. */
export const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
];

export const linesTests = SIZES.map(([size, viewport]) => ({
  name: `a click while reviewing starts a side line; Back brings the game back (${size})`,
  async run({ page, url, screenshot }) {
    await page.setViewportSize(viewport);
    await openWithAgent(page, url, `pos=${OLD_GAME}&side=red`);
    await page.getByTestId('nav-start').click();
    await page.getByTestId('nav-forward').click();
    await page.getByTestId('nav-forward').click();
    await waitNotation(page, /^54$/);
    check(plyParam(page) === '2' && posParam(page) === OLD_GAME, `stepping back keeps the game in the address: ${page.url()}`);
    await page.getByTestId('column-1').click();
    // The agent answers the new move: a side line 541x.
    await waitNotation(page, /^541\d$/);
    const side = await notation(page);
    check((await page.getByTestId(`move-${OLD_GAME.length}`).count()) === 1, 'the old game stays in the move list as the main line');
    const sideRow = page.getByTestId('side-line-1');
    check((await sideRow.count()) === 1, 'the new moves are a side line');
    check((await sideRow.locator('button').count()) === 2, `the side line holds its own two moves: ${await sideRow.textContent()}`);
    check(posParam(page) === side && plyParam(page) === null, `the address follows the side line: ${page.url()}`);
    check((await page.getByTestId('main-line').count()) === 1, 'a way back to the main line is offered');
    await screenshot(`side-line-${size}`);
    // Back: the player's move, then the old game at the position it was left.
    await page.goBack();
    await waitNotation(page, /^541$/);
    await page.goBack();
    await waitNotation(page, /^54$/);
    check(posParam(page) === OLD_GAME && plyParam(page) === '2', `Back returns to the old game: ${page.url()}`);
    await page.getByTestId('nav-end').click();
    await waitNotation(page, new RegExp(`^${OLD_GAME}$`));
    check((await page.getByTestId('side-line-1').count()) === 1, 'the side line is kept after going back');
    // And the side line can be followed again from the move list.
    await page.getByTestId('side-line-1').locator('button').last().click();
    await waitNotation(page, new RegExp(`^${side}$`));
    await page.getByTestId('main-line').click();
    await waitNotation(page, /^54$/);
    check(posParam(page) === OLD_GAME, `the main line again: ${page.url()}`);
  },
}));
