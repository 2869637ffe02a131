/**
 * `npm run eval`: move error rates of the agent on labelled positions, raw
 * policy and with search, per set, by two criteria (exact score kept; outcome
 * kept, AlphaZero.jl's), as a table and JSON (beside the model, or at
 * --out). Default sets: Pons' six test sets when ../shared is there (the
 * standard to quote), else our own labelled sets in seeds/positions.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Solver } from '../../src/solver/index.js';
import { loadSolverBook } from '../book/book-file.js';
import { printTable } from '../bench/stats.js';
import { errorRates, type SetErrors } from '../eval/error-rate.js';
import { readLabelled } from '../eval/labels.js';
import { VerdictFile } from '../eval/verdicts.js';
import { Progress } from '../progress.js';
import { DEFAULT_MIRROR_AVERAGE, DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS, loadAgentModel } from '../match/agent-loader.js';
import { MIRROR_AVERAGE_OPTIONS, mirrorAverageOption, numberOption, parseOptions, withUsage } from './options.js';

const PONS_DIR = '../shared/data/pons-test-sets';
const OWN_DIR = 'seeds/positions';
const USAGE = `usage: npm run eval -- [--model ${DEFAULT_MODEL_PATH}] [--sims ${DEFAULT_SIMULATIONS}] [--prune] [--mirror-average | --no-mirror-average] [--no-search] [--limit N]
         [--solve-ms 20000] [--verdicts FILE] [--out result.json] [SET_FILE ...]
  --mirror-average (the default) | --no-mirror-average: whether each network evaluation is averaged
                   with its mirror image's (the raw policy's too)
  --verdicts FILE: solver verdicts kept between runs (JSON lines, appended as found; any model
                   can use them: judging L1_R3's moves is most of that set's time)
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
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);

const { sims, limit, solveMs, mirrorAverage } = withUsage(USAGE, () => ({
  mirrorAverage: mirrorAverageOption(values, DEFAULT_MIRROR_AVERAGE),
  sims: numberOption('sims', values.sims, { min: 1, integer: true })!,
  limit: numberOption('limit', values.limit, { min: 1, integer: true }) ?? Infinity,
  solveMs: numberOption('solve-ms', values['solve-ms'], { min: 1 })!,
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
try {
  const sets = files.map((f) => ({ name: basename(f).replace(/^Test_/, '').replace(/\.txt$/, ''), items: readLabelled(f, limit) }));
  const { evaluator, sha256 } = await loadAgentModel(values.model, { mirrorAverage });
  const solver = new Solver();
  loadSolverBook(solver);
  const verdicts = values.verdicts === undefined ? undefined : new VerdictFile(values.verdicts);
  if (verdicts) {
    const skipped = verdicts.skipped ? ` (${verdicts.skipped} unreadable lines skipped)` : '';
    process.stderr.write(`${verdicts.path}: ${verdicts.size} verdicts${skipped}\n`);
  }
  const results: SetErrors[] = [];
  for (const set of sets) {
    const t0 = performance.now();
    const bars = { search: new Progress(`${set.name} search`, set.items.length, 'positions'), judge: new Progress(`${set.name} judge`, set.items.length, 'positions') };
    const r = await errorRates(set.name, set.items, evaluator, solver, {
      search: values['no-search'] ? null : { simulations: sims, leavesPerStep: 1, pruneLosing: values.prune },
      solveTimeLimitMs: solveMs,
      verdicts,
      progress: (phase, done) => bars[phase].update(done),
    });
    results.push(r);
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
  const out = values.out ?? `${values.model.replace(/\.onnx$/, '')}.eval.json`;
  const record = { model: values.model, modelSha256: sha256, simulations: values['no-search'] ? null : sims, pruneLosing: values['no-search'] ? null : values.prune, mirrorAverage, limit: Number.isFinite(limit) ? limit : null, date: new Date().toISOString(), sets: results };
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
