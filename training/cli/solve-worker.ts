/**
 * A worker thread of `npm run solve -- --analyze --threads N`: its own Solver
 * (and opening book) scores the columns it is sent, one message per column:
 * in `{ moves, col, weak }`, out `{ score }` (the score of playing `col`, as
 * in Solver.analyze) or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';
import { readBookFile } from '../book/book-file.js';

const { tableSize, bookPath, bookRequired } = workerData as { tableSize: number; bookPath: string | null; bookRequired: boolean };
const solver = new Solver({ tableSize });
if (bookPath !== null) solver.setBook(readBookFile(bookPath, bookRequired));

parentPort!.on('message', ({ moves, col, weak }: { moves: string; col: number; weak: boolean }) => {
  try {
    parentPort!.postMessage({ score: solver.analyzeColumn(parseMoves(moves), col, { weak }) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
