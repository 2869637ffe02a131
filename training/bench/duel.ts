/**
 * A duel between two networks (AlphaZero.jl's `Duel`): the same search for
 * both, colour-balanced games from seeded random openings. Used to judge
 * training techniques (A/B runs of seeds/ab-*.json) by strength rather than
 * by losses. Prints one JSON line; --out also writes it.
 *
 *   npx tsx training/bench/duel.ts --a runs/x/latest.onnx --b runs/y/latest.onnx [--games 100] [--sims 64]
 */
import { agentPlayers, playMatch } from '../match/arena.js';
import { loadAgentEvaluator } from '../match/agent-loader.js';
import { failUsage, MAX_GAMES, numberOption, parseOptions, simsOption, withUsage } from '../cli/options.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npx tsx training/bench/duel.ts --a A.onnx --b B.onnx [--games 100] [--sims 64] [--seed 1] [--out FILE]';
const { values } = parseOptions(
  {
    a: { type: 'string' },
    b: { type: 'string' },
    games: { type: 'string', default: '100' },
    sims: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!values.a || !values.b) failUsage('--a and --b are required', USAGE);
const { games, sims, seed } = withUsage(USAGE, () => ({
  games: numberOption('games', values.games, { min: 1, max: MAX_GAMES, integer: true })!,
  sims: simsOption(values.sims)!,
  seed: numberOption('seed', values.seed, { integer: true })!,
}));
// Both sides are the agent (src/agent: its evaluator stack and play preset) on their own network.
const result = await playMatch(
  agentPlayers(await loadAgentEvaluator(values.a), sims, {}, 'a'),
  agentPlayers(await loadAgentEvaluator(values.b), sims, {}, 'b'),
  { games, openingPlies: 2, seed },
);
const report = { a: values.a, b: values.b, simulations: sims, result, date: new Date().toISOString() };
console.log(JSON.stringify(report));
if (values.out) writeAtomic(values.out, `${JSON.stringify(report, null, 2)}\n`);
