/**
 * Move error rates in the manner of AlphaZero.jl's benchmark on Pons' sets:
 * a move is an error when its exact score is below the best available. The
 * agent is scored twice: its raw policy (argmax over legal columns, no
 * search) and its MCTS at a given budget. Files that label every column are
 * judged from the labels; for Pons' files (one score per position) one
 * null-window search asks whether the chosen move keeps the position's score.
 */
import { WIDTH, type Position } from '../../src/engine/index.js';
import { bestMove, runSearches, searchParams, Rng, SearchTree, type Evaluator, type SearchParams } from '../../src/mcts/index.js';
import { SolverInterruptedError, type Solver } from '../../src/solver/index.js';
import type { LabelledPosition } from './labels.js';

export interface SetErrors {
  set: string;
  positions: number;
  /** Positions whose judgement needed a solve that ran out of time: left out of both rates. */
  unjudged: number;
  rawErrors: number;
  rawRate: number;
  searchErrors: number | null;
  searchRate: number | null;
}

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

/** MCTS's choice (no noise, argmax of visits) for each position, searched in batches. */
export async function searchMoves(evaluator: Evaluator, positions: readonly Position[], search: Partial<SearchParams>): Promise<number[]> {
  const params = searchParams({ ...search, dirichletWeight: 0, temperatureMoves: 0 });
  const out: number[] = [];
  for (let from = 0; from < positions.length; from += SEARCH_BATCH) {
    const trees = positions.slice(from, from + SEARCH_BATCH).map((p, i) => new SearchTree(p, params, new Rng(from + i + 1)));
    for (const t of trees) t.beginMove(false);
    await runSearches(trees, evaluator);
    for (const t of trees) out.push(bestMove(t));
  }
  return out;
}

/**
 * Whether column `col` is optimal at `item`: from its labels, else by one
 * null-window search of the solver against the position's known score.
 * Null when that search ran out of time.
 */
function isOptimal(item: LabelledPosition, col: number, solver: Solver, timeLimitMs: number, cache: Map<string, boolean>): boolean | null {
  if (item.columns) return item.columns[col] === item.score;
  const key = `${item.moves}:${col}`;
  let ok = cache.get(key);
  if (ok === undefined) {
    try {
      ok = solver.isOptimalMove(item.pos, col, item.score, { timeLimitMs });
    } catch (e) {
      if (e instanceof SolverInterruptedError) return null;
      throw e;
    }
    cache.set(key, ok);
  }
  return ok;
}

export async function errorRates(
  set: string,
  items: readonly LabelledPosition[],
  evaluator: Evaluator,
  solver: Solver,
  opts: { search: Partial<SearchParams> | null; solveTimeLimitMs: number; progress?: (done: number, total: number) => void },
): Promise<SetErrors> {
  const positions = items.map((it) => it.pos);
  const raw = await policyMoves(evaluator, positions);
  const searched = opts.search ? await searchMoves(evaluator, positions, opts.search) : null;
  const cache = new Map<string, boolean>();
  let unjudged = 0;
  let rawErrors = 0;
  let searchErrors = 0;
  items.forEach((item, i) => {
    const r = isOptimal(item, raw[i], solver, opts.solveTimeLimitMs, cache);
    const s = searched ? isOptimal(item, searched[i], solver, opts.solveTimeLimitMs, cache) : true;
    opts.progress?.(i + 1, items.length);
    if (r === null || s === null) {
      unjudged++;
      return;
    }
    if (!r) rawErrors++;
    if (!s) searchErrors++;
  });
  const judged = items.length - unjudged;
  return {
    set,
    positions: items.length,
    unjudged,
    rawErrors,
    rawRate: judged ? rawErrors / judged : 0,
    searchErrors: searched ? searchErrors : null,
    searchRate: searched ? (judged ? searchErrors / judged : 0) : null,
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
