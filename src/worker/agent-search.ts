/**
 * The agent's search as the worker runs it: the training MCTS (src/mcts)
 * in slices of simulations, yielding to the worker's event loop between
 * slices so that a newer request (or a stop) gets in and the older search
 * ends at once, with progress reports for the UI. No worker API here, so
 * Node tests drive it with the uniform or rollout evaluator.
 */
import { WIDTH, parseMoves } from '../engine/index.js';
import { Rng, SearchTree, bestMove, runSearches, searchParams, type Evaluator, type SearchParams } from '../mcts/index.js';
import type { AgentResult, AgentWork } from './protocol.js';

export interface SliceParams {
  /** Simulations per slice between two yields; small enough to answer a stop within ~50 ms. */
  slice: number;
  /** Search settings beyond the simulation count (deterministic play: no noise). */
  search: Partial<SearchParams>;
  /** Seed of the search's RNG (ties only; play is deterministic). */
  seed: number;
}

export const DEFAULT_SLICE: Readonly<SliceParams> = Object.freeze({
  slice: 32,
  // Virtual loss gives the wasm session batches of 8 instead of 1 (KataGo, Leela: batched leaves per tree).
  search: { leavesPerStep: 8, reuseTree: false, solver: true },
  seed: 1,
});

/** Hooks from the worker: am I still the newest work, how to yield, and where to report. */
export interface SliceHooks {
  isCurrent(): boolean;
  /** Lets queued messages in (setTimeout 0 in a worker). */
  yieldNow(): Promise<void>;
  progress?(r: AgentResult): void;
  /** Milliseconds between progress reports; 0 = none. */
  progressMs: number;
  now(): number;
}

/** Searches `work.moves`; resolves null as soon as `hooks.isCurrent()` turns false. */
export async function searchInSlices(
  evaluator: Evaluator,
  work: AgentWork,
  hooks: SliceHooks,
  params: SliceParams = DEFAULT_SLICE,
): Promise<AgentResult | null> {
  const start = hooks.now();
  const pos = parseMoves(work.moves);
  if (pos.isOver) return resultOf(work, null, 0, start, hooks.now(), true);
  const [root] = await evaluator.evaluate([pos]);
  const tree = new SearchTree(pos, searchParams({ ...params.search, simulations: work.simulations }), new Rng(params.seed));
  tree.beginMove(false);
  let lastReport = start;
  while (!tree.done(work.simulations)) {
    const target = Math.min(work.simulations, tree.rootVisits + params.slice);
    await runSearches([tree], evaluator, [target]);
    await hooks.yieldNow();
    if (!hooks.isCurrent()) return null;
    const t = hooks.now();
    if (hooks.progress && hooks.progressMs > 0 && t - lastReport >= hooks.progressMs && !tree.done(work.simulations)) {
      lastReport = t;
      hooks.progress(resultOf(work, tree, root.value, start, t, false));
    }
  }
  return resultOf(work, tree, root.value, start, hooks.now(), true);
}

function resultOf(
  work: AgentWork,
  tree: SearchTree | null,
  netValue: number,
  start: number,
  now: number,
  final: boolean,
): AgentResult {
  const visits = tree ? tree.rootVisitsByColumn(new Float32Array(WIDTH)) : new Float32Array(WIDTH);
  let total = 0;
  for (const v of visits) total += v;
  const best = tree && !tree.root.isOver ? bestMove(tree) : -1;
  // A root proven before any child was visited (a win at once): all the weight on the proven move.
  if (total === 0 && best >= 0) {
    visits[best] = 1;
    total = 1;
  }
  return {
    id: work.id,
    moves: work.moves,
    best,
    visitShare: Array.from(visits, (v) => (total > 0 ? v / total : 0)),
    netValue,
    searchValue: tree ? (tree.rootProvenValue ?? tree.rootValue) : 0,
    proven: tree?.rootProvenValue ?? null,
    simulations: tree ? tree.rootVisits : 0,
    ms: now - start,
    final,
  };
}
