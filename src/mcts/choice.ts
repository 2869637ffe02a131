/**
 * What to do with a finished search: the move to play (argmax of visits for
 * play, a temperature sample for the opening of self-play games, as in
 * AlphaZero) and the policy training target. With the MCTS-solver a proven
 * result overrides visit counts: a proven win is always taken and a proven
 * loss is never chosen while something better exists.
 */
import { CENTRE_FIRST, WIDTH } from '../engine/index.js';
import { prunedVisits } from './forced.js';
import type { Rng } from './rng.js';
import type { SearchTree } from './tree.js';

const visits = new Float32Array(WIDTH);
const proofs = new Float32Array(WIDTH);
const qs = new Float32Array(WIDTH);
const priors = new Float32Array(WIDTH);
const pruned = new Float32Array(WIDTH);

/** The best proven result among the root's children for the side to move, or NaN when none is proven. */
function bestProof(): number {
  let best = NaN;
  for (let c = 0; c < WIDTH; c++) if (!Number.isNaN(proofs[c]) && !(proofs[c] <= best)) best = proofs[c];
  return best;
}

/**
 * Columns the search allows: with a proven win, only the proven winning
 * children; otherwise every visited or legal child except proven losses
 * (unless nothing else is left). Writes a 0/1 mask into `allowed`.
 */
function allowedMoves(tree: SearchTree, allowed: Uint8Array): void {
  tree.rootVisitsByColumn(visits);
  tree.rootProofsByColumn(proofs);
  const legal = tree.root.legalMoves();
  const best = bestProof();
  const rootValue = tree.rootProvenValue;
  let any = false;
  for (let c = 0; c < WIDTH; c++) {
    const ok =
      ((legal >> c) & 1) === 1 &&
      (best === 1 ? proofs[c] === 1 : rootValue !== undefined ? proofs[c] === rootValue : proofs[c] !== -1);
    allowed[c] = ok ? 1 : 0;
    any ||= ok;
  }
  if (!any) for (let c = 0; c < WIDTH; c++) allowed[c] = (legal >> c) & 1;
}

const allowed = new Uint8Array(WIDTH);

/** The most visited allowed move; ties go to the higher mean value, then to the centre-most column. */
export function bestMove(tree: SearchTree): number {
  allowedMoves(tree, allowed);
  tree.rootQByColumn(qs);
  let best = -1;
  for (const c of CENTRE_FIRST) {
    if (!allowed[c]) continue;
    if (
      best < 0 ||
      visits[c] > visits[best] ||
      (visits[c] === visits[best] && (Number.isNaN(qs[best]) ? -2 : qs[best]) < (Number.isNaN(qs[c]) ? -2 : qs[c]))
    )
      best = c;
  }
  return best;
}

/**
 * A move sampled in proportion to visits^(1/temperature) among allowed
 * moves; temperature 0 means bestMove.
 */
export function sampleMove(tree: SearchTree, temperature: number, rng: Rng): number {
  if (temperature <= 0) return bestMove(tree);
  allowedMoves(tree, allowed);
  const w = new Float64Array(WIDTH);
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) {
    w[c] = allowed[c] ? Math.pow(visits[c], 1 / temperature) : 0;
    sum += w[c];
  }
  if (sum <= 0) return bestMove(tree);
  let r = rng.next() * sum;
  for (let c = 0; c < WIDTH; c++) {
    r -= w[c];
    if (w[c] > 0 && r < 0) return c;
  }
  return bestMove(tree);
}

/**
 * The root's visits with forced playouts taken back (KataGo's policy target
 * pruning, forced.ts), against the move bestMove plays; reads and leaves the
 * `visits` scratch filled by allowedMoves.
 */
function prunedRootVisits(tree: SearchTree): Float32Array {
  const best = bestMove(tree);
  tree.rootPriorsByColumn(priors);
  for (let c = 0; c < WIDTH; c++) if (!Number.isNaN(proofs[c])) qs[c] = proofs[c];
  const sqrtN = Math.sqrt(tree.rootVisits);
  return prunedVisits({ visits, priors, qs }, best, tree.params.forcedPlayouts, tree.params.cPuct, sqrtN, pruned);
}

/**
 * The policy target for training (length 7, sums to 1): root visit
 * frequencies (AlphaZero), or, when the solver has proven the root, uniform
 * over the moves that achieve the proven value. After a search that forced
 * playouts (`tree.forcing`), the visits are pruned first (KataGo).
 */
export function policyTarget(tree: SearchTree, out: Float32Array): Float32Array {
  allowedMoves(tree, allowed);
  out.fill(0);
  const proven = tree.rootProvenValue !== undefined;
  const counts = !proven && tree.forcing ? prunedRootVisits(tree) : visits;
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) {
    const v = proven ? allowed[c] : allowed[c] * counts[c];
    out[c] = v;
    sum += v;
  }
  if (sum <= 0) {
    for (let c = 0; c < WIDTH; c++) out[c] = allowed[c];
    sum = allowed.reduce((a, b) => a + b, 0);
  }
  for (let c = 0; c < WIDTH; c++) out[c] /= sum;
  return out;
}
