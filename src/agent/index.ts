/** The one playing agent: defaults, evaluator stack, play preset, levels. */
export * from './agent.js';
export * from './defaults.js';
export * from './evaluators.js';
export * from './levels.js';
export * from './preset.js';
