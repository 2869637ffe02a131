/**
 * `npm run eval`: move error rates of the agent on labelled positions, raw
 * policy and with search, per set, by two criteria (exact score kept; outcome
 * kept, AlphaZero.jl's), as a table and JSON (beside the model, or at
 * --out). Default sets: Pons' six test sets when ../shared is there (the
 * standard to quote), else our own labelled sets in seeds/positions. The
 * output is checked before any work, an existing record of another run
 * there is kept unless --force, and the sets done so far are saved to
 * OUT.partial after each set (training/cli/records.ts). Finished games in a
 * set are skipped with a note; a set with no position is an error.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, join, relative } from 'node:path';
import { Solver } from '../../src/solver/index.js';
import { loadSolverBook } from '../book/book-file.js';
import { printTable } from '../util/stats.js';
import { errorRates } from '../eval/error-rate.js';
import { EVAL_SCHEMA, parseEvalRecord, type EvalRecord, type EvalSettings, type SetErrors } from '../records/eval.js';
import { withChecksum } from '../records/fields.js';
import { parseLabelled } from '../eval/labels.js';
import { readVerdictTable, tableFor } from '../eval/verdict-table.js';
import type { TableLookup } from '../eval/error-rate.js';
import { PONS_DIR as PONS_PATH } from '../eval/broad.js';
import { VerdictFile } from '../eval/verdicts.js';
import { Progress } from '../run/progress.js';
import { loadAgentModel } from '../match/agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE, MODEL_PATH as DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { MIRROR_AVERAGE_OPTIONS, mirrorAverageOption, numberOption, parseOptions, simsOption, withUsage } from './options.js';
import { checkRecordPath, defaultRecordPath, partialPath, settingsDiffer, writeFinal, writePartial } from './records.js';

// Pons' sets where broad.ts reads them (beside the checkout), named relative to the working folder.
const PONS_DIR = relative(process.cwd(), PONS_PATH);
const OWN_DIR = 'seeds/positions';
const USAGE = `usage: npm run eval -- [--model ${DEFAULT_MODEL_PATH}] [--sims ${DEFAULT_SIMULATIONS}] [--prune] [--mirror-average | --no-mirror-average] [--no-search] [--limit N]
         [--solve-ms 20000] [--verdict-tables seeds/verdicts] [--verdicts FILE] [--jobs N] [--out result.json] [--force] [SET_FILE ...]
  --mirror-average (the default) | --no-mirror-average: whether each network evaluation is averaged
                   with its mirror image's (the raw policy's too)
  --verdict-tables DIR: committed verdict tables, DIR/<set>.txt (default seeds/verdicts, built by
                   npm run verdicts): moves of the positions they cover are judged without the solver
  --verdicts FILE: solver verdicts kept between runs for positions no table covers (JSON lines,
                   appended as found; any model can use them)
  --jobs N: evaluate the sets in N processes at once (one per core; 2 here: Pons' six sets at 16,000
            simulations in about half the time), merged into one record
  --out FILE: default MODEL.eval.json beside the model (for a model in models/: in runs/records/); an existing record there of another model
              or other settings is only replaced with --force
  SET_FILE: lines "MOVES SCORE" (Pons) or "MOVES s1 .. s7" (seeds/positions); default: ${PONS_DIR}/Test_* if present, else ${OWN_DIR}/*.txt`;

const { values, positionals } = parseOptions(
  {
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    sims: { type: 'string', default: String(DEFAULT_SIMULATIONS) },
    'no-search': { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    ...MIRROR_AVERAGE_OPTIONS,
    limit: { type: 'string' },
    'solve-ms': { type: 'string', default: '20000' },
    verdicts: { type: 'string' },
    'verdict-tables': { type: 'string', default: 'seeds/verdicts' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
  { positionals: true },
);

const { sims, limit, solveMs, mirrorAverage, jobs } = withUsage(USAGE, () => ({
  jobs: numberOption('jobs', values.jobs, { min: 1, max: 16, integer: true })!,
  mirrorAverage: mirrorAverageOption(values, DEFAULT_MIRROR_AVERAGE),
  sims: simsOption(values.sims)!,
  limit: numberOption('limit', values.limit, { min: 1, integer: true }) ?? Infinity,
  solveMs: numberOption('solve-ms', values['solve-ms'], { min: 1, max: 3_600_000 })!,
}));

function defaultSets(): string[] {
  if (existsSync(PONS_DIR)) {
    return readdirSync(PONS_DIR)
      .filter((f) => f.startsWith('Test_'))
      .sort()
      .map((f) => join(PONS_DIR, f));
  }
  process.stderr.write(`note: ${PONS_DIR} not found; using our own labelled sets in ${OWN_DIR}\n`);
  return readdirSync(OWN_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(OWN_DIR, f));
}

const files = positionals.length > 0 ? positionals : defaultSets();
const out = values.out ?? defaultRecordPath(values.model, 'eval.json');
/** The record's settings: a record at --out with the same ones (and model) may be replaced without --force. */
const settings: EvalSettings = {
  simulations: values['no-search'] ? null : sims,
  pruneLosing: values['no-search'] ? null : values.prune,
  mirrorAverage,
  limit: Number.isFinite(limit) ? limit : null,
};
const setName = (f: string) => basename(f).replace(/^Test_/, '').replace(/\.txt$/, '');
withUsage(USAGE, () =>
  checkRecordPath(out, values.force, (old) => {
    const sha = existsSync(values.model) ? createHash('sha256').update(readFileSync(values.model)).digest('hex') : undefined;
    if (sha !== undefined && old.modelSha256 !== sha) return `measured on another model file than ${values.model}`;
    const oldSets = Array.isArray(old.sets) ? old.sets.map((s: { set?: unknown }) => s.set) : undefined;
    return settingsDiffer({ ...old, sets: oldSets }, { ...settings, sets: files.map(setName) });
  }),
);

if (jobs > 1 && files.length > 1) {
  try {
    await inJobs();
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  }
  process.exit(0);
}

/**
 * --jobs N: the sets split into N groups of about equal expected time (the
 * opening sets cost most: their searches prove least), each group measured
 * by a child `npm run eval` into OUT.job-K.json, then merged in the sets'
 * order into OUT. A group's finished record of this model and settings is
 * kept, so a killed run started again redoes only the unfinished groups.
 */
async function inJobs(): Promise<void> {
  // Seconds of search per position at 16,000 simulations here (a 4x32 network, seed 1's generation 280, 2026-12-02).
  const cost = (f: string) => ({ L1_R3: 1.45, L1_R2: 1.34, L2_R2: 0.69, L1_R1: 0.11, L2_R1: 0.04, L3_R1: 0.007 })[setName(f)] ?? 0.5;
  const groups: string[][] = Array.from({ length: Math.min(jobs, files.length) }, () => []);
  const load = groups.map(() => 0);
  for (const f of [...files].sort((a, b) => cost(b) - cost(a))) {
    const k = load.indexOf(Math.min(...load));
    groups[k].push(f);
    load[k] += cost(f);
  }
  const sha = createHash('sha256').update(readFileSync(values.model)).digest('hex');
  const jobOut = (k: number) => `${out}.job-${k + 1}.json`;
  const done = (k: number): EvalRecord | null => {
    if (!existsSync(jobOut(k))) return null;
    try {
      const r = parseEvalRecord(JSON.parse(readFileSync(jobOut(k), 'utf8')), jobOut(k));
      const same = r.modelSha256 === sha && settingsDiffer({ ...r, sets: r.sets.map((x) => x.set) }, { ...settings, sets: groups[k].map(setName) }) === null;
      return same ? r : null;
    } catch {
      return null;
    }
  };
  const passOn = process.argv.slice(2).filter((a, i, all) => !files.includes(a) && a !== '--jobs' && all[i - 1] !== '--jobs' && !a.startsWith('--jobs=') && a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out='));
  const children = new Set<ReturnType<typeof spawn>>();
  const stop = () => children.forEach((c) => c.kill('SIGTERM'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const records = await Promise.all(
    groups.map(async (group, k) => {
      const kept = done(k);
      if (kept) {
        process.stderr.write(`job ${k + 1}: ${group.map(setName).join(', ')} already measured in ${jobOut(k)}\n`);
        return kept;
      }
      process.stderr.write(`job ${k + 1}: ${group.map(setName).join(', ')}\n`);
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...passOn, '--force', '--out', jobOut(k), ...group], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.add(child);
      let tail = '';
      child.stderr!.on('data', (d: Buffer) => {
        const text = d.toString();
        tail = (tail + text).slice(-2000);
        process.stderr.write(text.replace(/^(?=.)/gm, `[job ${k + 1}] `));
      });
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      children.delete(child);
      if (status !== 0) throw new Error(`job ${k + 1} (${group.map(setName).join(', ')}) failed with status ${status}:\n${tail}`);
      return parseEvalRecord(JSON.parse(readFileSync(jobOut(k), 'utf8')), jobOut(k));
    }),
  );
  const byName = new Map(records.flatMap((r) => r.sets).map((x) => [x.set, x]));
  const merged = files.map((f) => byName.get(setName(f))!);
  writeFinal(out, withChecksum({ schema: EVAL_SCHEMA, model: values.model, modelSha256: sha, ...settings, date: new Date().toISOString(), sets: merged }));
  for (let k = 0; k < groups.length; k++) rmSync(jobOut(k), { force: true });
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);
  printTable(
    ['set', 'positions', 'unjudged', 'raw: exact', 'raw: outcome', 'search: exact', 'search: outcome'],
    merged.map((r) => [r.set, String(r.positions), String(r.unjudged), pct(r.rawRate), pct(r.rawOutcomeRate), pct(r.searchRate), pct(r.searchOutcomeRate)]),
  );
  process.stderr.write(`wrote ${out}\n`);
}

try {
  const sets = files.map((f) => {
    const bytes = readFileSync(f);
    const items = parseLabelled(bytes.toString('utf8'), f, limit, (where, why) => process.stderr.write(`note: ${where}: skipped, ${why}\n`));
    // 0.00% of nothing is not a result.
    if (items.length === 0) throw new Error(`${f}: no position to judge (lines "MOVES SCORE" or "MOVES s1 .. s7")`);
    const name = setName(f);
    const tablePath = join(values['verdict-tables'], `${name}.txt`);
    let table: TableLookup | undefined;
    if (items[0].columns === null && existsSync(tablePath)) {
      const t = readVerdictTable(tablePath);
      table = tableFor(t, bytes, tablePath);
      const covered = items.filter((it) => it.index < t.lines.length).length;
      process.stderr.write(`${name}: ${covered} of ${items.length} positions judged by ${tablePath}${covered < items.length ? '; the solver judges the rest' : ''}\n`);
    }
    return { name, items, table };
  });
  const { evaluator, sha256 } = await loadAgentModel(values.model, { mirrorAverage });
  const solver = new Solver();
  loadSolverBook(solver);
  const verdicts = values.verdicts === undefined ? undefined : new VerdictFile(values.verdicts);
  if (verdicts) {
    const skipped = verdicts.skipped ? ` (${verdicts.skipped} unreadable lines skipped)` : '';
    process.stderr.write(`${verdicts.path}: ${verdicts.size} verdicts${skipped}\n`);
  }
  const results: SetErrors[] = [];
  const record = (): EvalRecord =>
    withChecksum({ schema: EVAL_SCHEMA, model: values.model, modelSha256: sha256, ...settings, date: new Date().toISOString(), sets: results });
  for (const set of sets) {
    const t0 = performance.now();
    const bars = { search: new Progress(`${set.name} search`, set.items.length, 'positions'), judge: new Progress(`${set.name} judge`, set.items.length, 'positions') };
    const r = await errorRates(set.name, set.items, evaluator, solver, {
      search: values['no-search'] ? null : { simulations: sims, leavesPerStep: 1, pruneLosing: values.prune },
      solveTimeLimitMs: solveMs,
      verdicts,
      table: set.table,
      progress: (phase, done) => bars[phase].update(done),
    });
    results.push(r);
    if (results.length < sets.length) writePartial(out, record());
    const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
    process.stderr.write(
      `${set.name}: raw ${pct(r.rawRate)} exact / ${pct(r.rawOutcomeRate)} outcome, search ${pct(r.searchRate)} / ${pct(r.searchOutcomeRate)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  }
  await evaluator.dispose?.();
  const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(2)}%`);
  const searchLabel = values['no-search'] ? 'off' : `${sims} sims`;
  printTable(
    ['set', 'positions', 'unjudged', 'raw: exact', 'raw: outcome', `search (${searchLabel}): exact`, 'search: outcome'],
    results.map((r) => [r.set, String(r.positions), String(r.unjudged), pct(r.rawRate), pct(r.rawOutcomeRate), pct(r.searchRate), pct(r.searchOutcomeRate)]),
  );
  process.stderr.write('exact: the move keeps the position\'s exact score; outcome: it keeps win/draw/loss (AlphaZero.jl\'s criterion)\n');
  writeFinal(out, record());
  process.stderr.write(`wrote ${out}\n`);
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  if (existsSync(partialPath(out))) process.stderr.write(`the sets finished so far are in ${partialPath(out)}\n`);
  process.exit(1);
}
