/**
 * Generates the project's own labelled positions, seeds/positions/*.txt, so
 * the solver's tests need nothing outside the repository. Positions come from
 * seeded random playouts (uniform legal moves, game not over), labelled by
 * our solver's analyze: one line `MOVES s1 s2 s3 s4 s5 s6 s7` (x = full
 * column), scores in Pons' convention for the side to move.
 *
 *   npx tsx training/cli/positions.ts [--seed 20261122]
 *
 * Files (name: plies of the positions, count):
 *   end.txt     ply 34-40, 200 positions: small enough to check by plain minimax
 *   middle.txt  ply 18-33, 200 positions
 *   early.txt   ply 10-17, 60 positions
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Position, formatMoves } from '../../src/engine/index.js';
import { Solver, mulberry32 } from '../../src/solver/index.js';
import { writeAtomic } from '../util/atomic-write.js';
import { randomPlayout } from '../util/random-playout.js';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../seeds/positions');
const { values } = parseArgs({ options: { seed: { type: 'string', default: '20261122' } } });
const random = mulberry32(Number(values.seed));
const solver = new Solver({ tableSize: 1 << 22 });

const SETS = [
  { name: 'end', minPly: 34, maxPly: 40, count: 200 },
  { name: 'middle', minPly: 18, maxPly: 33, count: 200 },
  { name: 'early', minPly: 10, maxPly: 17, count: 60 },
];

for (const set of SETS) {
  const lines: string[] = [`# ${set.count} random positions of ${set.minPly}-${set.maxPly} plies, seed ${values.seed}, labelled by Solver.analyze`];
  const seen = new Set<string>();
  while (seen.size < set.count) {
    const ply = set.minPly + Math.floor(random() * (set.maxPly - set.minPly + 1));
    const moves = playout(ply);
    if (moves === null || seen.has(moves)) continue;
    seen.add(moves);
    const scores = solver.analyze(pos(moves));
    lines.push(`${moves} ${scores.map((s) => (s === null ? 'x' : String(s))).join(' ')}`);
    process.stderr.write(`\r${set.name}: ${seen.size}/${set.count}`);
  }
  process.stderr.write('\n');
  writeAtomic(resolve(OUT, `${set.name}.txt`), `${lines.join('\n')}\n`);
}

/** A random game of exactly `ply` moves that is not over, as its moves, or null when it ended early. */
function playout(ply: number): string | null {
  const game = randomPlayout(random, ply);
  return game && formatMoves(game.columns);
}

function pos(moves: string): Position {
  const p = new Position();
  for (const ch of moves) p.play(ch.charCodeAt(0) - 49);
  return p;
}
