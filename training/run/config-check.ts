/**
 * Checks a run config as written (before defaults are filled in): every key
 * known, every value of the right type and within its range, so that a typo
 * (`selfplay.gmaes`), a string where a number belongs (`"generations": "2"`)
 * or a value that would train nothing, hang or train NaN (`"generations": -1`,
 * `"batchSize": 0`, `"learningRate": "fast"`) stops the run before anything is
 * written, with the key's path and what is allowed.
 */

import { LEARNING_RATE_SCHEDULES, TRAIN_ENGINES } from './config.js';

type Rule =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number; above?: boolean }
  | { kind: 'bool' }
  | { kind: 'word' }
  | { kind: 'string' }
  | { kind: 'workers' }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'object'; keys: Record<string, Rule> }
  | { kind: 'array'; of: Rule };

const int = (min: number, max: number): Rule => ({ kind: 'int', min, max });
const num = (min: number, max: number, above = false): Rule => ({ kind: 'number', min, max, above });
const bool: Rule = { kind: 'bool' };
const obj = (keys: Record<string, Rule>): Rule => ({ kind: 'object', keys });

/** src/mcts/params.ts SearchParams. */
const SEARCH = obj({
  simulations: int(1, 10_000_000),
  cPuct: num(0, 100, true),
  fpuReduction: num(0, 2),
  fpuReductionRoot: num(0, 2),
  dirichletAlpha: num(0, 100, true),
  dirichletWeight: num(0, 1),
  temperatureMoves: int(0, 42),
  temperature: num(0, 100),
  leavesPerStep: int(1, 4096),
  virtualLoss: num(0, 100),
  solver: bool,
  pruneLosing: bool,
  movesLeftSlope: num(0, 1),
  movesLeftCap: num(0, 1),
  reuseTree: bool,
  forcedPlayouts: num(0, 100),
});

const SELFPLAY_SCHEDULED = {
  games: int(1, 1_000_000),
  concurrency: int(1, 4096),
  fullSearchProbability: num(0, 1, true),
  fastSimulations: int(1, 10_000_000),
  randomOpeningFraction: num(0, 1),
  randomOpeningPlies: int(0, 40),
  search: SEARCH,
};

const TRAIN_SCHEDULED = { reuse: num(0, 1000, true), minSteps: int(0, 10_000_000) };

const CONFIG = obj({
  name: { kind: 'word' },
  seed: int(0, 2 ** 32 - 1),
  generations: int(1, 1_000_000),
  continues: obj({ config: { kind: 'string' }, generation: int(1, 1_000_000) }),
  net: obj({ blocks: int(1, 64), filters: int(1, 1024), policyFilters: int(1, 64), valueFilters: int(1, 64), valueHidden: int(1, 4096), bnEpsilon: num(0, 1, true) }),
  selfplay: obj({ ...SELFPLAY_SCHEDULED, cacheSlots: int(1, 1 << 26), workers: { kind: 'workers' } }),
  schedule: { kind: 'array', of: obj({ fromGeneration: int(1, 1_000_000), selfplay: obj(SELFPLAY_SCHEDULED), train: obj(TRAIN_SCHEDULED) }) },
  replay: obj({ capacity: int(1, 100_000_000), qMix: num(0, 1), lengthWeight: num(0, 1), searchValueBeforeExploration: bool, averageRepeats: bool, mirror: bool }),
  play: obj({ movesLeftSlope: num(0, 1), movesLeftCap: num(0, 1) }),
  train: obj({ batchSize: int(1, 65_536), ...TRAIN_SCHEDULED, learningRate: num(0, 10, true), finalLearningRate: num(0, 10, true), learningRateSchedule: { kind: 'oneOf', values: LEARNING_RATE_SCHEDULES }, warmupFraction: num(0, 0.9), l2: num(0, 1), opponentReplyWeight: num(0, 10), movesLeftWeight: num(0, 10), engine: { kind: 'oneOf', values: TRAIN_ENGINES } }),
  eval: obj({ games: int(0, 100_000), simulations: int(1, 10_000_000), openingPlies: int(0, 20), probes: int(1, 1_000_000) }),
  broad: obj({ every: int(0, 1_000_000), from: int(1, 1_000_000), perSet: int(1, 1_000_000), simulations: { kind: 'array', of: int(1, 10_000_000) } }),
  gate: obj({ every: int(0, 1_000_000), from: int(1, 1_000_000), games: int(1, 10_000), simulations: int(1, 10_000_000), stopAtFailure: bool }),
});

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function check(v: unknown, rule: Rule, path: string, out: string[]): void {
  const at = path === '' ? 'the config' : `"${path}"`;
  switch (rule.kind) {
    case 'int':
    case 'number': {
      const isInt = rule.kind === 'int';
      const ok = typeof v === 'number' && Number.isFinite(v) && (!isInt || Number.isInteger(v)) && (rule.kind === 'number' && rule.above ? v > rule.min : v >= rule.min) && v <= rule.max;
      if (!ok) {
        const low = rule.kind === 'number' && rule.above ? `above ${rule.min}` : `from ${rule.min}`;
        out.push(`${at} must be ${isInt ? 'an integer' : 'a number'} ${low} to ${rule.max}, got ${show(v)}`);
      }
      return;
    }
    case 'bool':
      if (typeof v !== 'boolean') out.push(`${at} must be true or false, got ${show(v)}`);
      return;
    case 'word':
      // Not '.' or '..': the name is a folder under runs/, and '..' would put the run in the repository's root.
      if (typeof v !== 'string' || !/^[\w.-]+$/.test(v) || /^\.+$/.test(v)) out.push(`${at} must be a plain word (letters, digits, _ . -), got ${show(v)}`);
      return;
    case 'string':
      if (typeof v !== 'string' || v === '') out.push(`${at} must be a non-empty string, got ${show(v)}`);
      return;
    case 'oneOf':
      if (typeof v !== 'string' || !rule.values.includes(v)) out.push(`${at} must be one of ${rule.values.map((x) => JSON.stringify(x)).join(', ')}, got ${show(v)}`);
      return;
    case 'workers':
      if (v !== 'auto' && !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64)) out.push(`${at} must be "auto" or an integer from 0 to 64, got ${show(v)}`);
      return;
    case 'array':
      if (!Array.isArray(v)) return void out.push(`${at} must be a list, got ${show(v)}`);
      v.forEach((x, i) => check(x, rule.of, `${path}[${i}]`, out));
      return;
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return void out.push(`${at} must be an object { ... }, got ${show(v)}`);
      for (const [k, x] of Object.entries(v)) {
        const p = path === '' ? k : `${path}.${k}`;
        if (!(k in rule.keys)) out.push(`"${p}" is not a known key (known here: ${Object.keys(rule.keys).join(', ')})`);
        else check(x, rule.keys[k], p, out);
      }
    }
  }
}

/** Every problem of a config as written, one message each (empty: fine). */
export function configProblems(raw: unknown): string[] {
  const out: string[] = [];
  check(raw, CONFIG, '', out);
  if (out.length > 0) return out;
  const c = raw as { name?: unknown; seed?: unknown; generations?: number; schedule?: { fromGeneration: number }[]; train?: { learningRate?: number; finalLearningRate?: number } };
  if (c.name === undefined) out.push('"name" is required');
  if (c.seed === undefined) out.push('"seed" is required');
  let last = 0;
  (c.schedule ?? []).forEach((s, i) => {
    if (s.fromGeneration <= last) out.push(`"schedule[${i}].fromGeneration" must be larger than the step before's (${last}), got ${s.fromGeneration}`);
    if (c.generations !== undefined && s.fromGeneration > c.generations) out.push(`"schedule[${i}].fromGeneration" ${s.fromGeneration} is after the last generation (${c.generations})`);
    last = s.fromGeneration;
  });
  return out;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Throws a ConfigError listing every problem of the config as written. */
export function checkConfig(raw: unknown, where = 'config'): void {
  const problems = configProblems(raw);
  if (problems.length > 0) throw new ConfigError(`${where}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join('\n  ')}`}`);
}
