/** The match pieces: a game record, the solver as a player, first mistakes, the baseline ladder. */
import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { heuristic } from '../../training/match/alphabeta.js';
import { playGame } from '../../training/match/game.js';
import { agentFirstMistake } from '../../training/match/mistakes.js';
import { BaselinePlayer, SolverPlayer } from '../../training/match/players.js';

// seeds/positions/middle.txt: 322712522455421467 -> 11 x 12 11 -9 -11 -11 (side to move wins).
const START = '322712522455421467';

describe('match games', () => {
  test('the solver keeps the value it starts with against random play, and never errs', async () => {
    const solver = new Solver({ tableSize: 1 << 20 });
    for (const seed of [1, 2, 3]) {
      const rec = await playGame(new SolverPlayer(solver), new BaselinePlayer('random'), seed, START);
      expect(rec.moves.startsWith(START)).toBe(true);
      expect(rec.plies).toBe(rec.moves.length);
      expect(parseMoves(rec.moves).isOver).toBe(true);
      // START has X to move (18 stones) and X wins with score 12: at the latest with its 22-12 = 10th stone, i.e. by ply 37.
      expect(rec.winner).toBe(1);
      expect(rec.plies).toBeLessThanOrEqual(37);
      // Seen from the "agent" side being the solver, there is no mistake.
      expect(agentFirstMistake(rec, 1, solver)).toBeNull();
    }
  });

  test('first mistake: a random player facing the solver errs, and the ply found is a real value drop', async () => {
    const solver = new Solver({ tableSize: 1 << 20 });
    const rec = await playGame(new BaselinePlayer('random'), new SolverPlayer(solver), 7, START);
    const k = agentFirstMistake(rec, 1, solver);
    expect(k).not.toBeNull();
    const before = parseMoves(rec.moves.slice(0, k!));
    const scores = solver.analyze(before);
    const played = rec.moves.charCodeAt(k!) - 49;
    const best = Math.max(...scores.filter((s): s is number => s !== null));
    expect(scores[played]).toBeLessThan(best);
    // Every earlier move by the same side kept the best value.
    for (let j = START.length; j < k!; j += 2) {
      const s = solver.analyze(parseMoves(rec.moves.slice(0, j)));
      expect(s[rec.moves.charCodeAt(j) - 49]).toBe(Math.max(...s.filter((x): x is number => x !== null)));
    }
  });

  test.each([
    ['one-ply', 'random'],
    ['alphabeta', 'one-ply'],
  ] as const)('the ladder is ordered: %s beats %s over 20 games', async (strong, weak) => {
    let strongWins = 0;
    let weakWins = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const a = new BaselinePlayer(strong, 3);
      const b = new BaselinePlayer(weak, 3);
      const first = seed % 2 === 0;
      const rec = first ? await playGame(a, b, seed) : await playGame(b, a, seed);
      if (rec.winner === 0) continue;
      if ((rec.winner === 1) === first) strongWins++;
      else weakWins++;
    }
    expect(strongWins).toBeGreaterThan(3 * weakWins);
  });

  test.each(['4453', '3344556', '12345671'])('the heuristic is mirror-symmetric (%s)', (moves) => {
    const pos = parseMoves(moves);
    expect(heuristic(pos.mirror())).toBe(heuristic(pos));
  });

  test('the heuristic favours the side with more open lines', () => {
    // X in the centre, O in the corner: X is better, whoever is to move.
    expect(heuristic(parseMoves('41'))).toBeGreaterThan(0); // X to move
    expect(heuristic(parseMoves('413'))).toBeLessThan(0); // O to move, X has two central stones
  });
});
