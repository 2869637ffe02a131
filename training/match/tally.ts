/**
 * A game's result for one side, and the win/draw/loss tally of a series of
 * games: the one count behind the match record, the gate, the arena and the
 * browser match.
 */

export type GameResult = 'win' | 'draw' | 'loss';

/** The result for the player of `side` (1 moves first) of a game that `winner` won (0: a draw). */
export function resultFor(winner: 0 | 1 | 2, side: 1 | 2): GameResult {
  return winner === 0 ? 'draw' : winner === side ? 'win' : 'loss';
}

export interface Tally {
  games: number;
  wins: number;
  draws: number;
  losses: number;
}

/** The tally of `results`. */
export function tally(results: Iterable<GameResult>): Tally {
  const t: Tally = { games: 0, wins: 0, draws: 0, losses: 0 };
  for (const r of results) {
    t.games++;
    if (r === 'win') t.wins++;
    else if (r === 'draw') t.draws++;
    else t.losses++;
  }
  return t;
}
