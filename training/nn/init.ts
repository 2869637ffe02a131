/**
 * Deterministic weight initialisation from a seed, independent of tfjs' own
 * random state, so `createModel(cfg, seed)` gives the same numbers on every
 * backend and machine.
 */

export { mulberry32 } from '../../src/mcts/rng.js';

/** Standard normal samples by Box-Muller. */
export function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** He et al. 2015 normal init for layers followed by ReLU: N(0, 2 / fanIn). */
export function heNormal(size: number, fanIn: number, rand: () => number): Float32Array {
  const g = gaussian(rand);
  const sd = Math.sqrt(2 / fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = g() * sd;
  return out;
}

/** Glorot & Bengio 2010 uniform init: U(-l, l), l = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(size: number, fanIn: number, fanOut: number, rand: () => number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (2 * rand() - 1) * limit;
  return out;
}
