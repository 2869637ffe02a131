/**
 * Option parsing shared by the command-line tools: node:util's parseArgs in
 * strict mode (an unknown option is an error), plus checked number options
 * and one way to fail with a usage line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What parseOptions accepts besides the declared options. */
export interface ParseOptionsSettings {
  /** Positional arguments are allowed (e.g. files or positions); else any is a usage error. Default false. */
  positionals?: boolean;
  /** The arguments to parse (default: the process's). */
  argv?: string[];
}

/**
 * Parses argv; on a bad option, or a positional argument where the command
 * takes none, prints the reason and `usage` to stderr and exits with status
 * 2. With a `help` option given, prints `usage` to stdout and exits with
 * status 0.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  { positionals = false, argv = process.argv.slice(2) }: ParseOptionsSettings = {},
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    failUsage(clip((e as Error).message), usage);
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  // A stray word (`npm run agent -- 4444`, `npm run train seeds/x.json`, which npm passes on) was ignored silently before.
  if (!positionals && parsed.positionals.length > 0) {
    failUsage(`unexpected argument ${quote(parsed.positionals[0])}: this command takes only options (--name value)`, usage);
  }
  return parsed;
}

/** A value quoted for a message, cut to `max` characters: a 1 MB bad argument or line is not echoed whole. */
export function quote(value: string, max = 60): string {
  return value.length <= max ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, max))}... (${value.length} characters)`;
}

/** `message` cut to `max` characters (parseArgs and the notation parser quote the offending text whole). */
export function clip(message: string, max = 300): string {
  return message.length <= max ? message : `${message.slice(0, max)}... (${message.length} characters)`;
}

/** Runs `check` (option checks that throw UsageError); a UsageError becomes failUsage's exit with status 2. */
export function withUsage<T>(usage: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof UsageError) failUsage(e.message, usage);
    throw e;
  }
}

/** Prints `message` and the usage to stderr and exits with status 2. */
export function failUsage(message: string, usage: string): never {
  process.stderr.write(`error: ${message}\n${usage}\n`);
  process.exit(2);
}

/** A number option: undefined when absent; UsageError when not a number within [min, max] (integer when asked). */
export function numberOption(
  name: string,
  raw: string | undefined,
  { min = -Infinity, max = Infinity, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const range = `${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}`;
    throw new UsageError(`--${name} must be ${range}, got ${quote(raw)}`);
  }
  return v;
}

/** A choice option: one of `choices`, else UsageError naming them. */
export function choiceOption<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${quote(raw)}`);
  return raw as T;
}

/**
 * Upper bounds of the search options: far above any setting that finishes
 * in useful time here (the default is 16,000 simulations, a median 25 ms a
 * move), so that a typo (`--sims 1e9`) is an error instead of a run that
 * silently never ends.
 */
export const MAX_SIMULATIONS = 1_000_000;
/** Ten minutes a move. */
export const MAX_MS_PER_MOVE = 600_000;
/** Games per colour in one match. */
export const MAX_GAMES = 10_000;

/** The --sims N | --ms T pair (match, agent): a budget of simulations (default `defaultSims`) or of milliseconds per move. */
export function budgetOption(values: { sims?: string; ms?: string }, defaultSims: number): { sims: number } | { ms: number } {
  if (values.sims !== undefined && values.ms !== undefined) throw new UsageError('choose one of --sims and --ms');
  const ms = numberOption('ms', values.ms, { min: 1, max: MAX_MS_PER_MOVE });
  return ms !== undefined ? { ms } : { sims: simsOption(values.sims ?? String(defaultSims))! };
}

/** --sims N: simulations per move, an integer in [1, MAX_SIMULATIONS]. */
export function simsOption(raw: string | undefined, name = 'sims'): number | undefined {
  return numberOption(name, raw, { min: 1, max: MAX_SIMULATIONS, integer: true });
}

/** The --mirror-average / --no-mirror-average pair (match, eval, agent), for parseOptions. */
export const MIRROR_AVERAGE_OPTIONS = {
  'mirror-average': { type: 'boolean', default: false },
  'no-mirror-average': { type: 'boolean', default: false },
} as const;

/**
 * Whether the agent averages each evaluation with its mirror image's:
 * `fallback` (the caller passes DEFAULT_MIRROR_AVERAGE; importing it here
 * would load onnxruntime-node into every CLI) unless one flag of the pair
 * says otherwise. UsageError when both are given.
 */
export function mirrorAverageOption(values: { 'mirror-average'?: boolean; 'no-mirror-average'?: boolean }, fallback: boolean): boolean {
  if (values['mirror-average'] && values['no-mirror-average']) throw new UsageError('choose one of --mirror-average and --no-mirror-average');
  if (values['no-mirror-average']) return false;
  return values['mirror-average'] || fallback;
}
