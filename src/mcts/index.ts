/** Monte Carlo tree search (PUCT, AlphaZero) over the engine, batched across trees. */
export * from './evaluator.js';
export * from './params.js';
export * from './rng.js';
export * from './tree.js';
export * from './choice.js';
export * from './driver.js';
export * from './rollout-evaluator.js';
