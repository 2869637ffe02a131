/**
 * `npm run selfplay -- --model FILE --games N --out DIR [--config seeds/default.json] [--generation G] [--seed S]`
 * Plays N self-play games with an ONNX model, using the config's self-play
 * settings at generation G (its schedule applied; default: the last
 * generation), and writes them as one shard file in DIR/shards/. A training
 * run whose folder is DIR takes the shard at its next generation (and moves
 * it to DIR/shards/used/), so more machines can feed one run through a
 * shared folder. The file appears whole (written under a temporary name,
 * then renamed).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Rng } from '../../src/mcts/rng.js';
import { writeAtomic } from '../util/atomic-write.js';
import { runPath } from '../util/run-files.js';
import { configAt, selfPlayAt } from '../run/config.js';
import { readConfigFile } from '../run/config-file.js';
import { shardLine } from '../records/shard.js';
import { netEvaluator } from '../run/evaluate-phase.js';
import { Progress } from '../run/progress.js';
import { playGames } from '../selfplay/games.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = 'usage: npm run selfplay -- --model FILE --games N --out RUN_DIR [--config seeds/default.json] [--generation G] [--seed S]';

const { values } = parseOptions(
  {
    model: { type: 'string' },
    games: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string', default: 'seeds/default.json' },
    generation: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (values.model === undefined) failUsage('--model is required', USAGE);
if (values.out === undefined) failUsage('--out is required (the run folder whose shards/ receives the games)', USAGE);
if (!existsSync(values.model)) failUsage(`model file not found: ${values.model}`, USAGE);
const games = withUsage(USAGE, () => numberOption('games', values.games ?? '', { min: 1, max: 100_000, integer: true })!);
const seed = withUsage(USAGE, () => numberOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true })) ?? Date.now() >>> 0;
let cfg;
try {
  cfg = readConfigFile(values.config);
} catch (e) {
  failUsage(`cannot read the config ${values.config}: ${(e as Error).message.replace(`${values.config}: `, '')}`, USAGE);
}
const generation = withUsage(USAGE, () => numberOption('generation', values.generation, { min: 1, max: cfg.generations, integer: true })) ?? cfg.generations;

const g = configAt(cfg, generation).selfplay;
const params = selfPlayAt(cfg, generation);
const dir = runPath(values.out, 'shards');
mkdirSync(dir, { recursive: true });
const net = await netEvaluator(new Uint8Array(readFileSync(values.model)), g.cacheSlots);
try {
  const bar = new Progress('self-play', games, 'games');
  const { games: played, stats } = await playGames(net.cached, games, params, new Rng(seed), (done) => bar.update(done));
  const model = basename(values.model);
  const file = join(dir, `selfplay-${new Date().toISOString().replace(/[:.]/g, '-')}-seed${seed}.jsonl`);
  writeAtomic(file, played.map((x) => shardLine(x, { model }) + '\n').join(''));
  const samples = played.reduce((a, x) => a + x.samples.length, 0);
  process.stderr.write(`wrote ${file}: ${played.length} games, ${samples} samples, ${(stats.ms / 1000).toFixed(1)} s\n`);
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await net.onnx.dispose();
}
