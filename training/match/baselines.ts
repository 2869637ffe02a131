/**
 * Simple baseline players and probes that catch a broken network or search
 * early (TRAINING-NOTES: a sign error once hid behind healthy self-play
 * statistics): a random player, a one-ply player (win if possible, else block
 * the opponent's immediate win, else random), and probe sets of positions
 * with an immediate win or a single threat to block, on which the raw
 * network's policy is scored.
 */
import { Position, WIDTH } from '../../src/engine/index.js';
import type { Evaluator } from '../../src/mcts/evaluator.js';
import { Rng } from '../../src/mcts/rng.js';

/** The columns that can take a stone, in order; none once the game is won. */
export function legalColumns(pos: Position): number[] {
  const legal = pos.legalMoves();
  const out: number[] = [];
  for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1) out.push(c);
  return out;
}

/** Columns where the side to move wins at once. */
export function winningColumns(pos: Position): number[] {
  return legalColumns(pos).filter((c) => pos.isWinningMove(c));
}

/** Columns where the opponent would win at once if it were to move. */
export function threatColumns(pos: Position): number[] {
  const swapped = pos.clone();
  swapped.curLo ^= swapped.maskLo;
  swapped.curHi ^= swapped.maskHi;
  return legalColumns(swapped).filter((c) => swapped.isWinningMove(c));
}

export function randomMove(pos: Position, rng: Rng): number {
  const cols = legalColumns(pos);
  return cols[rng.int(cols.length)];
}

/** Win if possible, else block, else a random legal column. */
export function onePlyMove(pos: Position, rng: Rng): number {
  const wins = winningColumns(pos);
  if (wins.length > 0) return wins[0];
  const threats = threatColumns(pos);
  if (threats.length > 0) return threats[0];
  return randomMove(pos, rng);
}

export type ProbeKind = 'win' | 'block';

/**
 * `n` distinct positions from seeded random games in which the side to move
 * has an immediate win ('win'), or has none but faces exactly one immediate
 * threat ('block'). The answer set is the winning or blocking columns.
 */
export function probePositions(kind: ProbeKind, n: number, seed: number): { pos: Position; answers: number[] }[] {
  const rng = new Rng(seed);
  const seen = new Set<number>();
  const out: { pos: Position; answers: number[] }[] = [];
  for (let guard = 0; out.length < n && guard < 100_000; guard++) {
    const pos = new Position();
    while (!pos.isOver && out.length < n) {
      const wins = winningColumns(pos);
      const threats = threatColumns(pos);
      const fits = kind === 'win' ? wins.length > 0 : wins.length === 0 && threats.length === 1;
      if (fits && !seen.has(pos.key())) {
        seen.add(pos.key());
        out.push({ pos: pos.clone(), answers: kind === 'win' ? wins : threats });
        break;
      }
      pos.play(randomMove(pos, rng));
    }
  }
  return out;
}

/** Fraction of probes on which the evaluator's policy argmax is one of the answers. */
export async function probeAccuracy(evaluator: Evaluator, probes: readonly { pos: Position; answers: number[] }[]): Promise<number> {
  const evals = await evaluator.evaluate(probes.map((p) => p.pos));
  let right = 0;
  probes.forEach((p, i) => {
    const policy = evals[i].policy;
    let best = 0;
    for (let c = 1; c < WIDTH; c++) if (policy[c] > policy[best]) best = c;
    if (p.answers.includes(best)) right++;
  });
  return right / probes.length;
}
