/**
 * `npm run selfplay -- --games N --out RUN_DIR [--model FILE] [--generation G] [--seed S]`
 * Plays N self-play games for the training run in RUN_DIR, with its own
 * config (RUN_DIR/config.json, its schedule at generation G; default: the
 * last) and one of its networks (default RUN_DIR/latest.onnx), and writes
 * them as one shard file in RUN_DIR/shards/. The run takes the shard at its
 * next generation (and moves it to shards/used/), so more machines can feed
 * one run through a shared folder; it refuses shards of other settings or
 * networks (training/selfplay/shards.ts), which each line names by sha256.
 *
 * Games are written as they finish, to NAME.jsonl.HOST-PID.partial, which the run
 * does not read; at the end, or on Ctrl-C / SIGTERM (the games finished so
 * far are kept), the file is renamed to NAME.jsonl. The shards folder is
 * checked before any game is played (and the partial files of selfplay
 * processes of this host that died are removed), and a network that answers
 * NaN stops the command with nothing written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { Rng } from '../../src/mcts/rng.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { FiniteCheckingEvaluator } from '../../src/nn/finite-check.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { appendLine } from '../util/atomic-write.js';
import { runPath } from '../util/run-files.js';
import { configAt, selfPlayAt } from '../run/config.js';
import { readConfigFile } from '../run/config-file.js';
import { shardLine } from '../records/shard.js';
import { Progress } from '../run/progress.js';
import { processAlive } from '../run/lock.js';
import { onShutdown, shutdownOnSignals } from '../run/shutdown.js';
import { playGames, type SelfPlayGame } from '../selfplay/games.js';
import { selfPlayConfigSha256, sha256 } from '../selfplay/shards.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = 'usage: npm run selfplay -- --games N --out RUN_DIR [--model RUN_DIR/latest.onnx] [--generation G] [--seed S]';

const { values } = parseOptions(
  {
    model: { type: 'string' },
    games: { type: 'string' },
    out: { type: 'string' },
    generation: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (values.out === undefined) failUsage('--out is required (the run folder whose shards/ receives the games)', USAGE);
const configPath = runPath(values.out, 'config');
if (!existsSync(configPath)) failUsage(`${values.out} is not a training run folder: no config.json (a mistyped --out? start the run with npm run train first)`, USAGE);
const modelPath = values.model ?? runPath(values.out, 'latest');
if (!existsSync(modelPath)) failUsage(`model file not found: ${modelPath}`, USAGE);
const games = withUsage(USAGE, () => numberOption('games', values.games ?? '', { min: 1, max: 100_000, integer: true })!);
const seed = withUsage(USAGE, () => numberOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true })) ?? Date.now() >>> 0;
let cfg;
try {
  cfg = readConfigFile(configPath);
} catch (e) {
  failUsage(`cannot read the run's config ${configPath}: ${(e as Error).message.replace(`${configPath}: `, '')}`, USAGE);
}
const generation = withUsage(USAGE, () => numberOption('generation', values.generation, { min: 1, max: cfg.generations, integer: true })) ?? cfg.generations;

const g = configAt(cfg, generation).selfplay;
const params = selfPlayAt(cfg, generation);
const dir = runPath(values.out, 'shards');
const file = join(dir, `selfplay-${new Date().toISOString().replace(/[:.]/g, '-')}-seed${seed}.jsonl`);
// The host and PID in the name: a later selfplay on this host removes the partial file of one that died (kill -9).
const partial = `${file}.${hostname()}-${process.pid}.partial`;
try {
  // Before any game: the folder must take the file (a read-only or missing mount is found now, not after the games).
  mkdirSync(dir, { recursive: true });
  writeFileSync(partial, '');
  removeStalePartials(dir);
} catch (e) {
  process.stderr.write(`error: cannot write the shard in ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
  process.exit(1);
}
const modelBytes = new Uint8Array(readFileSync(modelPath));
const identity = { model: basename(modelPath), config: selfPlayConfigSha256(cfg), network: sha256(modelBytes) };
let written = 0;
let samples = 0;
let closed = false;
/** Renames the games written so far into place (none: the partial file goes); later games are dropped. */
const finish = (): void => {
  if (closed) return;
  closed = true;
  if (written === 0) return rmSync(partial, { force: true });
  // Every line was fsynced as it was appended (appendLine).
  renameSync(partial, file);
};
const sink = (game: SelfPlayGame): void => {
  if (closed) return;
  appendLine(partial, shardLine(game, identity));
  written++;
  samples += game.samples.length;
};
shutdownOnSignals();
onShutdown(() => {
  finish();
  process.stderr.write(`\ninterrupted: ${written > 0 ? `kept ${written} finished games in ${file}` : 'no game had finished; nothing written'}\n`);
});
let onnx: OnnxEvaluator;
try {
  onnx = new OnnxEvaluator(await createNodeSession(modelBytes));
} catch (e) {
  rmSync(partial, { force: true });
  process.stderr.write(`error: cannot load the model ${modelPath}: ${(e as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}
try {
  const bar = new Progress('self-play', games, 'games');
  // The finite check right around the network: a NaN model stops here instead of writing degenerate games.
  const net = new CachedEvaluator(new FiniteCheckingEvaluator(onnx), { slots: g.cacheSlots });
  const { stats } = await playGames(net, games, params, new Rng(seed), () => bar.update(written), { sink, stop: () => false });
  finish();
  process.stderr.write(`wrote ${file}: ${written} games, ${samples} samples, ${(stats.ms / 1000).toFixed(1)} s\n`);
} catch (e) {
  rmSync(partial, { force: true });
  process.stderr.write(`error: ${(e as Error).message}; no shard written\n`);
  process.exitCode = 1;
} finally {
  await onnx.dispose();
}

/** Removes the partial shard files left in `dir` by selfplay processes of this host that are gone (another host's may be running). */
function removeStalePartials(dir: string): void {
  const mine = new RegExp(`\\.${hostname().replace(/[^\w-]/g, '\\$&')}-(\\d+)\\.partial$`);
  for (const f of readdirSync(dir)) {
    const pid = Number(mine.exec(f)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dir, f), { force: true });
    process.stderr.write(`removed ${f}: left by a selfplay that was killed\n`);
  }
}
