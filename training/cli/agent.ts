/**
 * `npm run agent`: the agent behind a line protocol, so any outside harness
 * can play it. Each stdin line is a position in Pons' notation (an empty line
 * is the empty board); each answer is one stdout line:
 *   COLUMN VALUE V1 V2 V3 V4 V5 V6 V7
 * COLUMN = the chosen column (1-7), VALUE = the search's value estimate for
 * the side to move in [-1, 1], Vi = root visits of column i. A bad line gets
 * `error LINE_NUMBER: reason` instead, and the agent goes on; a network that
 * answers NaN (a corrupt model file) stops it with exit status 1.
 */
import { createInterface } from 'node:readline';
import { parseMoves } from '../../src/engine/index.js';
import { loadAgentEvaluator } from '../match/agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE, MODEL_PATH as DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { AgentPlayer } from '../match/players.js';
import { budgetOption, MAX_MS_PER_MOVE, MAX_SIMULATIONS, MIRROR_AVERAGE_OPTIONS, mirrorAverageOption, numberOption, parseOptions, clip, withUsage } from './options.js';
import { exitQuietlyOnClosedStdout } from './pipe.js';
import { NonFiniteOutputError } from '../../src/nn/finite-check.js';

const USAGE = `usage: npm run agent -- [--model ${DEFAULT_MODEL_PATH}] [--sims ${DEFAULT_SIMULATIONS} | --ms T] [--mirror-average | --no-mirror-average] [--seed 1]
  reads positions (Pons notation, one per line) on stdin; writes "COLUMN VALUE V1..V7" per line
  --sims at most ${MAX_SIMULATIONS}, --ms at most ${MAX_MS_PER_MOVE}`;

const { values } = parseOptions(
  {
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    sims: { type: 'string' },
    ms: { type: 'string' },
    seed: { type: 'string', default: '1' },
    ...MIRROR_AVERAGE_OPTIONS,
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
const { budget, seed, mirrorAverage } = withUsage(USAGE, () => ({
  budget: budgetOption(values, DEFAULT_SIMULATIONS),
  seed: numberOption('seed', values.seed, { integer: true })!,
  mirrorAverage: mirrorAverageOption(values, DEFAULT_MIRROR_AVERAGE),
}));
exitQuietlyOnClosedStdout();

let evaluator;
try {
  evaluator = await loadAgentEvaluator(values.model, { mirrorAverage });
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
const agent = new AgentPlayer(evaluator, budget);
let lineNo = 0;
for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  lineNo++;
  const line = raw.trim();
  try {
    const pos = parseMoves(line);
    if (pos.isOver) throw new Error(`the game is over (${pos.won ? 'won' : 'drawn'})`);
    agent.newGame(seed, pos);
    const info = await agent.move(pos);
    const visits = (info.visits ?? []).map((v) => String(Math.round(v)));
    process.stdout.write(`${info.col + 1} ${(info.value ?? 0).toFixed(4)} ${visits.join(' ')}\n`);
  } catch (e) {
    if (e instanceof NonFiniteOutputError) {
      // A broken network answers every line wrongly: stop rather than print NaN values.
      process.stderr.write(`error: line ${lineNo}: ${values.model}: ${e.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`error ${lineNo}: ${clip((e as Error).message)}\n`);
  }
}
await evaluator.dispose?.();
