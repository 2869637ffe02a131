/**
 * Browser tests of the solver's marks under the columns and the panel that
 * explains them (issue 29, its last points): a column the solver proved
 * nothing of says "Not solved" and fits its column on a phone, and a
 * position that times out says so in one short plain sentence, its detail
 * under "Details"; every proven column wears a badge ("Loss" and "Draw or
 * loss" too) that stands 3:1 against the board, its words 4.5:1 on it; the
 * raw solver scores are under "Details" for touch screens, and a remembered
 * setting shows Pons' numbers under the columns; "Win in N" is explained
 * wherever it is shown; an empty move list says "No moves yet." once.
 * The harness keeps every page silent in the console (any message fails a test).
 */
import { check, reviewWholeGame } from './harness.mjs';
import { ready } from './game.e2e.mjs';
import { contrast } from './access.e2e.mjs';
import { SIZES, openWithAgent } from './lines.e2e.mjs';

/** Opens `query` with the analysis on, both sides by hand, and waits until it has ended (solved or not within its limit). */
async function analysed(page, url, query) {
  await page.goto(`${url}?${query}`);
  await ready(page);
  await page.getByTestId('analysis-toggle').check();
  await page.waitForFunction(() => /Solved in|partly solved/.test(document.querySelector('[data-testid=analysis-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
}

const marksOf = (page) => page.locator('[data-testid^=mark-]').allTextContents();

/** Each mark's words, its box against its column's, whether its text overflows, its colours and the board's. */
function markBoxes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^=mark-]')].map((m) => {
      const s = getComputedStyle(m);
      const box = m.getBoundingClientRect();
      const col = m.closest('button').getBoundingClientRect();
      const fills = s.backgroundImage !== 'none' ? (s.backgroundImage.match(/rgba?\([^)]*\)/g) ?? []) : [s.backgroundColor];
      return {
        text: m.textContent.trim(),
        inside: box.left >= col.left - 0.5 && box.right <= col.right + 0.5,
        overflows: m.scrollWidth > m.clientWidth + 0.5,
        lines: Math.round(box.height / (parseFloat(s.lineHeight) || 1.2 * parseFloat(s.fontSize))),
        fills,
        color: s.color,
        board: getComputedStyle(document.querySelector('[data-testid=board]')).backgroundColor,
      };
    }),
  );
}

/** The cells of the table of scores under Details that wrap onto a second line (a word broken in a narrow cell). */
function wrappedCells(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=analysis-scores] td, [data-testid=analysis-scores] th')]
      .filter((c) => {
        const s = getComputedStyle(c);
        return c.getBoundingClientRect().height > 1.6 * (parseFloat(s.lineHeight) || 1.2 * parseFloat(s.fontSize));
      })
      .map((c) => c.textContent.trim()),
  );
}

const transparent = (c) => /rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';

export const marksTests = [
  ...SIZES.map(([size, viewport]) => ({
    name: `a column the solver could not solve says "Not solved" within its column; the status is short and plain, the rest under Details (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      // 117777: six edge moves, past the book's five stones for the position
      // and its columns; in 0.3 s the solver proves nothing of any column.
      await analysed(page, url, 'pos=117777&analysis-ms=300');
      const marks = await marksOf(page);
      check(marks.length === 7 && marks.every((m) => m === 'Not solved'), `every column "Not solved": ${marks}`);
      for (const [c, m] of (await markBoxes(page)).entries()) {
        check(m.inside && !m.overflows, `${size}: column ${c + 1}'s "${m.text}" fits its column (inside ${m.inside}, overflows ${m.overflows})`);
        check(m.lines <= 2, `${size}: column ${c + 1}'s "${m.text}" takes ${m.lines} lines`);
      }
      const status = page.getByTestId('analysis-status');
      const text = ((await status.innerText()) ?? '').trim();
      check(/^Only partly solved in 0\.3 s\.$/.test(text), `the status: ${text}`);
      const weight = await status.locator('span').first().evaluate((e) => Number(getComputedStyle(e).fontWeight));
      check(weight < 600, `the status is plain, not bold: font-weight ${weight}`);
      const detail = page.getByTestId('analysis-timeout-detail');
      check(!(await detail.isVisible()), 'the explanation waits under Details');
      await page.getByTestId('analysis-details').locator('summary').click();
      check(/"Not solved" where it proved nothing/.test((await detail.innerText()) ?? ''), 'Details explains the marks');
      const wrapped = await wrappedCells(page);
      check(wrapped.length === 0, `${size}: cells of the table of scores on two lines: ${wrapped}`);
      await screenshot(`marks-not-solved-${size}`);
    },
  })),
  {
    name: 'every proven column wears a badge, "Loss" and "Draw or loss" too, 3:1 against the board, its words 4.5:1 on it, light and dark',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      const seen = new Set();
      // A drawn position: within a short limit the solver proves it no better than a draw, so the columns read
      // "Draw or loss" or "Loss". How far it gets in a given time depends on the machine (a fast one solved it
      // whole in 0.3 s and read "Draw"), so shorter limits are tried until a "Draw or loss" shows.
      const drawnTries = [300, 100, 30, 10].map((ms) => `pos=1113222154334225&analysis-ms=${ms}`);
      for (const query of [
        // Red to move has lost: the book proves every column a loss at once.
        'pos=14&analysis-ms=500',
        ...drawnTries,
        // A lost position with one drawing column: often "Draw or win" beside losses in 0.3 s (how far the solver gets varies).
        'pos=1644512363271225114&analysis-ms=300',
        // Solved at once: wins, losses and a draw in words ("Win in 1", "Lose in 2", "Draw").
        'pos=444444335511',
        'pos=1644512363271225114',
      ]) {
        if (drawnTries.includes(query) && query !== drawnTries[0] && seen.has('Draw or loss')) continue;
        await analysed(page, url, query);
        for (const m of await markBoxes(page)) {
          if (['…', 'Not solved'].includes(m.text)) continue;
          seen.add(m.text.replace(/\d+/, 'N'));
          check(m.fills.length > 0 && !m.fills.some(transparent), `${query}: "${m.text}" has a badge (${m.fills.join(', ')})`);
          for (const fill of m.fills) {
            const onBoard = contrast(fill, m.board);
            const words = contrast(m.color, fill);
            check(onBoard >= 3, `${query}: "${m.text}" badge ${fill} on the board ${m.board}: ${onBoard.toFixed(2)}:1`);
            check(words >= 4.5, `${query}: "${m.text}" words ${m.color} on ${fill}: ${words.toFixed(2)}:1`);
          }
        }
        if (drawnTries.includes(query)) await screenshot('marks-badges-draw-or-loss');
        await page.evaluate(() => localStorage.clear());
      }
      for (const label of ['Loss', 'Draw or loss', 'Win in N', 'Lose in N', 'Draw']) check(seen.has(label), `"${label}" was checked (seen: ${[...seen].join(', ')})`);
      // The dark theme's board is another blue: the badges stand out there too.
      await page.emulateMedia({ colorScheme: 'dark' });
      await analysed(page, url, 'pos=1113222154334225&analysis-ms=300');
      for (const m of await markBoxes(page)) {
        for (const fill of m.fills) check(contrast(fill, m.board) >= 3 && contrast(m.color, fill) >= 4.5, `dark theme: "${m.text}" ${fill} on ${m.board}, words ${m.color}`);
      }
      await screenshot('marks-badges-dark');
    },
  },
  ...SIZES.map(([size, viewport]) => ({
    name: `the raw solver scores are under Details, and a remembered setting shows Pons' numbers under the columns (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      // Red to move (ply 12) wins at once in column 2 or 6: with its 7th disc, Pons' +15.
      await analysed(page, url, 'pos=444444335511');
      check((await page.getByTestId('mark-2').textContent()) === 'Win in 1', 'words by default');
      const table = page.getByTestId('analysis-scores');
      check(!(await table.isVisible()), 'the scores wait under Details');
      await page.getByTestId('analysis-details').locator('summary').click();
      check(await table.isVisible(), 'a tap on Details shows the scores');
      check((await page.getByTestId('score-number-2').textContent()) === '+15', `column 2's Pons score: ${await page.getByTestId('score-number-2').textContent()}`);
      check((await page.getByTestId('score-words-2').textContent()) === 'Win in 1', 'column 2 in words beside it');
      const numbers = await page.locator('[data-testid^=score-number-]').allTextContents();
      check(numbers.length === 6 && numbers.every((n) => /^([+-]\d+|0)$/.test(n)), `six exact scores: ${numbers}`);
      const fits = await table.evaluate((t) => t.scrollWidth <= t.parentElement.clientWidth + 0.5 && t.getBoundingClientRect().right <= window.innerWidth);
      check(fits, `${size}: the table fits its panel and the screen`);
      const wrapped = await wrappedCells(page);
      check(wrapped.length === 0, `${size}: cells of the table of scores on two lines: ${wrapped}`);
      await screenshot(`marks-details-${size}`);
      // The setting: Pons' numbers under the columns, kept across a reload.
      await page.getByTestId('pons-toggle').check();
      await page.waitForFunction(() => document.querySelector('[data-testid=mark-2]')?.textContent === '+15');
      check(/Pons' scores: \+k/.test((await page.getByTestId('analysis-legend').textContent()) ?? ''), 'the legend explains the numbers');
      await page.reload();
      await ready(page);
      await page.waitForFunction(() => /Solved in/.test(document.querySelector('[data-testid=analysis-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
      check(await page.getByTestId('pons-toggle').isChecked(), 'the setting is remembered');
      const marks = await marksOf(page);
      check(marks.length === 6 && marks.every((m) => /^([+-]\d+|0)$/.test(m)) && marks[1] === '+15', `Pons' numbers under the columns after a reload: ${marks}`);
      const boxes = await markBoxes(page);
      check(boxes.every((m) => m.inside && !m.overflows), `${size}: the numbers fit their columns`);
      await screenshot(`marks-pons-numbers-${size}`);
    },
  })),
  {
    name: '"Win in N" is explained, in one sentence, where the panel and the review show it',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      // Red stacks column 4, Yellow column 1; Red misses the win at move 4 ("better 4 (then Red wins in 1)").
      await openWithAgent(page, url, 'pos=41414121');
      await reviewWholeGame(page);
      const inReview = ((await page.getByTestId('review-win-in').textContent()) ?? '').trim();
      check(/^"Win in N": the player to move wins with their Nth disc, this move being the first/.test(inReview), `the review explains "wins in 1": ${inReview}`);
      check(/"mate in N"/.test(inReview), `…as chess counts: ${inReview}`);
      await page.getByTestId('review-7').click();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^=mark-]')].some((m) => /^Win in \d+$/.test(m.textContent ?? '')), undefined, { timeout: 30_000 });
      const legend = ((await page.getByTestId('analysis-legend').textContent()) ?? '').replace(/\s+/g, ' ');
      check(legend.includes(inReview), `the panel's legend says the same: ${legend}`);
      const title = (await page.locator('[data-testid^=mark-]', { hasText: /^Win in 1$/ }).first().getAttribute('title')) ?? '';
      check(/wins with your 1st disc from here/.test(title), `hover text: ${title}`);
      await screenshot('marks-win-in-explained');
    },
  },
  ...SIZES.map(([size, viewport]) => ({
    name: `an empty move list says "No moves yet." once, with no "—" beside it (${size})`,
    async run({ page, url, screenshot }) {
      await page.setViewportSize(viewport);
      await page.goto(url);
      await ready(page);
      const once = async (when) => {
        const text = await page.locator('main').innerText();
        const n = text.split('No moves yet.').length - 1;
        check(n === 1, `${when}: "No moves yet." ${n} times`);
        check(!text.includes('—'), `${when}: a "—" on the page: …${text.slice(Math.max(0, text.indexOf('—') - 40), text.indexOf('—') + 40)}…`);
      };
      await once('a fresh page');
      await page.getByTestId('mode').selectOption('humans');
      await page.getByTestId('column-4').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=notation]')?.textContent === '4');
      await page.getByTestId('new-game').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=notation]')?.textContent === '');
      await once('after "New game"');
      await screenshot(`marks-empty-move-list-${size}`);
    },
  })),
];
