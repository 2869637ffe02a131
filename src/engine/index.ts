/** The Connect Four engine: bitboard position, notation and network encoding. */
export * from './bitboard.js';
export * from './position.js';
export * from './notation.js';
export * from './encoding.js';
export * from './lines.js';
