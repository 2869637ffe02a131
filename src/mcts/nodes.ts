/**
 * Node storage of the search tree: one struct-of-arrays arena (typed arrays,
 * no per-node objects, so a search allocates nothing per simulation and the
 * GC stays quiet). The children of a node are contiguous: `first[i]` .. 
 * `first[i] + count[i] - 1`. Values are stored from the point of view of the
 * player who made the move INTO the node (the parent's side to move), so a
 * parent picks the child with the highest Q = W / N, and a value backs up by
 * flipping its sign at each level (the AlphaZero negamax convention).
 */

/** `first[i]` of a leaf that has not been expanded. */
export const UNEXPANDED = -1;
/** `first[i]` of a leaf whose evaluation is pending in the current batch. */
export const PENDING = -2;

/** Proof states (MCTS-solver), from the point of view of the player who moved into the node. */
export const UNPROVEN = 0;
export const PROVEN_LOSS = 1;
export const PROVEN_DRAW = 2;
export const PROVEN_WIN = 3;

/** The exact value (-1, 0, 1) of a proof state other than UNPROVEN. */
export function provenValue(state: number): number {
  return state - PROVEN_DRAW;
}

/** The proof state of an exact value (-1, 0, 1). */
export function proofOf(value: number): number {
  return value + PROVEN_DRAW;
}

export class NodeStore {
  /** Nodes in use (indices 0 .. size-1). */
  size = 0;
  capacity: number;
  parent: Int32Array;
  first: Int32Array;
  count: Uint8Array;
  /** Column (0-6) of the move into the node. */
  move: Uint8Array;
  /** Visits, including pending (virtual-loss) ones. */
  visits: Int32Array;
  /** Sum of backed-up values, from the mover-into-the-node's point of view. */
  valueSum: Float64Array;
  /** Prior probability of the move into the node (after root noise, if any). */
  prior: Float32Array;
  /** UNPROVEN or a PROVEN_* state; terminal positions are always proven. */
  proof: Uint8Array;
  /** 1 when the game is over at this node (exact value, never evaluated). */
  terminal: Uint8Array;
  /** Sum of backed-up estimates of the plies left from this node's position (Evaluation.movesLeft), and how many; empty unless `movesLeft`. */
  leftSum: Float64Array;
  leftN: Int32Array;

  constructor(
    capacity = 1024,
    /** Keeps the moves-left sums (SearchParams.movesLeftSlope > 0); fixed for the store's life. */
    readonly movesLeft = false,
  ) {
    this.capacity = capacity;
    this.parent = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.count = new Uint8Array(capacity);
    this.move = new Uint8Array(capacity);
    this.visits = new Int32Array(capacity);
    this.valueSum = new Float64Array(capacity);
    this.prior = new Float32Array(capacity);
    this.proof = new Uint8Array(capacity);
    this.terminal = new Uint8Array(capacity);
    this.leftSum = new Float64Array(movesLeft ? capacity : 0);
    this.leftN = new Int32Array(movesLeft ? capacity : 0);
  }

  /** Forgets every node (keeps the memory). */
  clear(): void {
    this.size = 0;
  }

  /** Reserves `n` contiguous fresh nodes and returns the first index. */
  alloc(n: number): number {
    if (this.size + n > this.capacity) this.grow(this.size + n);
    const start = this.size;
    for (let i = start; i < start + n; i++) {
      this.parent[i] = -1;
      this.first[i] = UNEXPANDED;
      this.count[i] = 0;
      this.move[i] = 0;
      this.visits[i] = 0;
      this.valueSum[i] = 0;
      this.prior[i] = 0;
      this.proof[i] = UNPROVEN;
      this.terminal[i] = 0;
    }
    if (this.movesLeft) {
      this.leftSum.fill(0, start, start + n);
      this.leftN.fill(0, start, start + n);
    }
    this.size += n;
    return start;
  }

  private grow(min: number): void {
    let cap = this.capacity * 2;
    while (cap < min) cap *= 2;
    const grow = <T extends Int32Array | Uint8Array | Float64Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.parent = grow(this.parent, (n) => new Int32Array(n));
    this.first = grow(this.first, (n) => new Int32Array(n));
    this.count = grow(this.count, (n) => new Uint8Array(n));
    this.move = grow(this.move, (n) => new Uint8Array(n));
    this.visits = grow(this.visits, (n) => new Int32Array(n));
    this.valueSum = grow(this.valueSum, (n) => new Float64Array(n));
    this.prior = grow(this.prior, (n) => new Float32Array(n));
    this.proof = grow(this.proof, (n) => new Uint8Array(n));
    this.terminal = grow(this.terminal, (n) => new Uint8Array(n));
    if (this.movesLeft) {
      this.leftSum = grow(this.leftSum, (n) => new Float64Array(n));
      this.leftN = grow(this.leftN, (n) => new Int32Array(n));
    }
    this.capacity = cap;
  }

  /** Copies node `src` of `from` (its fields, not its links) into node `dst` of this store. */
  copyNode(from: NodeStore, src: number, dst: number): void {
    this.move[dst] = from.move[src];
    this.visits[dst] = from.visits[src];
    this.valueSum[dst] = from.valueSum[src];
    this.prior[dst] = from.prior[src];
    this.proof[dst] = from.proof[src];
    this.terminal[dst] = from.terminal[src];
    if (this.movesLeft && from.movesLeft) {
      this.leftSum[dst] = from.leftSum[src];
      this.leftN[dst] = from.leftN[src];
    }
  }

  /**
   * Clears this store and fills it with the subtree of `from` rooted at
   * `root`, which becomes node 0; children stay contiguous (breadth-first
   * copy). This is subtree reuse without an ever-growing arena.
   */
  copySubtree(from: NodeStore, root: number): void {
    this.clear();
    this.alloc(1);
    this.copyNode(from, root, 0);
    this.parent[0] = -1;
    const queue = [root, 0];
    for (let q = 0; q < queue.length; q += 2) {
      const src = queue[q];
      const dst = queue[q + 1];
      const f = from.first[src];
      if (f < 0) {
        // A pending leaf has no evaluation in flight any more after a move: make it a plain leaf.
        this.first[dst] = UNEXPANDED;
        continue;
      }
      const n = from.count[src];
      const start = this.alloc(n);
      this.first[dst] = start;
      this.count[dst] = n;
      for (let k = 0; k < n; k++) {
        this.copyNode(from, f + k, start + k);
        this.parent[start + k] = dst;
        queue.push(f + k, start + k);
      }
    }
  }
}
