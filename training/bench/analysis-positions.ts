/**
 * The positions of `npm run bench:analysis`: 200 positions of plies 1-16
 * from seeded games in which each move is the agent's (the shipped model at
 * a small budget) or, with probability 1/2, a uniformly random one, like the
 * positions people reach. One position per game, at a ply drawn uniformly
 * from 1-16; games over before it are replaced. Written to
 * seeds/analysis-positions.txt with the seed in its header; the same seed
 * gives the same file.
 *
 *   tsx training/bench/analysis-positions.ts [--seed 20261129] [--count 200] [--sims 64]
 */
import { Agent } from '../../src/agent/agent.js';
import { MODEL_PATH } from '../../src/agent/defaults.js';
import { CENTRE_FIRST, Position, formatMoves } from '../../src/engine/index.js';
import { Rng } from '../../src/mcts/rng.js';
import { numberOption, parseOptions, withUsage } from '../cli/options.js';
import { loadAgentEvaluator } from '../match/agent-loader.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: tsx training/bench/analysis-positions.ts [--seed 20261129] [--count 200] [--sims 64]';
const { values } = parseOptions(
  {
    seed: { type: 'string', default: '20261129' },
    count: { type: 'string', default: '200' },
    sims: { type: 'string', default: '64' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
const { seed, count, sims } = withUsage(USAGE, () => ({
  seed: numberOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true })!,
  count: numberOption('count', values.count, { min: 1, max: 10_000, integer: true })!,
  sims: numberOption('sims', values.sims, { min: 1, max: 100_000, integer: true })!,
}));

const evaluator = await loadAgentEvaluator(MODEL_PATH);
const rng = new Rng(seed);
const out: string[] = [];
while (out.length < count) {
  const ply = 1 + rng.int(16);
  const pos = new Position();
  const cols: number[] = [];
  const agent = new Agent(evaluator, { budget: { sims }, seed: out.length + 1 });
  agent.newGame(pos);
  while (cols.length < ply && !pos.isOver) {
    let col: number;
    if (rng.next() < 0.5) {
      const legal = CENTRE_FIRST.filter((c) => pos.canPlay(c));
      col = legal[rng.int(legal.length)];
    } else col = (await agent.think())!.best;
    pos.play(col);
    agent.observe(col);
    cols.push(col);
  }
  if (!pos.isOver) out.push(formatMoves(cols));
}
await evaluator.dispose?.();
const header = `# npm run bench:analysis positions: ${count} of plies 1-16, agent (${MODEL_PATH}, ${sims} simulations) and random moves 1:1, seed ${seed}\n`;
writeAtomic('seeds/analysis-positions.txt', header + out.join('\n') + '\n');
process.stderr.write(`wrote seeds/analysis-positions.txt (${out.length} positions)\n`);
