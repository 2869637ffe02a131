/**
 * Browser tests of accessibility points of issue 29: the board is one Tab
 * stop (arrow keys move between its columns), and the ring around a
 * winning four keeps a 3:1 contrast with its discs, red or yellow.
 */
import { check } from './harness.mjs';
import { ready } from './game.e2e.mjs';

/** WCAG contrast ratio of two CSS rgb() colours. */
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

export const accessTests = [
  {
    name: 'the board is one Tab stop; arrows move inside it',
    async run({ page, url }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${url}?pos=44`);
      await ready(page);
      const stops = await page.evaluate(() => [...document.querySelectorAll('[data-testid=board] button')].filter((b) => b.tabIndex >= 0).length);
      check(stops === 1, `Tab stops in the board: ${stops}`);
      await page.getByTestId('column-4').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Tab');
      const after = await page.evaluate(() => document.activeElement?.closest('[data-testid=board]') === null);
      check(after, 'one Tab leaves the board');
      await page.keyboard.press('Shift+Tab');
      const back = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      check(back === 'column-5', `Shift+Tab comes back to the column last focused: ${back}`);
    },
  },
  {
    name: 'the winning ring stands out from red and yellow discs',
    async run({ page, url, screenshot }) {
      for (const [pos, who] of [['4545454', 'red'], ['14241464', 'yellow']]) {
        await page.goto(`${url}?pos=${pos}`);
        await ready(page);
        const { ring, disc } = await page.evaluate(() => {
          const d = document.querySelector('.disc.win');
          const s = getComputedStyle(d);
          return { ring: s.outlineColor, disc: s.backgroundColor };
        });
        const ratio = contrast(ring, disc);
        check(ratio >= 3, `${who}: ring ${ring} on ${disc} has ${ratio.toFixed(2)}:1`);
        await screenshot(`win-ring-${who}`);
      }
    },
  },
];
