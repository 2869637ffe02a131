/**
 * The batching driver: steps many search trees together and sends all their
 * pending leaves to the evaluator in ONE call per step, so the network always
 * sees big batches (the C4 reference builds batch leaves across 128-512
 * parallel games). One game in the browser gets its batch from virtual loss
 * instead (`leavesPerStep` > 1).
 */
import type { Position } from '../engine/index.js';
import { bestMove } from './choice.js';
import type { Evaluator } from './evaluator.js';
import { searchParams, type SearchParams } from './params.js';
import { Rng } from './rng.js';
import { SearchTree, type PendingLeaf } from './tree.js';

/** Counters of one `runSearches` call. */
export interface SearchStats {
  /** Evaluator calls. */
  batches: number;
  /** Positions evaluated. */
  evaluations: number;
  /** Milliseconds spent awaiting the evaluator. */
  evalMs: number;
}

/**
 * One batched step: collects up to `leavesPerStep` leaves from every tree
 * that is not `done` (its target from `simulations[i]`, else its params),
 * evaluates them all in ONE call, and expands them. Returns the number of
 * trees that were still searching (0 = all done).
 */
export async function stepSearches(
  trees: readonly SearchTree[],
  evaluator: Evaluator,
  simulations?: readonly number[],
  stats?: SearchStats,
): Promise<number> {
  const leaves: PendingLeaf[] = [];
  const owners: SearchTree[] = [];
  const positions: Position[] = [];
  let unfinished = 0;
  for (let i = 0; i < trees.length; i++) {
    const tree = trees[i];
    const sims = simulations ? simulations[i] : tree.params.simulations;
    if (tree.done(sims)) continue;
    unfinished++;
    tree.collect(tree.params.leavesPerStep, sims);
    for (const leaf of tree.pending) {
      leaves.push(leaf);
      owners.push(tree);
      positions.push(leaf.pos);
    }
    tree.pending.length = 0;
  }
  if (positions.length === 0) return unfinished; // only terminal or proven simulations this step
  const t0 = stats ? performance.now() : 0;
  const evals = await evaluator.evaluate(positions);
  if (stats) {
    stats.evalMs += performance.now() - t0;
    stats.batches++;
    stats.evaluations += positions.length;
  }
  for (let j = 0; j < leaves.length; j++) owners[j].expand(leaves[j], evals[j]);
  return unfinished;
}

/** Steps every tree until all are `done`. */
export async function runSearches(
  trees: readonly SearchTree[],
  evaluator: Evaluator,
  simulations?: readonly number[],
  stats?: SearchStats,
): Promise<void> {
  while ((await stepSearches(trees, evaluator, simulations, stats)) > 0);
}

/** Result of analysing one position. */
export interface Analysis {
  /** The most visited allowed column. */
  best: number;
  /** Root visits per column. */
  visits: Float32Array;
  /** Mean value per column for the side to move (NaN if unvisited). */
  q: Float32Array;
  /** Proven value per column (1, 0, -1) or NaN. */
  proofs: Float32Array;
  /** The root's value for the side to move. */
  value: number;
}

/** Searches one position from scratch (for play and analysis: no noise). */
export async function analyse(
  pos: Position,
  evaluator: Evaluator,
  params: Partial<SearchParams> = {},
  seed = 1,
): Promise<Analysis> {
  const tree = new SearchTree(pos, searchParams(params), new Rng(seed));
  tree.beginMove(false);
  await runSearches([tree], evaluator);
  const proofs = tree.rootProofsByColumn(new Float32Array(7));
  return {
    best: bestMove(tree),
    visits: tree.rootVisitsByColumn(new Float32Array(7)),
    q: tree.rootQByColumn(new Float32Array(7)),
    proofs,
    value: tree.rootProvenValue ?? tree.rootValue,
  };
}
