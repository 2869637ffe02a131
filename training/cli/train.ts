/**
 * `npm run train -- [--config seeds/default.json] [--seed N] [--resume | --from FILE] [--out DIR] [--generations N] [--workers N]`
 * Runs the AlphaZero loop (training/run/loop.ts) in runs/<name>/ (or DIR).
 * --seed N        the run's RNG seed instead of the config's, for more runs
 *                 of one recipe; the folder is then runs/<name>-seed<N>/ and
 *                 a --resume must give the same seed
 * Progress bars go to stderr, one JSON line of metrics per generation to stdout.
 * --resume        continue from DIR/checkpoint.bin
 * --from FILE     continue in a fresh DIR from a checkpoint file, e.g. a
 *                 committed copy of a run's portable.bin (no replay buffer:
 *                 self-play refills it)
 * --generations N stop after N more generations (the run can be resumed)
 * --workers N     self-play worker threads beside training (0: self-play and
 *                 training in turn, deterministic); default: the config's
 *                 selfplay.workers
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile } from '../run/config-file.js';
import { shutdown } from '../run/shutdown.js';
import { liveHolder, lockedError } from '../run/lock.js';
import { checkStart } from '../run/start-check.js';
import { watchParent } from '../run/watchdog.js';
import { runPath } from '../util/run-files.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

/** The recipe that trains the shipped agent from scratch. */
const DEFAULT_CONFIG = 'seeds/default.json';

const USAGE = 'usage: npm run train -- [--config seeds/default.json] [--seed N] [--resume | --from CHECKPOINT] [--out DIR] [--generations N] [--workers N]';

const { values } = parseOptions(
  {
    config: { type: 'string' },
    seed: { type: 'string' },
    resume: { type: 'boolean', default: false },
    from: { type: 'string' },
    out: { type: 'string' },
    generations: { type: 'string' },
    workers: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (values.resume && values.from !== undefined) failUsage('choose one of --resume and --from', USAGE);
if (values.from !== undefined && !existsSync(values.from)) failUsage(`checkpoint ${values.from} not found`, USAGE);
const configPath = values.config ?? DEFAULT_CONFIG;
const maxGenerations = withUsage(USAGE, () => numberOption('generations', values.generations, { min: 1, integer: true }));
const workers = withUsage(USAGE, () => numberOption('workers', values.workers, { min: 0, max: 64, integer: true }));
const seed = withUsage(USAGE, () => numberOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true }));
let cfg;
try {
  cfg = readConfigFile(configPath);
} catch (e) {
  failUsage(`cannot read the config ${configPath}: ${(e as Error).message.replace(`${configPath}: `, '')}`, USAGE);
}
if (seed !== undefined) cfg = { ...cfg, seed };
const dir = values.out ?? join('runs', seed === undefined ? cfg.name : `${cfg.name}-seed${seed}`);
const started = startedSeed(dir);
if (values.resume && started !== null && started !== cfg.seed) {
  failUsage(`${dir} was started with seed ${started}, not ${cfg.seed}: give --seed ${started} to go on with it`, USAGE);
}
if (values.resume && !existsSync(runPath(dir, 'checkpoint')) && !existsSync(runPath(dir, 'metrics'))) {
  failUsage(`--resume: ${dir} has no checkpoint.bin (a mistyped --out?); to start a new run there, leave out --resume`, USAGE);
}
// Under npm, a kill of npm itself (SIGKILL cannot be passed on) would leave this process running on its own:
// stop when npm is gone (training/run/watchdog.ts). The checkpoint of the last finished generation is whole; --resume goes on from it.
if (process.env.npm_lifecycle_event !== undefined) {
  watchParent(() => {
    process.stderr.write('npm run train was stopped: stopping the trainer (the last checkpoint is kept; --resume goes on from it)\n');
    void shutdown(1);
  });
}
try {
  // A folder in use says so first: what the other trainer has written (a checkpoint) would give a misleading refusal.
  const holder = liveHolder(dir);
  if (holder !== null) throw lockedError(dir, holder);
  checkStart(cfg, { dir, resume: values.resume, from: values.from });
  // Loaded once the arguments and the run folder are checked: the trainer's modules (tfjs, onnxruntime) take a second to load.
  const { runTraining } = await import('../run/loop.js');
  await runTraining(cfg, { dir, resume: values.resume, from: values.from, maxGenerations, workers });
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
process.stderr.write(`done: ${dir}\n`);

/** The seed a run folder was started with (its config.json), or null for a new folder. */
function startedSeed(dir: string): number | null {
  const path = runPath(dir, 'config');
  if (!existsSync(path)) return null;
  const seed = (JSON.parse(readFileSync(path, 'utf8')) as { seed?: unknown }).seed;
  return typeof seed === 'number' ? seed : null;
}
