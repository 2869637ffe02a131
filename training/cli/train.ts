/**
 * `npm run train -- --config seeds/<run>.json [--resume] [--out DIR] [--generations N]`
 * Runs the AlphaZero loop (training/loop.ts) in runs/<name>/ (or DIR).
 * Progress bars go to stderr, one JSON line of metrics per generation to stdout.
 * --generations N stops after N more generations (the run can be resumed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../config.js';
import { runTraining } from '../loop.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = 'usage: npm run train -- --config seeds/<run>.json [--resume] [--out DIR] [--generations N]';

const { values } = parseOptions(
  {
    config: { type: 'string' },
    resume: { type: 'boolean', default: false },
    out: { type: 'string' },
    generations: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!values.config) failUsage('--config is required', USAGE);
const maxGenerations = withUsage(USAGE, () => numberOption('generations', values.generations, { min: 1, integer: true }));
let cfg;
try {
  cfg = resolveConfig(JSON.parse(readFileSync(values.config, 'utf8')));
} catch (e) {
  failUsage(`cannot read the config ${values.config}: ${(e as Error).message}`, USAGE);
}
const dir = values.out ?? join('runs', cfg.name);
try {
  await runTraining(cfg, { dir, resume: values.resume, maxGenerations });
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
process.stderr.write(`done: ${dir}\n`);
