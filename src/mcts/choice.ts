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
const plies = new Float32Array(WIDTH);

/**
 * With `params.lengthWeight` w > 0 (a network trained on length-scaled value
 * targets): the proven loss to play, or -1. A proven loss that ends the game
 * k plies from the root is worth -(1 - w (k - 1) / 42) on the network's own
 * scale, the target its child position was trained on; it is played when it
 * is worth more than every move still allowed (the mean value of an
 * unproven one, the exact value of a proven draw or win), or when every move is a proven loss,
 * the longest one. So a lost root holds out along the proof the tree found
 * instead of a move the network itself expects to lose sooner.
 * Reads the `visits` and `proofs` scratch filled by allowedMoves.
 */
function provenLossToPlay(tree: SearchTree): number {
  const w = tree.params.lengthWeight;
  if (!(w > 0)) return -1;
  tree.rootProofPliesByColumn(plies);
  let loss = -1;
  for (const c of CENTRE_FIRST) {
    if (proofs[c] !== -1) continue;
    if (loss < 0 || plies[c] > plies[loss] || (plies[c] === plies[loss] && visits[c] > visits[loss])) loss = c;
  }
  if (loss < 0) return -1;
  const worth = -(1 - (w * (plies[loss] - 1)) / 42);
  for (let c = 0; c < WIDTH; c++) {
    if (!allowed[c] || proofs[c] === -1) continue;
    const alternative = Number.isNaN(proofs[c]) ? qs[c] : proofs[c];
    if (!Number.isNaN(alternative) && alternative >= worth) return -1;
  }
  return loss;
}

/**
 * The most visited allowed move; ties go to the higher mean value, then to
 * the centre-most column. With a length-scaled network, a long proven loss
 * may be played instead (provenLossToPlay).
 */
export function bestMove(tree: SearchTree): number {
  allowedMoves(tree, allowed);
  tree.rootQByColumn(qs);
  const loss = provenLossToPlay(tree);
  if (loss >= 0) return loss;
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
