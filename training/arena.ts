/**
 * Matches between players (AlphaZero.jl's `Duel`): network-guided MCTS
 * without noise (argmax of visits), the random player, the one-ply
 * player, or the depth-limited alpha-beta player. Games start from distinct seeded random openings and swap colours
 * in pairs, so deterministic players still play different games. All MCTS
 * games of one player are searched together, one batch per step.
 */
import { Position } from '../src/engine/index.js';
import { bestMove } from '../src/mcts/choice.js';
import { runSearches } from '../src/mcts/driver.js';
import type { Evaluator } from '../src/mcts/evaluator.js';
import type { SearchParams } from '../src/mcts/params.js';
import { Rng } from '../src/mcts/rng.js';
import { SearchTree } from '../src/mcts/tree.js';
import { onePlyMove, randomMove } from './baselines.js';
import { alphaBetaMove } from './match/alphabeta.js';

export type Player =
  | { kind: 'mcts'; evaluator: Evaluator; search: SearchParams }
  | { kind: 'random' }
  | { kind: 'one-ply' }
  | { kind: 'alphabeta'; depth: number };

export interface MatchResult {
  games: number;
  /** Wins, draws, losses of player A. */
  wins: number;
  draws: number;
  losses: number;
  /** A's score: (wins + draws / 2) / games. */
  score: number;
}

export interface MatchParams {
  /** Games (an even number keeps colours balanced). */
  games: number;
  /** Random plies before the players take over. */
  openingPlies: number;
  seed: number;
}

export async function playMatch(a: Player, b: Player, params: MatchParams): Promise<MatchResult> {
  const rng = new Rng(params.seed);
  const games = Array.from({ length: params.games }, (_, g) => {
    const pos = new Position();
    // The same opening for both colour assignments of a pair.
    if (g % 2 === 0) for (let k = 0; k < params.openingPlies && !pos.isOver; k++) pos.play(randomMove(pos, rng));
    return { pos, aFirst: g % 2 === 0, trees: [null, null] as (SearchTree | null)[] };
  });
  for (let g = 1; g < games.length; g += 2) games[g].pos = games[g - 1].pos.clone();
  const players = [a, b];
  for (const game of games) {
    players.forEach((p, i) => {
      if (p.kind === 'mcts') game.trees[i] = new SearchTree(game.pos, p.search, rng);
    });
  }
  // Player index (0 = A) to move in a game.
  const toMove = (game: (typeof games)[number]) => ((game.pos.moves - (game.aFirst ? 0 : 1)) & 1) === 0 ? 0 : 1;
  for (;;) {
    const live = games.filter((g) => !g.pos.isOver);
    if (live.length === 0) break;
    for (let i = 0; i < 2; i++) {
      const mine = live.filter((g) => toMove(g) === i && !g.pos.isOver);
      if (mine.length === 0) continue;
      const player = players[i];
      let moves: number[];
      if (player.kind === 'mcts') {
        const trees = mine.map((g) => g.trees[i]!);
        for (const t of trees) t.beginMove(false);
        await runSearches(trees, player.evaluator);
        moves = trees.map((t) => bestMove(t));
      } else {
        moves = mine.map((g) =>
          player.kind === 'random'
            ? randomMove(g.pos, rng)
            : player.kind === 'one-ply'
              ? onePlyMove(g.pos, rng)
              : alphaBetaMove(g.pos, player.depth, rng),
        );
      }
      mine.forEach((g, j) => {
        g.pos.playChecked(moves[j]);
        for (const t of g.trees) t?.advance(moves[j]);
      });
    }
  }
  let wins = 0;
  let draws = 0;
  for (const g of games) {
    if (!g.pos.won) draws++;
    // The player who made the last move won; A made it when A is not to move now.
    else if (toMove(g) === 1) wins++;
  }
  const losses = games.length - wins - draws;
  return { games: games.length, wins, draws, losses, score: (wins + draws / 2) / games.length };
}
