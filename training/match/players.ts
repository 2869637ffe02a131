/**
 * The players of a match, behind one interface (AlphaZero.jl's `Duel`
 * players): the agent (ONNX network + MCTS), the perfect solver and the
 * baseline ladder (random, one-ply, depth-limited alpha-beta). Each player
 * owns its randomness, seeded per game, so a match reproduces from its seed.
 */
import type { Position } from '../../src/engine/index.js';
import { bestMove, runSearches, searchParams, Rng, SearchTree, type Evaluator, type SearchParams } from '../../src/mcts/index.js';
import { chooseBestMove, type Solver } from '../../src/solver/index.js';
import { onePlyMove, randomMove } from '../baselines.js';
import { alphaBetaMove } from './alphabeta.js';

/** What a player says about its move. */
export interface MoveInfo {
  /** The column played, 0-6. */
  col: number;
  /** Value estimate for the side to move in [-1, 1] (agent), or the exact score (solver). */
  value?: number;
  /** Root visits per column (agent). */
  visits?: number[];
  /** Simulations at the root when the search stopped (agent). */
  simulations?: number;
  /** The exact score of every column, null for full ones (solver). */
  scores?: (number | null)[];
}

export interface MatchPlayer {
  readonly name: string;
  /** Called before each game with that game's seed. */
  newGame(seed: number, start: Position): void;
  /** The move for the side to move. Precondition: the game is not over. */
  move(pos: Position): Promise<MoveInfo>;
  /** Called after every move of either side, so a tree can follow the game. */
  observe?(col: number): void;
}

/** How long the agent searches: a fixed number of simulations, or a time budget per move. */
export type SearchBudget = { sims: number } | { ms: number };

/** Simulations added per round of a timed search before the clock is read again. */
const TIMED_CHUNK = 32;

/**
 * The agent: MCTS with the network, no noise, argmax of visits (AlphaZero
 * play). Leaves are batched within the tree by virtual loss, and the tree is
 * reused between moves (visits reused from the previous move count towards
 * the budget, as in AlphaZero).
 */
export class AgentPlayer implements MatchPlayer {
  readonly name: string;
  private tree: SearchTree | null = null;
  private readonly params: SearchParams;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly budget: SearchBudget,
    search: Partial<SearchParams> = {},
    name = 'agent',
  ) {
    this.name = name;
    this.params = searchParams({
      leavesPerStep: 8,
      ...search,
      simulations: 'sims' in budget ? budget.sims : Number.MAX_SAFE_INTEGER,
      dirichletWeight: 0,
      temperatureMoves: 0,
    });
  }

  newGame(seed: number, start: Position): void {
    this.tree = new SearchTree(start, this.params, new Rng(seed));
  }

  async move(pos: Position): Promise<MoveInfo> {
    const tree = this.tree;
    if (!tree || tree.root.key() !== pos.key()) throw new Error('agent: the tree does not follow the game');
    tree.beginMove(false);
    if ('sims' in this.budget) await runSearches([tree], this.evaluator);
    else {
      const deadline = performance.now() + this.budget.ms;
      let target = tree.rootVisits;
      do {
        target += TIMED_CHUNK;
        await runSearches([tree], this.evaluator, [target]);
      } while (performance.now() < deadline && !tree.done(target + 1));
    }
    const col = bestMove(tree);
    const visits = Array.from(tree.rootVisitsByColumn(new Float32Array(7)));
    return { col, value: tree.rootProvenValue ?? tree.rootValue, visits, simulations: tree.rootVisits };
  }

  observe(col: number): void {
    this.tree?.advance(col);
  }
}

/** The perfect solver: a best-scoring column, uniformly at random among equal ones. */
export class SolverPlayer implements MatchPlayer {
  readonly name = 'solver';
  private rng = new Rng(1);

  constructor(private readonly solver: Solver) {}

  newGame(seed: number): void {
    this.rng = new Rng(seed);
  }

  async move(pos: Position): Promise<MoveInfo> {
    const scores = this.solver.analyze(pos);
    const col = chooseBestMove(scores, () => this.rng.next());
    return { col, value: scores[col] ?? undefined, scores };
  }
}

/** The baselines of the ladder, weakest first. */
export type BaselineKind = 'random' | 'one-ply' | 'alphabeta';

export class BaselinePlayer implements MatchPlayer {
  readonly name: string;
  private rng = new Rng(1);

  /** `depth` is the alpha-beta search depth in plies. */
  constructor(
    readonly kind: BaselineKind,
    readonly depth = 4,
  ) {
    this.name = kind === 'alphabeta' ? `alphabeta-${depth}` : kind;
  }

  newGame(seed: number): void {
    this.rng = new Rng(seed);
  }

  async move(pos: Position): Promise<MoveInfo> {
    if (this.kind === 'random') return { col: randomMove(pos, this.rng) };
    if (this.kind === 'one-ply') return { col: onePlyMove(pos, this.rng) };
    return { col: alphaBetaMove(pos, this.depth, this.rng) };
  }
}
