/**
 * Match-like timing of the solver's moves (issue 3: "in such a match the
 * solver's median time per move is at most 1 s"). The solver, with the
 * opening book from disk, plays whole games against a cheap stand-in for the
 * agent that opens in the centre, then wins at once when it can, blocks an
 * immediate threat, and otherwise plays a random column (seeded). The solver
 * moves first in half the games and second in the others, choosing like the
 * match CLI: the best-scoring column, uniformly among ties (seeded), by
 * solverMove (Solver.bestMoves). Each solver move is timed; a move that runs past the cap is
 * interrupted and counted at the cap. Writes bench-results/solver-match.json.
 *
 *   npx tsx training/bench/solver-match.ts [--games 8 --seed 1 --cap-s 120 --table-log2 23]
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Position } from '../../src/engine/index.js';
import { Solver, SolverInterruptedError, mulberry32, solverMove } from '../../src/solver/index.js';
import { readBookFile } from '../book/book-file.js';
import { mean, median, printTable } from '../util/stats.js';
import { writeAtomic } from '../util/atomic-write.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'cap-s': { type: 'string', default: '120' },
    'table-log2': { type: 'string', default: '23' },
    out: { type: 'string', default: resolve(ROOT, 'bench-results/solver-match.json') },
  },
});
const capMs = Number(values['cap-s']) * 1000;
const rnd = mulberry32(Number(values.seed));
const solver = new Solver({ tableSize: 2 ** Number(values['table-log2']) });
const book = readBookFile(undefined, true);
solver.setBook(book);

/** The stand-in agent: centre first, else win now, else block, else random. */
function agentMove(pos: Position): number {
  if (pos.moves === 0) return 3;
  const legal = [0, 1, 2, 3, 4, 5, 6].filter((c) => pos.canPlay(c));
  const win = legal.find((c) => pos.isWinningMove(c));
  if (win !== undefined) return win;
  const pass = pos.clone();
  // The opponent's winning cells: play "for" it by flipping the side to move.
  pass.curLo ^= pass.maskLo;
  pass.curHi ^= pass.maskHi;
  const block = legal.find((c) => pass.isWinningMove(c));
  if (block !== undefined) return block;
  return legal[Math.floor(rnd() * legal.length)];
}

const moves: { game: number; ply: number; ms: number; capped: boolean }[] = [];
const games = Number(values.games);
for (let g = 0; g < games; g++) {
  const solverFirst = g % 2 === 0;
  const pos = new Position();
  let line = '';
  while (!pos.isOver) {
    let col: number;
    if ((pos.moves % 2 === 0) === solverFirst) {
      const t0 = performance.now();
      let capped = false;
      try {
        col = solverMove(solver, pos, rnd, { timeLimitMs: capMs }).col;
      } catch (e) {
        if (!(e instanceof SolverInterruptedError)) throw e;
        capped = true;
        col = agentMove(pos);
      }
      const ms = performance.now() - t0;
      moves.push({ game: g, ply: pos.moves, ms, capped });
      process.stderr.write(`game ${g + 1} ply ${pos.moves}: ${ms.toFixed(1)} ms${capped ? ' (capped)' : ''}\n`);
    } else col = agentMove(pos);
    pos.play(col);
    line += String(col + 1);
  }
  process.stderr.write(`game ${g + 1} (solver ${solverFirst ? 'first' : 'second'}): ${line} ${pos.won ? 'won by the last mover' : 'draw'}\n`);
}

const ms = moves.map((m) => m.ms);
const early = moves.filter((m) => m.ply < 8).map((m) => m.ms);
printTable(['solver moves', 'median', 'mean', 'max', 'capped', 'median (ply < 8)', 'max (ply < 8)'], [
  [
    String(ms.length),
    `${median(ms).toFixed(1)} ms`,
    `${mean(ms).toFixed(1)} ms`,
    `${Math.max(...ms).toFixed(1)} ms`,
    String(moves.filter((m) => m.capped).length),
    `${median(early).toFixed(1)} ms`,
    `${Math.max(...early).toFixed(1)} ms`,
  ],
]);
mkdirSync(dirname(values.out as string), { recursive: true });
writeAtomic(
  values.out as string,
  `${JSON.stringify({ date: new Date().toISOString(), bookEntries: book.size, games, capMs, moves }, null, 2)}\n`,
);
