/**
 * The one parameter object of the search. Every field is documented with its
 * unit and source; the defaults are deterministic (no noise, no temperature),
 * which is what play and tests want; self-play turns noise and temperature on
 * (see SELFPLAY_SEARCH).
 */

export interface SearchParams {
  /** Simulations (root visits, counting reused ones) per move. AlphaZero: 800; C4 reference builds: 80-150 in self-play. */
  simulations: number;
  /** PUCT exploration constant c_puct (AlphaZero; C4 reference builds 1.5-1.8). */
  cPuct: number;
  /** First-play urgency: an unvisited child is valued at the parent's value minus this (KataGo: 0.2). */
  fpuReduction: number;
  /** The FPU reduction at the root (KataGo uses 0 at a noised root so that noise can act). */
  fpuReductionRoot: number;
  /** Dirichlet noise concentration alpha per legal move (C4 reference builds: 1.0). */
  dirichletAlpha: number;
  /** Weight of the noise in the root priors; 0 turns noise off (AlphaZero: 0.25). */
  dirichletWeight: number;
  /** Moves (plies from the start of the game) that are sampled with `temperature`; later ones take the most visited move. */
  temperatureMoves: number;
  /** Temperature of the visit-count distribution for the first `temperatureMoves` plies (AlphaZero: 1). */
  temperature: number;
  /** Leaves collected per tree per evaluation batch with virtual loss (1 = no virtual loss; the browser uses more). */
  leavesPerStep: number;
  /** Virtual loss added per pending visit: the pending path counts as this many lost playouts. */
  virtualLoss: number;
  /** MCTS-solver (Winands, Björnsson & Saito 2008): propagate proven wins, losses and draws up the tree. */
  solver: boolean;
  /**
   * With the solver: at expansion, mark each move that lets the opponent make
   * four with its next stone as a proven loss (Pons' non-losing-move filter,
   * one ply deep), so no simulation or network evaluation is spent on it.
   * Off by default: 1.16x faster at 16,000 simulations with the same error
   * rates, but the shipped model's losses moving second came 2-4 plies sooner
   * (docs/search-experiments.md, "Pruning moves that lose at once").
   */
  pruneLosing: boolean;
  /** Keep the chosen child's subtree for the next move (AlphaZero). */
  reuseTree: boolean;
  /**
   * KataGo's forced playouts (Wu 2019, arXiv 1902.10565, section 3.1): k in
   * n_forced(c) = sqrt(k * P(c) * N), N the root children's visits, P the
   * noised prior. At a root with Dirichlet noise a child below n_forced is
   * selected first, and the policy target takes those visits back
   * (policyTarget in choice.ts). Only where noise acts (self-play's full
   * searches), so play never changes. 0 = off (KataGo: 2).
   */
  forcedPlayouts: number;
  /**
   * The network's value scale: its value targets were the result scaled by
   * the plies left, z (1 - w pliesLeft / 42) (the run's replay.lengthWeight;
   * the model's `c4.lengthWeight` metadata). With w > 0 the move choice
   * (choice.ts) values a proven loss on that scale, so a long proven loss is
   * played over an unproven move the network values lower (a quicker loss,
   * as far as it can tell). 0 = proven losses are avoided while anything
   * else is left (the MCTS-solver's rule).
   */
  lengthWeight: number;
  /**
   * Moves-left utility (Lc0's moves-left head, its MovesLeftSlope and
   * MovesLeftMaxEffect): where the evaluator estimates the plies left
   * (Evaluation.movesLeft), a child's score gains
   * -Q * clamp(slope * (M_child - M), -cap, cap), Q and M the parent's value
   * for its side to move and its mean plies left, M_child the plies left
   * through the child: a losing side prefers the longer game and a winning
   * side the shorter, in proportion to how sure it is. Among moves that all
   * lose, only the length of the loss separates the best defence from the
   * rest (the gate's second-mover games, docs/training-runs.md), and the
   * value alone does not carry it until it has converged. Per ply; 0 = off
   * (Lc0: 0.0027 with a 0.0345 cap).
   */
  movesLeftSlope: number;
  /** The largest moves-left utility, either way (see movesLeftSlope). */
  movesLeftCap: number;
}

export const DEFAULT_SEARCH: Readonly<SearchParams> = Object.freeze({
  simulations: 200,
  cPuct: 1.5,
  fpuReduction: 0.2,
  fpuReductionRoot: 0,
  dirichletAlpha: 1.0,
  dirichletWeight: 0,
  temperatureMoves: 0,
  temperature: 1,
  leavesPerStep: 1,
  virtualLoss: 1,
  solver: true,
  pruneLosing: false,
  reuseTree: true,
  forcedPlayouts: 0,
  lengthWeight: 0,
  movesLeftSlope: 0,
  movesLeftCap: 0.1,
});

/** Self-play defaults: the C4 reference builds' noise and temperature (TRAINING-NOTES.md). */
export const SELFPLAY_SEARCH: Readonly<SearchParams> = Object.freeze({
  ...DEFAULT_SEARCH,
  simulations: 100,
  dirichletWeight: 0.25,
  temperatureMoves: 10,
});

/** Fills in defaults for the fields a caller left out. */
export function searchParams(p: Partial<SearchParams> = {}, base: Readonly<SearchParams> = DEFAULT_SEARCH): SearchParams {
  const out = { ...base, ...p };
  if (!(out.simulations >= 1)) throw new RangeError('simulations must be at least 1');
  if (!(out.leavesPerStep >= 1)) throw new RangeError('leavesPerStep must be at least 1');
  if (!(out.forcedPlayouts >= 0)) throw new RangeError('forcedPlayouts must be 0 or more');
  if (!(out.lengthWeight >= 0 && out.lengthWeight <= 1)) throw new RangeError('lengthWeight must be in [0, 1]');
  return out;
}
