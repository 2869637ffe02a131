/**
 * Matches between players for the training ladder and the A/B benches
 * (AlphaZero.jl's `Duel`): the match players of ./match/players.ts (the
 * agent of src/agent, the baselines), every game played by ./match/game.ts,
 * as `npm run match` plays them. Games start from distinct seeded random
 * openings and swap colours in pairs, so deterministic players still play
 * different games. All games run at once, each with its own players; an
 * agent's evaluator is shared through a BatchingEvaluator, so the network
 * sees one batch per search step across the games, as in self-play.
 */
import { formatMoves, Position } from '../../src/engine/index.js';
import { BatchingEvaluator } from '../../src/mcts/batching.js';
import type { Evaluator } from '../../src/mcts/evaluator.js';
import type { SearchParams } from '../../src/mcts/params.js';
import { Rng } from '../../src/mcts/rng.js';
import { randomMove } from './baselines.js';
import { playAtOnce } from './runner.js';
import { tally, type Tally } from './tally.js';
import { AgentPlayer, BaselinePlayer, type BaselineKind, type MatchPlayer } from './players.js';

/** Makes a fresh player for each game (an agent's tree belongs to one game). */
export type PlayerFactory = () => MatchPlayer;

/** The agent at `sims` simulations per move, its evaluations batched across the match's games. */
export function agentPlayers(evaluator: Evaluator, sims: number, search: Partial<SearchParams> = {}, name = 'agent'): PlayerFactory {
  const batched = new BatchingEvaluator(evaluator);
  return () => new AgentPlayer(batched, { sims }, search, name);
}

/** A baseline of the ladder (`depth`: alpha-beta plies). */
export function baselinePlayers(kind: BaselineKind, depth = 4): PlayerFactory {
  return () => new BaselinePlayer(kind, depth);
}

/** Player A's tally, and A's score: (wins + draws / 2) / games. */
export interface ArenaResult extends Tally {
  score: number;
}

export interface ArenaParams {
  /** Games (an even number keeps colours balanced). */
  games: number;
  /** Random plies before the players take over. */
  openingPlies: number;
  seed: number;
}

/** Openings: game 2k and 2k + 1 share one, A moving first in the even game. */
function openings(params: ArenaParams): string[] {
  const rng = new Rng(params.seed);
  const out: string[] = [];
  for (let g = 0; g < params.games; g++) {
    if (g % 2 === 1) {
      out.push(out[g - 1]);
      continue;
    }
    const pos = new Position();
    const cols: number[] = [];
    for (let k = 0; k < params.openingPlies && !pos.isOver; k++) {
      const c = randomMove(pos, rng);
      pos.play(c);
      cols.push(c);
    }
    // An opening that ends the game is played anyway: the game has no moves left and counts as it stands.
    out.push(formatMoves(cols));
  }
  return out;
}

export async function playMatch(a: PlayerFactory, b: PlayerFactory, params: ArenaParams): Promise<ArenaResult> {
  const pairings = openings(params).map((start, g) => ({ agentFirst: g % 2 === 0, seed: params.seed + g, start }));
  const t = tally((await playAtOnce(a, b, pairings)).map((p) => p.result));
  return { ...t, score: (t.wins + t.draws / 2) / t.games };
}
