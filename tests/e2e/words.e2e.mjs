/**
 * Browser tests of the page's words (issue 29): players' words in the main
 * view, the numbers under "Details". No search jargon ("simulations", "value
 * of the network", "Band"), level descriptions without match figures (those
 * are under the level's "Details"), and the review's marks ?? and ?!
 * explained wherever they are shown.
 */
import { check, reviewWholeGame } from './harness.mjs';
import { openWithAgent, SIZES } from './lines.e2e.mjs';

/** Words the tester found opaque; none may be visible outside a closed "Details". */
const JARGON = [/Weighing up/, /favours/, /simulation/i, /of the network/, /of the search/, /Band:/, /\/s\)/];

async function visibleText(page) {
  // innerText leaves out what is not rendered, such as a closed <details>' content.
  return (await page.locator('main').innerText()) ?? '';
}

function noJargon(text, where) {
  for (const re of JARGON) check(!re.test(text), `${where}: "${text.match(re)?.[0]}" is visible`);
}

export const wordsTests = [
  ...SIZES.map(([size, viewport]) => ({
    name: `players' words up front, numbers under Details (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await openWithAgent(page, url, 'pos=44&side=red');
      await page.getByTestId('visits').waitFor({ timeout: 30_000 });
      await page.getByTestId('level').selectOption('medium');
      // A new level starts a new search; its first result replaces the waiting line.
      await page.waitForFunction(() => /Where it would play/.test(document.querySelector('[data-testid=agent-about]')?.textContent ?? ''), undefined, { timeout: 30_000 });
      noJargon(await visibleText(page), 'main view');
      const about = (await page.getByTestId('agent-about').textContent()) ?? '';
      check(/Where it would play for Red/.test(about), `the agent panel in players' words: ${about}`);
      const level = (await page.getByTestId('level-description').textContent()) ?? '';
      check(!/\d/.test(level), `the level is described without figures: ${level}`);
      const record = page.getByTestId('level-record');
      check(!(await record.isVisible()), 'the level\'s figures wait under Details');
      await page.locator('.players details summary').click();
      check(/\d+ games/.test((await record.textContent()) ?? ''), 'Details has the figures');
      await screenshot(`words-${size}`);
    },
  })),
  {
    name: 'the review marks ?? and ?! are explained where they are shown',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openWithAgent(page, url, 'pos=41414121');
      await reviewWholeGame(page);
      for (const id of ['marks-legend', 'review-legend']) {
        const legend = page.getByTestId(id);
        check(await legend.isVisible(), `${id} is shown`);
        const text = (await legend.textContent()) ?? '';
        check(/\?\? a mistake/.test(text) && /\?! an inaccuracy/.test(text), `${id} explains both marks: ${text}`);
      }
      const title = (await page.getByTestId('move-7').getAttribute('title')) ?? '';
      check(/threw away a win or a draw/.test(title), `the marked move explains itself on hover: ${title}`);
      noJargon(await visibleText(page), 'the review');
      await screenshot('words-review');
    },
  },
];
