/** The perfect solver: Pons-style negamax, transposition table, opening book and move choice. */
export * from './solver.js';
export * from './book.js';
export * from './choose.js';
export { EXACT, LOWER, NO_MOVE, TranspositionTable, UPPER, entryData, entryMove, entryScore, entryType, nextPrime } from './transposition-table.js';
