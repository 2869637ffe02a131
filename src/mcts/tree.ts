/**
 * One game's search tree: PUCT selection (Silver et al. 2017/2018), leaf
 * collection with virtual loss for batching, expansion with exact terminal
 * values, negamax backup, optional MCTS-solver proofs (Winands et al. 2008),
 * Dirichlet noise at the root, and subtree reuse. It never calls the network:
 * `collect` hands out leaves and `expand` takes their evaluations, so a
 * driver (driver.ts) can batch the leaves of many trees into one call.
 *
 * Sign convention (the classic bug; see nodes.ts): node values are from the
 * point of view of the player who moved into the node. An evaluation's value
 * is for the side to move at the leaf, so the leaf itself gets -value.
 */
import type { Position } from '../engine/index.js';
import { MAX_MOVES, WIDTH } from '../engine/index.js';
import type { Evaluation } from './evaluator.js';
import {
  NodeStore,
  PENDING,
  PROVEN_DRAW,
  PROVEN_LOSS,
  PROVEN_WIN,
  UNEXPANDED,
  UNPROVEN,
  provenValue,
} from './nodes.js';
import { forcedVisits } from './forced.js';
import type { SearchParams } from './params.js';
import { provenPlies, tryProve } from './proofs.js';
import type { Rng } from './rng.js';

/** Added to the PUCT score of a child owed forced playouts: above any real score (|Q| <= 1, the bonus is finite). */
const FORCED = 1e9;

/** A leaf waiting for its evaluation. */
export interface PendingLeaf {
  node: number;
  pos: Position;
}

export class SearchTree {
  /** The position at the root. */
  root: Position;
  nodes: NodeStore;
  private spare: NodeStore;
  /** Leaves handed out by `collect` and not yet expanded. */
  readonly pending: PendingLeaf[] = [];
  /** Apply Dirichlet noise to the root's priors when it is (or once it gets) expanded. */
  private noiseWanted = false;
  private noiseApplied = false;
  private readonly noise = new Float64Array(WIDTH);
  /** Scratch: the nodes of the current selection path. */
  private readonly path = new Int32Array(MAX_MOVES + 2);

  constructor(
    root: Position,
    public params: SearchParams,
    private readonly rng: Rng,
  ) {
    this.root = root.clone();
    // The moves-left sums are kept only where the utility is on (fixed for the tree's life).
    this.nodes = new NodeStore(1024, params.movesLeftSlope > 0);
    this.spare = new NodeStore(1024, params.movesLeftSlope > 0);
    this.nodes.alloc(1);
    this.markTerminal(0, this.root);
  }

  /** Simulations done at the root (counting reused and pending ones). */
  get rootVisits(): number {
    return this.nodes.visits[0];
  }

  /** True when the root's game value is proven (needs `params.solver`). */
  get rootProven(): boolean {
    return this.nodes.proof[0] !== UNPROVEN;
  }

  /** The root's exact value for the side to move, when proven: 1, 0 or -1. */
  get rootProvenValue(): number | undefined {
    const p = this.nodes.proof[0];
    return p === UNPROVEN ? undefined : -provenValue(p);
  }

  /** Root value for the side to move: mean of the backed-up values (the search's q). */
  get rootValue(): number {
    const n = this.nodes.visits[0];
    return n > 0 ? -this.nodes.valueSum[0] / n : 0;
  }

  /**
   * True while this move's search forces playouts at the root (KataGo):
   * `forcedPlayouts` on and noise wanted, so never in play.
   */
  get forcing(): boolean {
    return this.noiseWanted && this.params.forcedPlayouts > 0;
  }

  /**
   * Prepares a search for the next move: with `noise`, mixes Dirichlet noise
   * into the root priors (AlphaZero), once per move, also into a reused root.
   */
  beginMove(noise: boolean): void {
    this.noiseWanted = noise && this.params.dirichletWeight > 0;
    this.noiseApplied = false;
    if (this.noiseWanted && this.nodes.first[0] >= 0) this.applyNoise();
  }

  /** True when this move's search is finished. */
  done(simulations = this.params.simulations): boolean {
    if (this.root.isOver) return true;
    if (this.params.solver && this.rootProven) return true;
    return this.nodes.visits[0] >= simulations;
  }

  /**
   * Runs selections until `maxLeaves` leaves need an evaluation (appended to
   * `this.pending`; returns how many were added) or the search is done.
   * Simulations that end in a terminal or proven node are backed up at once.
   * Stops early on a collision (a leaf already pending), as in Leela Zero.
   */
  collect(maxLeaves: number, simulations = this.params.simulations): number {
    const nodes = this.nodes;
    const path = this.path;
    const solver = this.params.solver;
    const vl = this.params.virtualLoss;
    let added = 0;
    // Terminal and proven simulations are cheap and add no leaf, so they do not count against maxLeaves.
    while (added < maxLeaves && !this.done(simulations)) {
      const pos = this.root.clone();
      let node = 0;
      let depth = 0;
      path[depth++] = 0;
      while (nodes.first[node] >= 0 && !(nodes.proof[node] !== UNPROVEN && (solver || nodes.terminal[node]))) {
        node = this.select(node);
        pos.play(nodes.move[node]);
        path[depth++] = node;
      }
      if (nodes.first[node] === PENDING) break; // collision: wait for the batch
      // The visit counts at once (and as a virtual loss while pending), so other selections in this batch avoid the path.
      for (let d = 0; d < depth; d++) {
        nodes.visits[path[d]]++;
        nodes.valueSum[path[d]] -= vl;
      }
      if (nodes.proof[node] !== UNPROVEN && (solver || nodes.terminal[node])) {
        // Plies left: none at the game's end; at a proven node, what its simulations said (if anything).
        const left = nodes.terminal[node] ? 0 : nodes.movesLeft && nodes.leftN[node] > 0 ? nodes.leftSum[node] / nodes.leftN[node] : NaN;
        this.backup(node, provenValue(nodes.proof[node]), vl, left);
      } else {
        nodes.first[node] = PENDING;
        this.pending.push({ node, pos });
        added++;
      }
    }
    return added;
  }

  /** Expands a pending leaf with its evaluation and backs the value up. */
  expand(leaf: PendingLeaf, ev: Evaluation): void {
    const nodes = this.nodes;
    const { node, pos } = leaf;
    const legal = pos.legalMoves();
    let n = 0;
    for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) n++;
    const start = nodes.alloc(n);
    let prior = 0;
    for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) prior += ev.policy[c];
    // Threats the side to move must answer; with two or more, every move that does not win at once loses.
    const prune = this.params.solver && this.params.pruneLosing;
    const threats = prune ? pos.opponentThreats() : 0;
    let k = start;
    for (let c = 0; c < WIDTH; c++) {
      if (!((legal >> c) & 1)) continue;
      nodes.parent[k] = node;
      nodes.move[k] = c;
      // Renormalise over legal moves; fall back to uniform if the policy put nothing there.
      nodes.prior[k] = prior > 0 ? ev.policy[c] / prior : 1 / n;
      if (pos.isWinningMove(c)) {
        nodes.terminal[k] = 1;
        nodes.proof[k] = PROVEN_WIN;
      } else if (pos.moves + 1 === MAX_MOVES) {
        nodes.terminal[k] = 1;
        nodes.proof[k] = PROVEN_DRAW;
      } else if (prune && this.losesAtOnce(pos, c, threats)) {
        nodes.proof[k] = PROVEN_LOSS; // the opponent wins with its next stone
      }
      k++;
    }
    nodes.first[node] = start;
    nodes.count[node] = n;
    if (node === 0 && this.noiseWanted && !this.noiseApplied) this.applyNoise();
    // The leaf's value for the player who moved into it is minus the side to move's value.
    let value = -ev.value;
    if (this.params.solver && tryProve(this.nodes, node)) value = provenValue(nodes.proof[node]);
    this.backup(node, value, this.params.virtualLoss, ev.movesLeft ?? NaN);
  }

  /**
   * True when the side to move in `pos`, playing `col` (which does not win),
   * leaves the opponent a four: an unanswered threat elsewhere, or a threat
   * on the cell just above its own stone.
   */
  private losesAtOnce(pos: Position, col: number, threats: number): boolean {
    if ((threats & ~(1 << col)) !== 0) return true;
    const child = pos.clone();
    child.play(col);
    return child.canPlay(col) && child.isWinningMove(col);
  }

  /** Chooses the child of `node` with the highest PUCT score. */
  private select(node: number): number {
    const nodes = this.nodes;
    const { cPuct, solver } = this.params;
    const start = nodes.first[node];
    const end = start + nodes.count[node];
    const n = nodes.visits[node];
    const sqrtN = Math.sqrt(n);
    // Parent value for its side to move, and the policy mass already visited, for FPU (KataGo).
    const parentQ = n > 0 ? -nodes.valueSum[node] / n : 0;
    let visitedPrior = 0;
    let childVisits = 0;
    for (let c = start; c < end; c++) {
      if (nodes.visits[c] > 0) visitedPrior += nodes.prior[c];
      childVisits += nodes.visits[c];
    }
    const reduction = node === 0 ? this.params.fpuReductionRoot : this.params.fpuReduction;
    const fpu = parentQ - reduction * Math.sqrt(visitedPrior);
    // Forced playouts (KataGo): a root child below n_forced goes first; among several, the best PUCT score.
    const force = node === 0 && this.forcing ? this.params.forcedPlayouts : 0;
    // Moves-left utility (SearchParams.movesLeftSlope): the side to move here, at value parentQ, prefers the longer game when losing.
    const { movesLeftSlope: slope, movesLeftCap: cap } = this.params;
    const movesLeft = nodes.movesLeft && slope > 0 && nodes.leftN[node] > 0;
    const parentM = movesLeft ? nodes.leftSum[node] / nodes.leftN[node] : 0;
    let best = start;
    let bestScore = -Infinity;
    for (let c = start; c < end; c++) {
      const proof = nodes.proof[c];
      const nc = nodes.visits[c];
      let q: number;
      if (proof !== UNPROVEN && (solver || nodes.terminal[c])) {
        if (proof === PROVEN_WIN) return c; // a proven win needs no more search
        if (proof === PROVEN_LOSS) continue; // never worth a visit: an unproven or drawn sibling exists
        q = provenValue(proof);
      } else {
        q = nc > 0 ? nodes.valueSum[c] / nc : fpu;
        if (movesLeft && nodes.leftN[c] > 0) {
          const longer = nodes.leftSum[c] / nodes.leftN[c] + 1 - parentM;
          q -= parentQ * Math.max(-cap, Math.min(cap, slope * longer));
        }
      }
      let score = q + (cPuct * nodes.prior[c] * sqrtN) / (1 + nc);
      if (force > 0 && nc < forcedVisits(force, nodes.prior[c], childVisits)) score += FORCED;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /**
   * Adds `value` (for the player who moved into `node`) along the path to the
   * root, flipping its sign each level, and takes back the virtual loss that
   * `collect` put there. With the solver, also propagates proofs upwards.
   * With the moves-left utility on, also adds `left` (the plies left from
   * `node`'s position; NaN = no estimate), one more per level.
   */
  private backup(node: number, value: number, vl: number, left: number): void {
    const nodes = this.nodes;
    let prove = this.params.solver && nodes.proof[node] !== UNPROVEN;
    const countLeft = nodes.movesLeft && !Number.isNaN(left);
    for (let i = node; i >= 0; i = nodes.parent[i]) {
      nodes.valueSum[i] += vl + value;
      if (countLeft) {
        nodes.leftSum[i] += left;
        nodes.leftN[i]++;
        left++;
      }
      value = -value;
      const p = nodes.parent[i];
      if (prove && p >= 0) prove = tryProve(this.nodes, p);
    }
  }

  private applyNoise(): void {
    const nodes = this.nodes;
    const start = nodes.first[0];
    const n = nodes.count[0];
    const w = this.params.dirichletWeight;
    this.rng.dirichlet(this.params.dirichletAlpha, n, this.noise);
    for (let k = 0; k < n; k++) nodes.prior[start + k] = (1 - w) * nodes.prior[start + k] + w * this.noise[k];
    this.noiseApplied = true;
  }

  /** Marks node `i` terminal if `pos` is over (used for a root that is over). */
  private markTerminal(i: number, pos: Position): void {
    if (!pos.isOver) return;
    this.nodes.terminal[i] = 1;
    this.nodes.proof[i] = pos.won ? PROVEN_WIN : PROVEN_DRAW;
  }

  /** Visits of each root child by column (0 for illegal columns) into `out` (length 7). */
  rootVisitsByColumn(out: Float32Array): Float32Array {
    return this.rootByColumn(this.nodes.visits, out);
  }

  /** `values` of the root's children by column into `out` (0 for illegal columns). */
  private rootByColumn(values: Int32Array | Float32Array, out: Float32Array): Float32Array {
    out.fill(0);
    const nodes = this.nodes;
    const start = nodes.first[0];
    if (start < 0) return out;
    for (let c = start; c < start + nodes.count[0]; c++) out[nodes.move[c]] = values[c];
    return out;
  }

  /**
   * For each root child by column: its proof from the side to move's point
   * of view (1 win, 0 draw, -1 loss) or NaN when unproven or illegal.
   */
  rootProofsByColumn(out: Float32Array): Float32Array {
    out.fill(NaN);
    const nodes = this.nodes;
    const start = nodes.first[0];
    if (start < 0) return out;
    for (let c = start; c < start + nodes.count[0]; c++) {
      const p = nodes.proof[c];
      if (p !== UNPROVEN && (this.params.solver || nodes.terminal[c])) out[nodes.move[c]] = provenValue(p);
    }
    return out;
  }

  /**
   * For each root child by column with a proven win or loss: the plies from
   * the root to the game's end along its proof (proofs.ts provenPlies, plus
   * the move itself); NaN otherwise.
   */
  rootProofPliesByColumn(out: Float32Array): Float32Array {
    out.fill(NaN);
    const nodes = this.nodes;
    const start = nodes.first[0];
    if (start < 0) return out;
    for (let c = start; c < start + nodes.count[0]; c++) {
      const p = nodes.proof[c];
      if ((p === PROVEN_WIN || p === PROVEN_LOSS) && (this.params.solver || nodes.terminal[c])) out[nodes.move[c]] = 1 + provenPlies(nodes, c);
    }
    return out;
  }

  /** Prior of each root child by column, after noise (0 for illegal columns). */
  rootPriorsByColumn(out: Float32Array): Float32Array {
    return this.rootByColumn(this.nodes.prior, out);
  }

  /** Mean value of each root child for the side to move, by column (NaN when unvisited or illegal). */
  rootQByColumn(out: Float32Array): Float32Array {
    out.fill(NaN);
    const nodes = this.nodes;
    const start = nodes.first[0];
    if (start < 0) return out;
    for (let c = start; c < start + nodes.count[0]; c++) {
      if (nodes.visits[c] > 0) out[nodes.move[c]] = nodes.valueSum[c] / nodes.visits[c];
    }
    return out;
  }

  /**
   * Plays `col` at the root. With `params.reuseTree` the child's subtree
   * becomes the new tree (AlphaZero), else the tree starts afresh.
   */
  advance(col: number): void {
    const nodes = this.nodes;
    let child = -1;
    const start = nodes.first[0];
    if (start >= 0) for (let c = start; c < start + nodes.count[0]; c++) if (nodes.move[c] === col) child = c;
    this.root.playChecked(col);
    this.pending.length = 0;
    if (child >= 0 && this.params.reuseTree) {
      this.spare.copySubtree(nodes, child);
      this.spare.visits[0] = Math.max(this.spare.visits[0], 0);
      [this.nodes, this.spare] = [this.spare, nodes];
      if (!this.params.solver && !this.nodes.terminal[0]) this.nodes.proof[0] = UNPROVEN;
    } else {
      nodes.clear();
      nodes.alloc(1);
      this.markTerminal(0, this.root);
    }
    this.noiseApplied = false;
    this.noiseWanted = false;
  }
}

export { PROVEN_DRAW, PROVEN_LOSS, PROVEN_WIN, UNEXPANDED };
