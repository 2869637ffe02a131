/**
 * Browser tests of the weaker levels (issue 29): Easy and Medium vary from
 * game to game, seeded per game; the game id in the address replays a game,
 * and "New game" draws a new id.
 *
 * The agent is the untrained test network at Easy: its visit shares are
 * spread, so the level's draws decide its replies.
 */
import { check } from './harness.mjs';
import { openWithAgent } from './lines.e2e.mjs';

const notation = async (page) => (await page.getByTestId('notation').textContent()) ?? '';
const gameParam = (page) => new URL(page.url()).searchParams.get('game');

/** Plays Red's columns `mine` (1-7) against the agent at `level` in game `id`; returns the moves played. */
async function playGame(page, url, id, mine, level = 'easy') {
  await openWithAgent(page, url, `side=red${id ? `&game=${id}` : ''}`);
  await page.getByTestId('level').selectOption(level);
  for (const col of mine) {
    if ((await page.getByTestId('result').count()) > 0) break;
    const n = (await notation(page)).length;
    const label = (await page.getByTestId(`column-${col}`).getAttribute('aria-label')) ?? '';
    if (label.includes('not playable')) break;
    await page.getByTestId(`column-${col}`).click();
    await page.waitForFunction(
      (len) => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length >= len + 2 || document.querySelector('[data-testid=result]') !== null,
      n,
      { timeout: 30_000 },
    );
  }
  return notation(page);
}

const MINE = [1, 1, 7, 7, 2, 6];

export const levelsTests = [
  {
    name: 'Easy plays differently in another game and the same in the same game',
    async run({ page, url, screenshot }) {
      const games = {};
      for (const id of ['a1', 'b2', 'c3']) games[id] = await playGame(page, url, id, MINE);
      const distinct = new Set(Object.values(games));
      check(distinct.size > 1, `three game ids, one game: ${JSON.stringify(games)}`);
      check(gameParam(page) === 'c3', `the address keeps the game id: ${page.url()}`);
      check((await page.getByTestId('game-id').textContent())?.includes('c3'), 'the page names the game');
      await screenshot('level-easy-game-id');
      const again = await playGame(page, url, 'a1', MINE);
      check(again === games.a1, `game a1 replays: ${games.a1} then ${again}`);
      // Without an id the page draws one, and New game draws another.
      await playGame(page, url, null, []);
      const first = gameParam(page);
      check(first !== null && /^[0-9a-z]{1,7}$/.test(first), `a fresh game gets an id: ${page.url()}`);
      await page.getByTestId('new-game').click();
      await page.waitForFunction((old) => new URL(location.href).searchParams.get('game') !== old, first);
      check(gameParam(page) !== first, 'New game draws a new id');
    },
  },
  {
    name: 'Medium plays differently in another game and the same in the same game',
    async run({ page, url, screenshot }) {
      const games = {};
      for (const id of ['a1', 'b2', 'c3']) games[id] = await playGame(page, url, id, MINE, 'medium');
      check(new Set(Object.values(games)).size > 1, `three game ids, one game: ${JSON.stringify(games)}`);
      await screenshot('level-medium-game-id');
      const again = await playGame(page, url, 'b2', MINE, 'medium');
      check(again === games.b2, `game b2 replays: ${games.b2} then ${again}`);
    },
  },
];
