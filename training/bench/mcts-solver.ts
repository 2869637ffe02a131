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
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { searchParams } from '../../src/mcts/params.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { playMatch } from '../arena.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'runs/default/latest.onnx' },
    games: { type: 'string', default: '40' },
    sims: { type: 'string', default: '100' },
    feature: { type: 'string', default: 'solver' },
    seed: { type: 'string', default: '1' },
  },
});
const evaluator = new CachedEvaluator(new OnnxEvaluator(await createNodeSession(values.model)));
const sims = Number(values.sims);
const feature = values.feature;
if (feature !== 'solver' && feature !== 'prune') throw new Error(`--feature must be solver or prune, got ${JSON.stringify(feature)}`);
const variant = (on: boolean) =>
  feature === 'solver' ? { simulations: sims, solver: on, pruneLosing: false } : { simulations: sims, solver: true, pruneLosing: on };
const result = await playMatch(
  { kind: 'mcts', evaluator, search: searchParams(variant(true)) },
  { kind: 'mcts', evaluator, search: searchParams(variant(false)) },
  { games: Number(values.games), openingPlies: 2, seed: Number(values.seed) },
);
const report = { model: values.model, simulations: sims, [`${feature}OnVsOff`]: result, date: new Date().toISOString() };
console.log(JSON.stringify(report));
writeFileSync(`${values.model.replace(/\.onnx$/, '')}.${feature}-ab.json`, `${JSON.stringify(report, null, 2)}\n`);
