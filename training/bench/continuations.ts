/**
 * How a network's own self-play goes on from given positions: `--games`
 * games from each, played as self-play plays them (the search with
 * Dirichlet noise at every root, the visit-count temperature for the moves
 * before ply `--temperature-moves`), and the share the side to move won,
 * drew and lost, with the mean ply the games ended at. Run it with the
 * opening's temperature (self-play's 10) and without (0) to see how much of
 * a result is the sampled moves': at generation 340 of seed 3 the first
 * mover won 107 of 128 games after `44` and 96 after `43` with it, 128 and
 * 128 without (docs/training-runs.md; measured by this tool's first
 * version, which drew its random numbers in another order).
 *
 *   npx tsx training/bench/continuations.ts --model M.onnx [--positions 44,43] [--games 128]
 *       [--sims 400] [--temperature-moves 10] [--length-weight W] [--seed 1] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseMoves, type Position } from '../../src/engine/index.js';
import { Rng } from '../../src/mcts/rng.js';
import { modelLengthWeight } from '../../src/nn/model-metadata.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { playGames, selfPlayParams } from '../selfplay/games.js';
import { failUsage, numberOption, parseOptions, UsageError, withUsage } from '../cli/options.js';

const USAGE =
  'usage: npx tsx training/bench/continuations.ts --model M.onnx [--positions 44,43] [--games 128] [--sims 400] [--temperature-moves 10] [--length-weight W] [--seed 1] [--json]';
const { values } = parseOptions(
  {
    model: { type: 'string' },
    positions: { type: 'string', default: '44,43' },
    games: { type: 'string', default: '128' },
    sims: { type: 'string', default: '400' },
    'temperature-moves': { type: 'string', default: '10' },
    'length-weight': { type: 'string' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!values.model) failUsage('--model is required', USAGE);
if (!existsSync(values.model)) failUsage(`--model: ${values.model} not found`, USAGE);
const opts = withUsage(USAGE, () => ({
  games: numberOption('games', values.games, { min: 1, integer: true })!,
  sims: numberOption('sims', values.sims, { min: 1, integer: true })!,
  temperatureMoves: numberOption('temperature-moves', values['temperature-moves'], { min: 0, integer: true })!,
  lengthWeight: numberOption('length-weight', values['length-weight'], { min: 0, max: 1 }),
  seed: numberOption('seed', values.seed, { integer: true })!,
  starts: values.positions.split(',').map((m) => {
    let pos: Position;
    try {
      pos = parseMoves(m);
    } catch (e) {
      throw new UsageError(`--positions ${m}: ${(e as Error).message}`);
    }
    if (pos.isOver) throw new UsageError(`--positions ${m}: the game is over`);
    return { moves: m, pos, columns: [...m].map((d) => Number(d) - 1) };
  }),
}));

const evaluator = new OnnxEvaluator(await createNodeSession(values.model));
// The value scale the network was trained on decides how the search values proven losses (choice.ts); the model says unless told.
const search = { simulations: opts.sims, temperatureMoves: opts.temperatureMoves, lengthWeight: opts.lengthWeight ?? modelLengthWeight(readFileSync(values.model)) };

/** Plays `games` self-play games from `start` (columns, 0-based) as self-play plays them, all at once; returns each game's winner (1, 2 or 0) and end ply. */
async function continuations(start: number[], rng: Rng): Promise<{ winner: number; end: number }[]> {
  const { games } = await playGames(evaluator, opts.games, selfPlayParams({ concurrency: opts.games, search, start }), rng);
  return games.map((g) => ({ winner: g.winner, end: g.moves.length }));
}

const rows = [];
for (const { moves, pos, columns } of opts.starts) {
  const games = await continuations(columns, new Rng(opts.seed));
  const mover = 1 + (pos.moves & 1); // 1 = the first player is to move
  const won = games.filter((g) => g.winner === mover).length;
  const lost = games.filter((g) => g.winner !== 0 && g.winner !== mover).length;
  const meanEnd = games.reduce((a, g) => a + g.end, 0) / games.length;
  rows.push({ position: moves, games: games.length, won, drawn: games.length - won - lost, lost, meanEndPly: Math.round(meanEnd * 10) / 10 });
}
await evaluator.dispose();
if (values.json) console.log(JSON.stringify({ model: values.model, sims: opts.sims, temperatureMoves: opts.temperatureMoves, rows }));
else {
  console.log(`${values.model}: ${opts.games} self-play games per position, ${opts.sims} simulations, temperature before ply ${opts.temperatureMoves}; results for the side to move`);
  for (const r of rows) console.log(`${r.position.padEnd(8)} won ${r.won}, drew ${r.drawn}, lost ${r.lost}; games ended at ply ${r.meanEndPly} on average`);
}
