/**
 * The players of a match, behind one interface (AlphaZero.jl's `Duel`
 * players): the agent (ONNX network + MCTS), the perfect solver and the
 * baseline ladder (random, one-ply, depth-limited alpha-beta). Each player
 * owns its randomness, seeded per game, so a match reproduces from its seed.
 */
import type { Position } from '../../src/engine/index.js';
import { Agent, type Budget } from '../../src/agent/agent.js';
import { levelMove, type Level } from '../../src/agent/levels.js';
import { Rng, type Evaluator, type SearchParams } from '../../src/mcts/index.js';
import { chooseBestMove, type Solver } from '../../src/solver/index.js';
import { onePlyMove, randomMove } from './baselines.js';
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
  /** Called before each game with that game's seed, its start position and that position's moves (Pons' notation). */
  newGame(seed: number, start: Position, startMoves: string): void;
  /** The move for the side to move. Precondition: the game is not over. */
  move(pos: Position): Promise<MoveInfo>;
  /** Called after every move of either side, so a tree can follow the game. */
  observe?(col: number): void;
}

/** How long the agent searches: a fixed number of simulations, or a time budget per move. */
export type SearchBudget = Budget;

/**
 * The agent (src/agent: the one definition of the playing agent) as a match
 * player: its tree follows the game, so visits reused from the previous
 * move count towards the budget, as in AlphaZero.
 */
export class AgentPlayer implements MatchPlayer {
  readonly name: string;
  private readonly agent: Agent;
  /** The game's moves so far (Pons' notation), for a level's seeded choice. */
  private moves = '';

  /** With `level`, its move choice (levelMove: deliberate mistakes for the weaker levels) instead of the most visited. */
  constructor(
    evaluator: Evaluator,
    budget: SearchBudget,
    search: Partial<SearchParams> = {},
    name = 'agent',
    private readonly level: Level | null = null,
  ) {
    this.name = name;
    this.agent = new Agent(evaluator, { budget, search });
  }

  newGame(seed: number, start: Position, startMoves = ''): void {
    this.agent.newGame(start, seed);
    this.moves = startMoves;
  }

  async move(pos: Position): Promise<MoveInfo> {
    const root = this.agent.root;
    if (!root || root.key() !== pos.key()) throw new Error('agent: the tree does not follow the game');
    const t = (await this.agent.think())!;
    const total = t.visits.reduce((a, v) => a + v, 0);
    const col = this.level ? levelMove(this.level, this.moves, { best: t.best, proven: t.proven, visitShare: Array.from(t.visits, (v) => (total > 0 ? v / total : 0)) }) : t.best;
    return { col, value: t.value, visits: Array.from(t.visits), simulations: t.simulations };
  }

  observe(col: number): void {
    this.agent.observe(col);
    this.moves += String(col + 1);
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
