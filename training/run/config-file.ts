/**
 * Node-only: reads a run config file, checks it as written
 * (training/run/config-check.ts), fills in the defaults, and checks the configs
 * of the runs it continues (`continues`), each the same way, so a broken link
 * in the chain is found before anything runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkConfig, ConfigError } from './config-check.js';
import { resolveConfig, type RunConfig } from './config.js';

function readRaw(path: string): unknown {
  if (!existsSync(path)) throw new ConfigError(`${path}: no such file`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

export function readConfigFile(path: string): RunConfig {
  const raw = readRaw(path);
  checkConfig(raw, path);
  const cfg = resolveConfig(raw as never);
  const seen = new Set([path]);
  let from = path;
  for (let c = cfg.continues; c !== undefined; ) {
    // A config names the one it continues from the repository root (seeds/...), or beside itself.
    const file = existsSync(c.config) ? c.config : join(dirname(from), c.config);
    if (seen.has(file)) throw new ConfigError(`${path}: "continues" goes round in a circle at ${c.config}`);
    seen.add(file);
    const before = readRaw(file);
    checkConfig(before, `${c.config} (continued by ${from})`);
    const b = resolveConfig(before as never);
    if (b.generations < c.generation) {
      throw new ConfigError(`${path}: continues ${c.config} after generation ${c.generation}, but that run plans only ${b.generations}`);
    }
    from = file;
    c = b.continues;
  }
  return cfg;
}
