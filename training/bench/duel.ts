/**
 * A duel between two networks (AlphaZero.jl's `Duel`): the same search for
 * both, colour-balanced games from seeded random openings. Used to judge
 * training techniques (A/B runs of seeds/ab-*.json) by strength rather than
 * by losses. Prints one JSON line; --out also writes it.
 *
 *   npx tsx training/bench/duel.ts --a runs/x/latest.onnx --b runs/y/latest.onnx [--games 100] [--sims 64]
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
    a: { type: 'string' },
    b: { type: 'string' },
    games: { type: 'string', default: '100' },
    sims: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!values.a || !values.b) throw new Error('usage: duel.ts --a A.onnx --b B.onnx [--games N] [--sims N]');
const load = async (path: string) => new CachedEvaluator(new OnnxEvaluator(await createNodeSession(path)));
const search = searchParams({ simulations: Number(values.sims) });
const result = await playMatch(
  { kind: 'mcts', evaluator: await load(values.a), search },
  { kind: 'mcts', evaluator: await load(values.b), search },
  { games: Number(values.games), openingPlies: 2, seed: Number(values.seed) },
);
const report = { a: values.a, b: values.b, simulations: search.simulations, result, date: new Date().toISOString() };
console.log(JSON.stringify(report));
if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
