/**
 * `npm run train -- --config seeds/<run>.json [--resume] [--out DIR] [--generations N]`
 * Runs the AlphaZero loop (training/loop.ts) in runs/<name>/ (or DIR).
 * Progress bars go to stderr, one JSON line of metrics per generation to stdout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../config.js';
import { runTraining } from '../loop.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    resume: { type: 'boolean', default: false },
    out: { type: 'string' },
    generations: { type: 'string' },
  },
});
if (!values.config) {
  process.stderr.write('usage: npm run train -- --config seeds/<run>.json [--resume] [--out DIR] [--generations N]\n');
  process.exit(2);
}
const cfg = resolveConfig(JSON.parse(readFileSync(values.config, 'utf8')));
const dir = values.out ?? join('runs', cfg.name);
await runTraining(cfg, {
  dir,
  resume: values.resume,
  maxGenerations: values.generations ? Number(values.generations) : undefined,
});
process.stderr.write(`done: ${dir}\n`);
