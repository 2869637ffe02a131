/**
 * Does the MCTS-solver (Winands et al. 2008) make the agent stronger? The
 * same network and budget with proof propagation on against off, in a
 * colour-balanced match from seeded random openings; writes the result as
 * JSON beside the model.
 *
 *   npx tsx training/bench/mcts-solver.ts --model runs/default/latest.onnx [--games 40] [--sims 100]
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
    seed: { type: 'string', default: '1' },
  },
});
const evaluator = new CachedEvaluator(new OnnxEvaluator(await createNodeSession(values.model)));
const sims = Number(values.sims);
const result = await playMatch(
  { kind: 'mcts', evaluator, search: searchParams({ simulations: sims, solver: true }) },
  { kind: 'mcts', evaluator, search: searchParams({ simulations: sims, solver: false }) },
  { games: Number(values.games), openingPlies: 2, seed: Number(values.seed) },
);
const report = { model: values.model, simulations: sims, solverOnVsOff: result, date: new Date().toISOString() };
console.log(JSON.stringify(report));
writeFileSync(`${values.model.replace(/\.onnx$/, '')}.solver-ab.json`, `${JSON.stringify(report, null, 2)}\n`);
