/**
 * `npm run bench:engine`: moves per second of random playouts on the bitboard
 * engine (legal-move mask, a random legal column, play with win detection),
 * as the median of several timed runs.
 */
import { Position } from '../../src/engine/index.js';
import { median, printTable } from '../util/stats.js';

const RUNS = 7;
const GAMES_PER_RUN = 400_000;

/** For each 7-bit legal mask, its columns in order, so a pick costs one lookup. */
const COLUMNS_OF: number[][] = Array.from({ length: 128 }, (_, m) => [0, 1, 2, 3, 4, 5, 6].filter((c) => (m >> c) & 1));

function playouts(games: number, seed: number): number {
  let s = seed >>> 0 || 1;
  let moves = 0;
  const pos = new Position();
  for (let g = 0; g < games; g++) {
    pos.curLo = pos.curHi = pos.maskLo = pos.maskHi = pos.moves = 0;
    pos.won = false;
    while (!pos.won && pos.moves < 42) {
      const cols = COLUMNS_OF[pos.legalMoves()];
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      pos.play(cols[(s >>> 0) % cols.length]);
      moves++;
    }
  }
  return moves;
}

playouts(20_000, 99); // warm up the JIT
const rates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const moves = playouts(GAMES_PER_RUN, run + 1);
  const seconds = (performance.now() - t0) / 1000;
  rates.push(moves / seconds);
  process.stderr.write(`run ${run + 1}/${RUNS}: ${(moves / seconds / 1e6).toFixed(2)} M moves/s\n`);
}
printTable(['benchmark', 'median', 'min', 'max'], [
  [
    'random playouts (moves/s)',
    `${(median(rates) / 1e6).toFixed(2)} M`,
    `${(Math.min(...rates) / 1e6).toFixed(2)} M`,
    `${(Math.max(...rates) / 1e6).toFixed(2)} M`,
  ],
]);
