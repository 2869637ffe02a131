/**
 * Move error rates in the manner of AlphaZero.jl's benchmark on Pons' sets:
 * a move is an error when its exact score is below the best available. The
 * agent is scored twice: its raw policy (argmax over legal columns, no
 * search) and its MCTS at a given budget. Files that label every column are
 * judged from the labels; for Pons' files (one score per position) the
 * chosen move's score is solved once and compared with the position's.
 */
import { WIDTH, type Position } from '../../src/engine/index.js';
import { bestMove, runSearches, searchParams, Rng, SearchTree, type Evaluator, type SearchParams } from '../../src/mcts/index.js';
import { SolverInterruptedError, winNowScore, type Solver } from '../../src/solver/index.js';
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
 * Score of column `col` at `item`: from its labels, else -solve(child).
 * Null when the solve ran out of time.
 */
function moveScore(item: LabelledPosition, col: number, solver: Solver, timeLimitMs: number, cache: Map<number, number>): number | null {
  if (item.columns) return item.columns[col];
  if (item.pos.isWinningMove(col)) return winNowScore(item.pos.moves);
  const child = item.pos.clone();
  child.play(col);
  const key = child.key();
  let s = cache.get(key);
  if (s === undefined) {
    try {
      s = -solver.solve(child, { timeLimitMs });
    } catch (e) {
      if (e instanceof SolverInterruptedError) return null;
      throw e;
    }
    cache.set(key, s);
  }
  return s;
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
  const cache = new Map<number, number>();
  let unjudged = 0;
  let rawErrors = 0;
  let searchErrors = 0;
  items.forEach((item, i) => {
    const r = moveScore(item, raw[i], solver, opts.solveTimeLimitMs, cache);
    const s = searched ? moveScore(item, searched[i], solver, opts.solveTimeLimitMs, cache) : 0;
    opts.progress?.(i + 1, items.length);
    if (r === null || s === null) {
      unjudged++;
      return;
    }
    if (r < item.score) rawErrors++;
    if (searched && s < item.score) searchErrors++;
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
