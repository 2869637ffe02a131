/**
 * The batching driver: steps many search trees together and sends all their
 * pending leaves to the evaluator in ONE call per step, so the network always
 * sees big batches (the C4 reference builds batch leaves across 128-512
 * parallel games). One game in the browser gets its batch from virtual loss
 * instead (`leavesPerStep` > 1).
 */
import type { Position } from '../engine/index.js';
import type { Evaluator } from './evaluator.js';
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
