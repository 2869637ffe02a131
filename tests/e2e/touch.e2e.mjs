/**
 * Browser test of touch targets on a phone (issue 29): at 390 x 844 every
 * button, picker, "Details" and the solver checkbox's label is at least
 * 44 x 44 px (the usual minimum: WCAG 2.5.5, Apple's Human Interface
 * Guidelines), the checkbox itself at least 24 px (WCAG 2.5.8).
 */
import { check } from './harness.mjs';
import { openWithAgent } from './lines.e2e.mjs';

export const touchTests = [
  {
    name: 'every control is a 44 px touch target on a phone',
    async run({ page, url, screenshot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      // A game with a side line, stepped back, so that the move list, its arrows and its side-line buttons all show.
      await openWithAgent(page, url, 'pos=445362&side=red');
      await page.getByTestId('move-2').click();
      await page.getByTestId('column-1').click();
      await page.getByTestId('visits').waitFor({ timeout: 30_000 });
      const small = await page.evaluate(() => {
        const out = [];
        const targets = [...document.querySelectorAll('main button, main select, main summary, main label:has(input[type=checkbox])')];
        for (const el of targets) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue; // not rendered
          if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}" ${el.getAttribute('data-testid') ?? ''} ${Math.round(r.width)}x${Math.round(r.height)}`);
        }
        for (const el of document.querySelectorAll('main input[type=checkbox]')) {
          const r = el.getBoundingClientRect();
          if (r.width < 24 || r.height < 24) out.push(`checkbox ${Math.round(r.width)}x${Math.round(r.height)}`);
        }
        return out;
      });
      check(small.length === 0, `too small to touch:\n  ${small.join('\n  ')}`);
      await screenshot('touch-targets-phone');
    },
  },
];
