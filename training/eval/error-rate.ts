/**
 * Move error rates on labelled positions (Pons' sets, or our own), by two
 * criteria:
 *  - exact: a move is an error when its exact score is below the best
 *    available (a slower win or a faster loss counts);
 *  - outcome: a move is an error when it changes the game's result (a win
 *    thrown to a draw or loss, a draw to a loss). This is what AlphaZero.jl's
 *    Pons benchmark counts (`sign(q[chosen]) == maximum(sign, q)` in its
 *    scripts/pons_benchmark.jl), so its published rates compare with this one.
 * The agent is scored twice: its raw policy (argmax over legal columns, no
 * search) and its MCTS at a given budget. Files that label every column are
 * judged from the labels; for Pons' files (one score per position) one
 * null-window search asks whether the chosen move keeps the position's score
 * (exact) or its sign (outcome, a weak search).
 */
import { WIDTH, type Position } from '../../src/engine/index.js';
import { networkSearch, playSearch } from '../../src/agent/preset.js';
import { DEFAULT_SEARCH, bestMove, runSearches, Rng, SearchTree, type Evaluator, type SearchParams } from '../../src/mcts/index.js';
import { SolverInterruptedError, type Solver } from '../../src/solver/index.js';
import type { LabelledPosition } from './labels.js';
import { verdictKey, type Verdict, type VerdictStore } from './verdicts.js';

/** A committed table's verdict of column `col` at `item`, if the table has the position. */
export type TableLookup = (item: LabelledPosition, col: number) => Verdict | undefined;
import type { SetErrors } from '../records/eval.js';

export type { Verdict } from './verdicts.js';
export type { SetErrors } from '../records/eval.js';

/** Trees searched together: one evaluator batch takes a leaf from each. */
const SEARCH_BATCH = 128;

/** The raw policy's choice for each position: argmax over legal columns. */
export async function policyMoves(evaluator: Evaluator, positions: readonly Position[]): Promise<number[]> {
  const out: number[] = [];
  for (let from = 0; from < positions.length; from += 512) {
    const evals = await evaluator.evaluate(positions.slice(from, from + 512));
    for (const ev of evals) {
      let best = -1;
      for (let c = 0; c < WIDTH; c++) if (ev.policy[c] > 0 && (best < 0 || ev.policy[c] > ev.policy[best])) best = c;
      out.push(best);
    }
  }
  return out;
}

/** MCTS's choice (no noise, argmax of visits) for each position, searched in batches; `progress` after each batch. */
export async function searchMoves(
  evaluator: Evaluator,
  positions: readonly Position[],
  search: Partial<SearchParams>,
  progress?: (done: number, total: number) => void,
): Promise<number[]> {
  // The agent's play preset with the network's own settings (as Agent), but one leaf per step: many trees fill each batch here, not virtual loss.
  const params = playSearch(search.simulations ?? DEFAULT_SEARCH.simulations, { ...networkSearch(evaluator), ...search, leavesPerStep: search.leavesPerStep ?? 1 });
  const out: number[] = [];
  for (let from = 0; from < positions.length; from += SEARCH_BATCH) {
    const trees = positions.slice(from, from + SEARCH_BATCH).map((p, i) => new SearchTree(p, params, new Rng(from + i + 1)));
    for (const t of trees) t.beginMove(false);
    await runSearches(trees, evaluator);
    for (const t of trees) out.push(bestMove(t));
    progress?.(out.length, positions.length);
  }
  return out;
}

/** Whether column `col` keeps the exact score `score` and its outcome, from per-column labels (a full column keeps neither). */
export function labelVerdict(columns: readonly (number | null)[], score: number, col: number): Verdict {
  const s = columns[col];
  return s === null ? { exact: false, outcome: false } : { exact: s === score, outcome: Math.sign(s) === Math.sign(score) };
}

/**
 * Whether column `col` at `item` keeps its exact score and its outcome: from
 * its labels, else by null-window searches of the solver against the
 * position's known score. Null when a search ran out of time.
 */
function judge(item: LabelledPosition, col: number, solver: Solver, timeLimitMs: number, cache: VerdictStore, table?: TableLookup): Verdict | null {
  if (item.columns) return labelVerdict(item.columns, item.score, col);
  const known = table?.(item, col);
  if (known) return known;
  const key = verdictKey(item.moves, item.score, col);
  let v = cache.get(key);
  if (v === undefined) {
    try {
      const exact = solver.isOptimalMove(item.pos, col, item.score, { timeLimitMs });
      // Every move of a lost position keeps the outcome; else one weak search.
      const outcome = exact || item.score < 0 || solver.isOptimalMove(item.pos, col, Math.sign(item.score), { timeLimitMs, weak: true });
      v = { exact, outcome };
    } catch (e) {
      if (e instanceof SolverInterruptedError) return null;
      throw e;
    }
    cache.set(key, v);
  }
  return v;
}

export async function errorRates(
  set: string,
  items: readonly LabelledPosition[],
  evaluator: Evaluator,
  solver: Solver,
  opts: {
    search: Partial<SearchParams> | null;
    solveTimeLimitMs: number;
    /** Verdicts found before (a VerdictFile keeps them between runs); a fresh map if absent. */
    verdicts?: VerdictStore;
    /** The set's committed verdict table (training/eval/verdict-table.ts), asked before the solver. */
    table?: TableLookup;
    /** Called after each batch of searches and after each position judged. */
    progress?: (phase: 'search' | 'judge', done: number, total: number) => void;
  },
): Promise<SetErrors> {
  const positions = items.map((it) => it.pos);
  const raw = await policyMoves(evaluator, positions);
  const searched = opts.search ? await searchMoves(evaluator, positions, opts.search, (d, t) => opts.progress?.('search', d, t)) : null;
  const cache = opts.verdicts ?? new Map<string, Verdict>();
  let unjudged = 0;
  const errors = { raw: 0, search: 0, rawOutcome: 0, searchOutcome: 0 };
  const misses: { moves: string; column: number }[] = [];
  items.forEach((item, i) => {
    const r = judge(item, raw[i], solver, opts.solveTimeLimitMs, cache, opts.table);
    const s = searched ? judge(item, searched[i], solver, opts.solveTimeLimitMs, cache, opts.table) : { exact: true, outcome: true };
    opts.progress?.('judge', i + 1, items.length);
    if (r === null || s === null) {
      unjudged++;
      return;
    }
    if (!r.exact) errors.raw++;
    if (!r.outcome) errors.rawOutcome++;
    if (!s.exact) errors.search++;
    if (!s.outcome) {
      errors.searchOutcome++;
      misses.push({ moves: item.moves, column: searched![i] + 1 });
    }
  });
  const judged = items.length - unjudged;
  const rate = (n: number) => (judged ? n / judged : 0);
  return {
    set,
    positions: items.length,
    unjudged,
    rawErrors: errors.raw,
    rawRate: rate(errors.raw),
    searchErrors: searched ? errors.search : null,
    searchRate: searched ? rate(errors.search) : null,
    rawOutcomeErrors: errors.rawOutcome,
    rawOutcomeRate: rate(errors.rawOutcome),
    searchOutcomeErrors: searched ? errors.searchOutcome : null,
    searchOutcomeRate: searched ? rate(errors.searchOutcome) : null,
    searchOutcomeMisses: misses,
  };
}

/**
 * Error rates of the raw policy and of search on positions whose every
 * column is labelled (our own sets in seeds/positions): no solver needed, so
 * the training loop scores each generation on them.
 */
export async function labelledErrorRates(
  evaluator: Evaluator,
  items: readonly LabelledPosition[],
  search: Partial<SearchParams>,
): Promise<{ raw: number; search: number }> {
  const labelled = items.filter((it) => it.columns !== null);
  if (labelled.length === 0) throw new Error('labelledErrorRates: no position labels every column');
  const positions = labelled.map((it) => it.pos);
  const raw = await policyMoves(evaluator, positions);
  const searched = await searchMoves(evaluator, positions, search);
  const rate = (moves: number[]) => labelled.filter((it, i) => (it.columns![moves[i]] ?? -Infinity) < it.score).length / labelled.length;
  return { raw: +rate(raw).toFixed(4), search: +rate(searched).toFixed(4) };
}
