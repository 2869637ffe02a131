#!/usr/bin/env node
/**
 * The browser side of `npm run match -- --web`: builds the app if needed,
 * serves it, opens the measurement page (src/worker/match-page.html: the
 * game's own agent and solver workers) in headless Chromium and plays the
 * games one by one, printing each game as one JSON line on stdout (progress
 * on stderr). training/cli/match.ts turns the lines into the same record as
 * a Node match.
 *
 *   node tests/e2e/match-web.mjs --level max --games 20 --colours first|second|both --seed 1 [--solver-ms 120000]
 */
import { parseArgs } from 'node:util';
import { withMeasurementPage } from './harness.mjs';

const { values } = parseArgs({
  options: {
    level: { type: 'string', default: 'max' },
    games: { type: 'string', default: '20' },
    colours: { type: 'string', default: 'first' },
    seed: { type: 'string', default: '1' },
    'solver-ms': { type: 'string', default: '120000' },
  },
});
const games = Number(values.games);
const seed = Number(values.seed);
const colours = values.colours === 'both' ? [true, false] : [values.colours === 'first'];

let status = 0;
try {
  await withMeasurementPage(async (page) => {
    await page.evaluate(() => window.c4match.ready);
    for (const agentFirst of colours) {
      for (let g = 0; g < games; g++) {
        const t0 = Date.now();
        const game = await page.evaluate(([af, s, lv, ms]) => window.c4match.playGame(af, s, lv, ms), [agentFirst, seed + g, values.level, Number(values['solver-ms'])]);
        process.stdout.write(`${JSON.stringify(game)}\n`);
        process.stderr.write(`web game seed ${seed + g} agent ${agentFirst ? 'first' : 'second'}: ${game.moves.length} plies, winner ${game.winner} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      }
    }
  });
} catch (e) {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  status = 1;
}
process.exit(status);
