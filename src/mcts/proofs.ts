/**
 * The MCTS-solver's proof rule (Winands, Björnsson & Saito 2008, "Monte-Carlo
 * Tree Search Solver"), extended to draws: a node is decided once one child
 * is a proven win for its side to move, or once every child is proven (its
 * value is then the best of them). Proofs live in NodeStore.proof, from the
 * point of view of the player who moved into each node.
 */
import { NodeStore, PROVEN_LOSS, PROVEN_WIN, UNPROVEN, proofOf, provenValue } from './nodes.js';

/**
 * Tries to prove `node` from its children's proofs. Returns true when
 * `node` became proven just now (so its parent should be tried too).
 */
export function tryProve(nodes: NodeStore, node: number): boolean {
  if (nodes.proof[node] !== UNPROVEN) return false;
  const start = nodes.first[node];
  if (start < 0) return false;
  let best = -2;
  let allProven = true;
  for (let c = start; c < start + nodes.count[node]; c++) {
    const proof = nodes.proof[c];
    // A child that is a win for the player who moved into it is a win for the side to move here.
    if (proof === PROVEN_WIN) {
      nodes.proof[node] = PROVEN_LOSS;
      return true;
    }
    if (proof === UNPROVEN) allProven = false;
    else best = Math.max(best, provenValue(proof));
  }
  if (!allProven) return false;
  nodes.proof[node] = proofOf(-best);
  return true;
}

/**
 * Plies from `node`'s position to the game's end along its proof, each side
 * playing the proof's best line as far as the tree knows it: the winner the
 * quickest proven win, the loser the longest proven loss. 0 for a terminal
 * node; 1 for a leaf proven lost without children (pruneLosing: the
 * opponent makes four next). Only meaningful for a proven win or loss.
 */
export function provenPlies(nodes: NodeStore, node: number): number {
  if (nodes.terminal[node]) return 0;
  const start = nodes.first[node];
  const proof = nodes.proof[node];
  if (start < 0) return proof === PROVEN_LOSS ? 1 : 0;
  // PROVEN_LOSS for the mover into `node`: the side to move here wins, by its quickest winning child.
  // PROVEN_WIN: the side to move here loses whatever it plays, and holds out as long as it can.
  let best = proof === PROVEN_LOSS ? Infinity : 0;
  for (let c = start; c < start + nodes.count[node]; c++) {
    if (proof === PROVEN_LOSS) {
      if (nodes.proof[c] === PROVEN_WIN) best = Math.min(best, provenPlies(nodes, c));
    } else if (nodes.proof[c] !== UNPROVEN) best = Math.max(best, provenPlies(nodes, c));
  }
  return best === Infinity ? 1 : 1 + best;
}
