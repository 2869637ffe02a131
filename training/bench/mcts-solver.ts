/**
 * Does a search feature make the agent stronger? The same network and
 * budget with the feature on against off, in a colour-balanced match from
 * seeded random openings; writes the result as JSON beside the model.
 * Features: `solver`, the MCTS-solver (Winands et al. 2008: proof
 * propagation; pruning off on both sides), and `prune`, pruning of moves that
 * lose at once (MCTS-solver on on both sides).
 *
 *   npx tsx training/bench/mcts-solver.ts --model runs/default/latest.onnx [--feature solver|prune] [--games 40] [--sims 100]
 */
import { agentPlayers, playMatch } from '../match/arena.js';
import { loadAgentEvaluator } from '../match/agent-loader.js';
import { failUsage, MAX_GAMES, numberOption, parseOptions, simsOption, withUsage } from '../cli/options.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npx tsx training/bench/mcts-solver.ts [--model runs/default/latest.onnx] [--feature solver|prune] [--games 40] [--sims 100] [--seed 1]';
const { values } = parseOptions(
  {
    model: { type: 'string', default: 'runs/default/latest.onnx' },
    games: { type: 'string', default: '40' },
    sims: { type: 'string', default: '100' },
    feature: { type: 'string', default: 'solver' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
const feature = values.feature;
if (feature !== 'solver' && feature !== 'prune') failUsage(`--feature must be solver or prune, got ${JSON.stringify(feature)}`, USAGE);
const { games, sims, seed } = withUsage(USAGE, () => ({
  games: numberOption('games', values.games, { min: 2, max: MAX_GAMES, integer: true })!,
  sims: simsOption(values.sims)!,
  seed: numberOption('seed', values.seed, { integer: true })!,
}));
// The agent (src/agent) on one network, with the feature on against off.
const evaluator = await loadAgentEvaluator(values.model);
const variant = (on: boolean) => (feature === 'solver' ? { solver: on, pruneLosing: false } : { solver: true, pruneLosing: on });
const result = await playMatch(
  agentPlayers(evaluator, sims, variant(true), 'on'),
  agentPlayers(evaluator, sims, variant(false), 'off'),
  { games, openingPlies: 2, seed },
);
const report = { model: values.model, simulations: sims, [`${feature}OnVsOff`]: result, date: new Date().toISOString() };
console.log(JSON.stringify(report));
writeAtomic(`${values.model.replace(/\.onnx$/, '')}.${feature}-ab.json`, `${JSON.stringify(report, null, 2)}\n`);
