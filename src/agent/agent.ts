/**
 * The playing agent, one definition for every caller: `npm run match`,
 * `eval`, `agent`, the training gate and the browser worker. MCTS with the
 * play preset (./preset.ts) over an evaluator (./evaluators.ts), the most
 * visited move, a budget in simulations or milliseconds, and one tree that
 * follows the game, so a move's search starts from the subtree the previous
 * searches grew (AlphaZero; visits reused count towards the budget).
 *
 * Searches run in slices of simulations; between slices an optional hook
 * yields (the browser worker lets a newer request in) and may stop the
 * search, which then returns null.
 */
import { WIDTH, parseMoves, type Position } from '../engine/index.js';
import { bestMove } from '../mcts/choice.js';
import { runSearches } from '../mcts/driver.js';
import type { Evaluator } from '../mcts/evaluator.js';
import type { SearchParams } from '../mcts/params.js';
import { Rng } from '../mcts/rng.js';
import { SearchTree } from '../mcts/tree.js';
import { networkSearch, playSearch } from './preset.js';

/** How long the agent searches per move: simulations (root visits) or milliseconds. */
export type Budget = { sims: number } | { ms: number };

export interface AgentParams {
  budget: Budget;
  /** Changes to the play preset (pruneLosing, cPuct, ...); never noise. */
  search?: Partial<SearchParams>;
  /** Seed of the tree's RNG (ties only: play is deterministic). */
  seed?: number;
  /** Simulations per slice between two clock reads or yields. */
  slice?: number;
}

/** Called between slices: whether to go on, and a chance to yield or report. */
export interface AfterSlice {
  /** Called after every slice; false stops the search (it returns null). */
  afterSlice(tree: SearchTree): Promise<boolean> | boolean;
}

/** What the agent says about a search. */
export interface Thought {
  /** The most visited allowed column, -1 when the game is over. */
  best: number;
  /** Root visits per column. */
  visits: Float32Array;
  /** Mean value per column for the side to move (NaN if unvisited). */
  q: Float32Array;
  /** Proven value per column (1, 0, -1) or NaN. */
  proofs: Float32Array;
  /** The root's value for the side to move (proven when known). */
  value: number;
  /** The root's proven value, or null. */
  proven: number | null;
  /** Root visits when the search stopped (reused ones included). */
  simulations: number;
  /** Network evaluations requested by this search (the cache may have answered some). */
  evaluations: number;
}

const DEFAULT_SLICE = 32;

export class Agent {
  private tree: SearchTree | null = null;
  /** The tree root's moves in Pons' notation ('' = empty board). */
  private rootMoves = '';
  private readonly params: SearchParams;
  private evaluations = 0;
  private readonly counted: Evaluator;

  constructor(
    readonly evaluator: Evaluator,
    readonly config: AgentParams,
  ) {
    // The network's value scale and moves-left utility are the model's, unless the caller says otherwise.
    const search = { ...networkSearch(evaluator), ...config.search };
    this.params = playSearch('sims' in config.budget ? config.budget.sims : Number.MAX_SAFE_INTEGER, search);
    this.counted = { evaluate: (ps) => ((this.evaluations += ps.length), evaluator.evaluate(ps)) };
  }

  /** Starts a new game tree at `start` (Pons notation or a position). */
  newGame(start: string | Position = '', seed = this.config.seed ?? 1): void {
    const pos = typeof start === 'string' ? parseMoves(start) : start.clone();
    this.tree = new SearchTree(pos, this.params, new Rng(seed));
    this.rootMoves = typeof start === 'string' ? start : '';
  }

  /** Plays `col` in the followed game (either side's move): the tree keeps the subtree. */
  observe(col: number): void {
    if (!this.tree) return;
    if (this.tree.root.isOver) return;
    this.tree.advance(col);
    this.rootMoves += String(col + 1);
  }

  /**
   * Searches the position `moves` (Pons notation): from the followed tree when
   * `moves` continues its game, else from a fresh tree (the tree then follows
   * this position's game).
   */
  async thinkAbout(moves: string, hooks?: AfterSlice, budget: Budget = this.config.budget): Promise<Thought | null> {
    if (!this.tree || !moves.startsWith(this.rootMoves) || this.tree.root.isOver) this.newGame(moves);
    else for (const ch of moves.slice(this.rootMoves.length)) this.observe(Number(ch) - 1);
    return this.think(hooks, budget);
  }

  /**
   * Searches the followed game's current position with the budget.
   * Precondition: newGame (or thinkAbout) was called.
   */
  async think(hooks?: AfterSlice, budget: Budget = this.config.budget): Promise<Thought | null> {
    const tree = this.tree;
    if (!tree) throw new Error('agent: no game (call newGame first)');
    const e0 = this.evaluations;
    tree.beginMove(false);
    const slice = this.config.slice ?? DEFAULT_SLICE;
    const deadline = 'ms' in budget ? performance.now() + budget.ms : Infinity;
    const target = 'sims' in budget ? budget.sims : Number.MAX_SAFE_INTEGER;
    // Without hooks or a clock, one call: the same leaf batches as a search that was never sliced.
    if (!hooks && deadline === Infinity) await runSearches([tree], this.counted, [target]);
    while (!tree.done(target)) {
      await runSearches([tree], this.counted, [Math.min(target, tree.rootVisits + slice)]);
      if (hooks && !(await hooks.afterSlice(tree))) return null;
      if (performance.now() >= deadline) break;
    }
    return this.thoughtOf(tree, this.evaluations - e0);
  }

  /** The position the agent's tree is at, or null before a game. */
  get root(): Position | null {
    return this.tree?.root ?? null;
  }

  /** The tree following the game (read-only use: reports), or null before a game. */
  get searchTree(): SearchTree | null {
    return this.tree;
  }

  /** What the agent says about `tree`'s root now. */
  thoughtOf(tree: SearchTree, evaluations = 0): Thought {
    const over = tree.root.isOver;
    return {
      best: over ? -1 : bestMove(tree),
      visits: tree.rootVisitsByColumn(new Float32Array(WIDTH)),
      q: tree.rootQByColumn(new Float32Array(WIDTH)),
      proofs: tree.rootProofsByColumn(new Float32Array(WIDTH)),
      value: tree.rootProvenValue ?? tree.rootValue,
      proven: tree.rootProvenValue ?? null,
      simulations: tree.rootVisits,
      evaluations,
    };
  }
}

/** Searches one position from scratch with the play preset (analysis, tests). */
export async function analyse(pos: Position, evaluator: Evaluator, simulations: number, search: Partial<SearchParams> = {}, seed = 1): Promise<Thought> {
  const agent = new Agent(evaluator, { budget: { sims: simulations }, search, seed });
  agent.newGame(pos, seed);
  return (await agent.think())!;
}
