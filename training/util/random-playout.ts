/**
 * Seeded random games: the positions that `training/cli/positions.ts` labels
 * and that `npm run bench:solver` warms the JIT on.
 */
import { Position } from '../../src/engine/index.js';

/**
 * A game of exactly `ply` uniformly random legal moves drawn from `random`,
 * and its columns; null when the game ended (a four, or a full board) on the
 * way. The draws are the same whatever the outcome, so a seed's sequence of
 * games is fixed.
 */
export function randomPlayout(random: () => number, ply: number): { position: Position; columns: number[] } | null {
  const position = new Position();
  const columns: number[] = [];
  while (position.moves < ply) {
    const legal = position.legalMoves();
    if (legal === 0) return null;
    let c: number;
    do c = Math.floor(random() * 7);
    while (((legal >> c) & 1) === 0);
    position.play(c);
    columns.push(c);
    if (position.isOver) return null;
  }
  return { position, columns };
}
