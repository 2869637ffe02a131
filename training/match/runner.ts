/**
 * The match runner: the agent against an opponent over a list of pairings
 * (which colour the agent takes, the seed, the start position), each game
 * played by ./game.ts. `npm run match`, the gate and the arena are its uses:
 * in order with a say after each game (stop early, save so far), or all at
 * once with fresh players per game, their evaluations batched together.
 */
import { playGame, type PlayedGame } from './game.js';
import type { MatchPlayer } from './players.js';
import { resultFor, type GameResult } from './tally.js';

/** One game to play: the agent's colour, the game's seed, and its start position (Pons' notation; '' = the empty board). */
export interface Pairing {
  agentFirst: boolean;
  seed: number;
  start?: string;
}

/** A pairing played: the game and its result for the agent. */
export interface Played extends Pairing {
  /** 1 when the agent moved first, else 2. */
  agentSide: 1 | 2;
  game: PlayedGame;
  result: GameResult;
}

/** Plays one pairing between `agent` and `opponent`. */
export async function playPairing(agent: MatchPlayer, opponent: MatchPlayer, p: Pairing): Promise<Played> {
  const game = p.agentFirst ? await playGame(agent, opponent, p.seed, p.start) : await playGame(opponent, agent, p.seed, p.start);
  const agentSide = p.agentFirst ? 1 : 2;
  return { ...p, agentSide, game, result: resultFor(game.winner, agentSide) };
}

/**
 * Plays the pairings one after another with the same two players; after
 * each game `after` may return false to stop the series there.
 */
export async function playInOrder(agent: MatchPlayer, opponent: MatchPlayer, pairings: Iterable<Pairing>, after: (p: Played) => boolean | void = () => {}): Promise<Played[]> {
  const out: Played[] = [];
  for (const p of pairings) {
    const played = await playPairing(agent, opponent, p);
    out.push(played);
    if (after(played) === false) break;
  }
  return out;
}

/** Plays every pairing at once, each game with its own players (an agent's tree belongs to one game). */
export function playAtOnce(agent: () => MatchPlayer, opponent: () => MatchPlayer, pairings: readonly Pairing[]): Promise<Played[]> {
  return Promise.all(pairings.map((p) => playPairing(agent(), opponent(), p)));
}
