/**
 * The playing agent's defaults, in one place: the CLIs (match, eval, agent),
 * the training gate and the browser worker all read them from here.
 */

/**
 * Simulations per move at the match budget (root visits, counting those
 * reused from the previous move's subtree). Chosen by measurement (runs/long
 * gen 60, agent first against the solver, seeds 1-4): 800 won 1 of 4, 16,000
 * won 3 of 4, 64,000 also 3 of 4; 16,000 costs a median 25 ms and at most
 * 0.9 s per move here (tree reuse and MCTS-solver proofs cut most searches short).
 */
export const DEFAULT_SIMULATIONS = 16_000;

/**
 * Whether each network evaluation is averaged with its mirror image's
 * (src/nn/mirror-average.ts). On by measurement (generation 440, 16,000
 * simulations, Pons' six sets): outcome errors with search 58 -> 51 in total
 * (L2_R2 12 -> 6), fewer raw errors on every set, both matches still perfect.
 */
export const DEFAULT_MIRROR_AVERAGE = true;

/**
 * The shipped model's file name: `models/agent.onnx` in the repository, which
 * `npm run card` writes, the CLIs load by default and the page prefers
 * among the models it bundles (src/worker/assets.ts).
 */
export const MODEL_FILE = 'agent.onnx';

/** The shipped model's path from the repository root. */
export const MODEL_PATH = `models/${MODEL_FILE}`;
