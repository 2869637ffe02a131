/**
 * `npm run ab -- RUN_DIR RUN_DIR [...] [--cpu-hours H] [--sims N]`: compares training runs by
 * their broad measure (training/eval/broad.ts) at equal CPU hours, the
 * number a recipe change is kept or dropped on (issue 27). A run's hours at
 * a measurement are its training CPU hours: the metrics' `cpuHours` less the
 * CPU the broad measures themselves took, so that measuring more often does
 * not make a run look slower (exact for serial arms, which the A/B configs
 * are; in async mode the workers' CPU while a measure ran is left out too). Prints, for each run, every measurement
 * (hours, generation, raw and search outcome/exact misses), then the last
 * measurement of each run at or below the common budget (the smallest of
 * the runs' last hours, or --cpu-hours), side by side, and each run's
 * totals at that budget read off its curve.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { broadPoints, totalsAt, type BroadPoint as Point } from '../eval/broad.js';
import { parseMetrics } from '../records/metrics.js';
import { printTable } from '../util/stats.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = 'usage: npm run ab -- RUN_DIR RUN_DIR [...] [--cpu-hours H] [--sims N]';

const { values, positionals } = parseOptions(
  {
    'cpu-hours': { type: 'string' },
    sims: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
  { positionals: true },
);
if (positionals.length < 1) failUsage('give at least one run directory', USAGE);
const { budget, sims } = withUsage(USAGE, () => ({
  budget: numberOption('cpu-hours', values['cpu-hours'], { min: 0 }),
  sims: numberOption('sims', values.sims, { min: 1, integer: true }),
}));

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const misses = (e: { exact: number[]; outcome: number[] }) => `${sum(e.outcome)} / ${sum(e.exact)}`;

try {
  const runs = positionals.map((dir) => {
    const path = join(dir, 'metrics.jsonl');
    if (!existsSync(path)) throw new Error(`${path} not found: is ${dir} a training run directory?`);
    const points = broadPoints(parseMetrics(readFileSync(path, 'utf8'), path));
    if (points.length === 0) throw new Error(`${dir} has no broad measure (config broad.every > 0)`);
    return { dir, points };
  });
  const budgets = [...new Set(runs.flatMap((r) => r.points.flatMap((p) => p.broad.search.map((s) => s.simulations))))].filter((s) => sims === undefined || s === sims);
  const header = ['run', 'generation', 'train CPU h', 'positions', 'raw out / exact', ...budgets.map((b) => `${b} sims out / exact`)];
  const row = (dir: string, p: Point) => [
    dir,
    String(p.generation),
    p.trainCpuHours.toFixed(2),
    String(sum(p.broad.positions)),
    misses(p.broad.raw),
    ...budgets.map((b) => {
      const s = p.broad.search.find((x) => x.simulations === b);
      return s ? misses(s) : '-';
    }),
  ];
  process.stdout.write('Every broad measurement (outcome / exact misses):\n');
  printTable(header, runs.flatMap((r) => r.points.map((p) => row(r.dir, p))));
  const at = budget ?? Math.min(...runs.map((r) => r.points[r.points.length - 1].trainCpuHours));
  process.stdout.write(`\nAt equal training CPU hours (the last measurement at or below ${at.toFixed(2)} h):\n`);
  printTable(
    header,
    runs.map((r) => {
      const p = [...r.points].reverse().find((x) => x.trainCpuHours <= at + 1e-9);
      return p ? row(r.dir, p) : [r.dir, '-', 'none at or below', '-', '-', ...budgets.map(() => '-')];
    }),
  );
  process.stdout.write(`\nAt ${at.toFixed(2)} training CPU hours, read off each run's curve (linear between its two measurements around it):\n`);
  printTable(
    ['run', 'raw out / exact', ...budgets.map((b) => `${b} sims out / exact`)],
    runs.map((r) => {
      const t = totalsAt(r.points, at, budgets);
      return [r.dir, ...(t ? t.map((x) => `${x.outcome.toFixed(1)} / ${x.exact.toFixed(1)}`) : ['outside its measured hours', ...budgets.map(() => '-')])];
    }),
  );
  const sets = new Set(runs.map((r) => r.points[0].broad.sets.join(',')));
  if (sets.size > 1) process.stderr.write('warning: the runs measured different sets; their figures do not compare\n');
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
