/**
 * KataGo's forced playouts and policy target pruning (Wu 2019, "Accelerating
 * Self-Play Learning in Go", arXiv 1902.10565, section 3.1). Dirichlet noise
 * alone seldom gives a move of small prior enough visits to show that it is
 * good; forcing n_forced(c) = sqrt(k * P(c) * N) visits at a noised root
 * does. Those visits say nothing about the move's worth, so the policy
 * target takes back as many of them as keep the move's PUCT score below the
 * best move's, and the net is not taught to play moves that were only forced.
 * Pure functions over the root's children by column (length 7), so tests can
 * check them on hand-made numbers.
 */
import { WIDTH } from '../engine/index.js';

/** n_forced(c): the visits owed to a root child of (noised) prior `prior` when the root's children have `total` visits. */
export function forcedVisits(k: number, prior: number, total: number): number {
  return Math.sqrt(k * prior * total);
}

/** The root's children by column, as the search left them. */
export interface RootChildren {
  /** Visits (0 for illegal or unvisited columns). */
  visits: Float32Array;
  /** Priors after noise: the ones selection and forcing used. */
  priors: Float32Array;
  /** Value for the side to move: the proven value when proven, else the mean; anything when unvisited. */
  qs: Float32Array;
}

/**
 * Policy target pruning: copies the visits into `out`, then takes from each
 * child but `best` (the most visited, c*) up to n_forced(c) visits as long as
 * its PUCT score, Q + cPuct * P * sqrtN / (1 + n), stays below c*'s; a child
 * left with one visit is pruned to zero. `sqrtN` is the square root of the
 * root's visits, as selection (tree.ts) uses it.
 */
export function prunedVisits(children: RootChildren, best: number, k: number, cPuct: number, sqrtN: number, out: Float32Array): Float32Array {
  const { visits, priors, qs } = children;
  let total = 0;
  for (let c = 0; c < WIDTH; c++) total += visits[c];
  const puct = (c: number, n: number) => qs[c] + (cPuct * priors[c] * sqrtN) / (1 + n);
  const bar = puct(best, visits[best]);
  for (let c = 0; c < WIDTH; c++) {
    out[c] = visits[c];
    if (c === best || visits[c] <= 0) continue;
    const most = Math.floor(forcedVisits(k, priors[c], total));
    let n = visits[c];
    while (n > 0 && visits[c] - n < most && puct(c, n - 1) < bar) n--;
    out[c] = n <= 1 ? 0 : n;
  }
  return out;
}
