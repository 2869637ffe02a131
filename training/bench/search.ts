/**
 * `npm run bench:search`: what pruning moves that lose at once
 * (SearchParams.pruneLosing) buys at the match budget. The shipped model
 * searches our own labelled positions (seeds/positions) with pruning off and
 * on, alternating, several times; prints the median wall time, the leaves
 * evaluated per search, and how often the chosen move keeps the outcome
 * (judged from the labels). Writes runs/bench-search.json, or --out FILE
 * (the committed record, bench-results/search.json, only with --out).
 *
 *   npm run bench:search -- [--model models/agent.onnx] [--sims 16000] [--repeats 3] [--out FILE] [SET_FILE ...]
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Position } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/index.js';
import { readLabelled, type LabelledPosition } from '../eval/labels.js';
import { labelVerdict, searchMoves } from '../eval/error-rate.js';
import { loadAgentModel } from '../match/agent-loader.js';
import { MODEL_PATH as DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { median, printTable } from '../util/stats.js';
import { numberOption, parseOptions, simsOption, withUsage } from '../cli/options.js';
import { writeAtomic } from '../util/atomic-write.js';

/** Counts the leaves the search asks to evaluate (before the evaluator's cache). */
class Counting implements Evaluator {
  positions = 0;
  constructor(private readonly inner: Evaluator) {}
  evaluate(batch: readonly Position[]): Promise<Evaluation[]> {
    this.positions += batch.length;
    return this.inner.evaluate(batch);
  }
}

const USAGE = `usage: npm run bench:search -- [--model ${DEFAULT_MODEL_PATH}] [--sims ${DEFAULT_SIMULATIONS}] [--repeats 3] [--out runs/bench-search.json] [SET_FILE ...]`;
const { values, positionals } = parseOptions(
  {
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    sims: { type: 'string', default: String(DEFAULT_SIMULATIONS) },
    repeats: { type: 'string', default: '3' },
    out: { type: 'string', default: 'runs/bench-search.json' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
  { positionals: true },
);
const { sims, repeats } = withUsage(USAGE, () => ({
  sims: simsOption(values.sims)!,
  repeats: numberOption('repeats', values.repeats, { min: 1, max: 100, integer: true })!,
}));
const files = positionals.length > 0 ? positionals : ['seeds/positions/early.txt', 'seeds/positions/middle.txt'];
const items: LabelledPosition[] = files.flatMap((f) => readLabelled(f));
const positions = items.map((it) => it.pos);

/** True when `col` keeps the position's outcome (win, draw or loss) according to its labels; null without per-column labels. */
const keepsOutcome = (item: LabelledPosition, col: number): boolean | null => (item.columns ? labelVerdict(item.columns, item.score, col).outcome : null);

interface Variant {
  name: string;
  prune: boolean;
  seconds: number[];
  evaluations: number[];
  outcomeErrors: number;
}
const variants: Variant[] = [
  { name: 'pruning off', prune: false, seconds: [], evaluations: [], outcomeErrors: 0 },
  { name: 'pruning on', prune: true, seconds: [], evaluations: [], outcomeErrors: 0 },
];
process.stderr.write(`${positions.length} positions from ${files.join(', ')}, ${sims} simulations, ${repeats} repeats\n`);
for (let r = 0; r < repeats; r++) {
  for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
    // A fresh cache per timed run, so neither variant inherits the other's evaluations.
    const { evaluator: fresh } = await loadAgentModel(values.model);
    const counting = new Counting(fresh);
    const t0 = performance.now();
    const moves = await searchMoves(counting, positions, { simulations: sims, leavesPerStep: 1, pruneLosing: v.prune });
    v.seconds.push((performance.now() - t0) / 1000);
    v.evaluations.push(counting.positions / positions.length);
    v.outcomeErrors = moves.filter((c, i) => keepsOutcome(items[i], c) === false).length;
    await fresh.dispose?.();
    process.stderr.write(`repeat ${r + 1}: ${v.name} ${v.seconds.at(-1)!.toFixed(1)} s\n`);
  }
}
const [off, on] = variants;
printTable(
  ['search', 'wall s (median)', 'leaves evaluated per search', 'outcome errors'],
  variants.map((v) => [v.name, median(v.seconds).toFixed(1), median(v.evaluations).toFixed(0), `${v.outcomeErrors} / ${positions.length}`]),
);
const speedup = median(off.seconds) / median(on.seconds);
process.stderr.write(`pruning on: ${speedup.toFixed(2)}x faster, ${(median(off.evaluations) / median(on.evaluations)).toFixed(2)}x fewer leaf evaluations\n`);
mkdirSync(dirname(values.out), { recursive: true });
const record = { model: values.model, simulations: sims, repeats, files, positions: positions.length, date: new Date().toISOString(), variants, speedup };
writeAtomic(values.out, `${JSON.stringify(record, null, 2)}\n`);
process.stderr.write(`wrote ${values.out}\n`);
