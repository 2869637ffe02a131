/**
 * `npm run match`: the agent (ONNX model + MCTS) against the perfect solver,
 * or against a rung of the baseline ladder. One progress line per game on
 * stderr, a summary table on stdout, and the full record as JSON beside the
 * model (or at --out).
 */
import { writeFileSync } from 'node:fs';
import { runMatch, summaryRows, type MatchConfig } from '../match/match.js';
import { DEFAULT_MIRROR_AVERAGE, DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS } from '../match/agent-loader.js';
import { MIRROR_AVERAGE_OPTIONS, mirrorAverageOption, numberOption, parseOptions, UsageError, withUsage } from './options.js';
import { printTable } from '../bench/stats.js';

const USAGE = `usage: npm run match -- [--model ${DEFAULT_MODEL_PATH}] [--games 20] [--agent-first | --agent-second | --both]
         [--sims ${DEFAULT_SIMULATIONS} | --ms T] [--prune] [--mirror-average | --no-mirror-average] [--seed 1] [--out result.json]
         [--opponent solver|alphabeta|one-ply|random] [--depth 4] [--book public/book/book.bin | --no-book]`;

const { values } = parseOptions(
  {
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    games: { type: 'string', default: '20' },
    'agent-first': { type: 'boolean', default: false },
    'agent-second': { type: 'boolean', default: false },
    both: { type: 'boolean', default: false },
    sims: { type: 'string' },
    ms: { type: 'string' },
    prune: { type: 'boolean', default: false },
    ...MIRROR_AVERAGE_OPTIONS,
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    opponent: { type: 'string', default: 'solver' },
    depth: { type: 'string', default: '4' },
    book: { type: 'string' },
    'no-book': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);

const config: MatchConfig = withUsage(USAGE, () => {
  const colours = [values['agent-first'], values['agent-second'], values.both].filter(Boolean).length;
  if (colours > 1) throw new UsageError('choose one of --agent-first, --agent-second, --both');
  if (values.sims !== undefined && values.ms !== undefined) throw new UsageError('choose one of --sims and --ms');
  const opponent = values.opponent;
  if (!['solver', 'alphabeta', 'one-ply', 'random'].includes(opponent)) {
    throw new UsageError(`--opponent must be solver, alphabeta, one-ply or random, got ${JSON.stringify(opponent)}`);
  }
  const ms = numberOption('ms', values.ms, { min: 1 });
  return {
    model: values.model,
    games: numberOption('games', values.games, { min: 1, integer: true })!,
    colours: values['agent-second'] ? 'second' : values.both ? 'both' : 'first',
    budget: ms !== undefined ? { ms } : { sims: numberOption('sims', values.sims ?? String(DEFAULT_SIMULATIONS), { min: 1, integer: true })! },
    pruneLosing: values.prune,
    mirrorAverage: mirrorAverageOption(values, DEFAULT_MIRROR_AVERAGE),
    seed: numberOption('seed', values.seed, { integer: true })!,
    opponent: opponent as MatchConfig['opponent'],
    depth: numberOption('depth', values.depth, { min: 1, max: 10, integer: true })!,
    book: values['no-book'] ? null : (values.book ?? 'default'),
  };
});

try {
  const result = await runMatch(config, (line) => process.stderr.write(`${line}\n`));
  const out = values.out ?? config.model.replace(/\.onnx$/, '') + `.match-${config.opponent}-${config.colours}.json`;
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  printTable(['agent as', 'games', 'W', 'D', 'L', 'game lengths (plies)', 'agent s/move', `${config.opponent} s/move`], summaryRows(result));
  process.stderr.write(`wrote ${out}\n`);
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
