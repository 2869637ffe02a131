/**
 * One game between two match players, with the record a match report needs:
 * the moves, who won, at which ply, and each move's thinking time.
 */
import { formatMoves, parseMoves } from '../../src/engine/index.js';
import type { MatchPlayer, MoveInfo } from './players.js';

export interface PlayedGame {
  /** The start position in Pons' notation ('' = the empty board). */
  start: string;
  /** All moves in Pons' notation from the empty board: `start` and the moves played. */
  moves: string;
  /** Plies on the board at the end of the game. */
  plies: number;
  /** 1 = the first player won, 2 = the second, 0 = draw. */
  winner: 0 | 1 | 2;
  /** Per move played from `start`: the mover (1 or 2), milliseconds and what the player said. */
  log: { player: 1 | 2; ms: number; info: MoveInfo }[];
}

/**
 * Plays a game to the end from `start` (Pons notation, default the empty
 * board); `first` plays the first player's stones, whoever is to move at `start`.
 */
export async function playGame(first: MatchPlayer, second: MatchPlayer, seed: number, start = ''): Promise<PlayedGame> {
  const pos = parseMoves(start);
  first.newGame(seed, pos, start);
  second.newGame(seed + 1_000_003, pos, start);
  const cols: number[] = [];
  const log: PlayedGame['log'] = [];
  while (!pos.isOver) {
    const mover = pos.sideToMove;
    const player = mover === 1 ? first : second;
    const t0 = performance.now();
    const info = await player.move(pos);
    const ms = performance.now() - t0;
    if (!pos.canPlay(info.col)) throw new Error(`${player.name} played column ${info.col + 1}, which is not legal`);
    pos.play(info.col);
    cols.push(info.col);
    first.observe?.(info.col);
    second.observe?.(info.col);
    log.push({ player: mover, ms, info });
  }
  const winner: 0 | 1 | 2 = pos.won ? (pos.sideToMove === 1 ? 2 : 1) : 0;
  return { start, moves: start + formatMoves(cols), plies: pos.moves, winner, log };
}
