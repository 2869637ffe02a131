/**
 * Option parsing shared by the command-line tools: node:util's parseArgs in
 * strict mode (an unknown option is an error), plus checked number options
 * and one way to fail with a usage line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses argv; on a bad option prints the reason and `usage` to stderr and
 * exits with status 2. With a `help` option given, prints `usage` to stdout
 * and exits with status 0.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  argv = process.argv.slice(2),
) {
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if ((parsed.values as Record<string, unknown>).help === true) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return parsed;
  } catch (e) {
    failUsage((e as Error).message, usage);
  }
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
    throw new UsageError(`--${name} must be ${range}, got ${JSON.stringify(raw)}`);
  }
  return v;
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
