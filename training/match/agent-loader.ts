/**
 * Node-only: the agent's evaluator from an ONNX file, onnxruntime-node behind
 * the position cache, with a clear error when the file is missing or corrupt
 * (and NonFiniteOutputError when its weights make it answer NaN).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { FiniteCheckingEvaluator } from '../../src/nn/finite-check.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { MirrorAveragingEvaluator } from '../../src/nn/mirror-average.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';

/** The model the browser ships and the CLIs use by default. */
export const DEFAULT_MODEL_PATH = 'models/agent.onnx';

/**
 * The agent's default search budget in simulations per move (root visits,
 * counting those reused from the previous move's subtree), shared by match,
 * eval and agent. Chosen by measurement (runs/long gen 60, agent first
 * against the solver, seeds 1-4): 800 won 1 of 4, 16,000 won 3 of 4, 64,000
 * also 3 of 4; 16,000 costs a median 25 ms and at most 0.9 s per move here
 * (tree reuse and MCTS-solver proofs cut most searches short).
 */
export const DEFAULT_SIMULATIONS = 16_000;

/**
 * Whether the agent averages each network evaluation with its mirror
 * image's (src/nn/mirror-average.ts), in match, eval, agent and the browser.
 * On by measurement (generation 440, 16,000 simulations, Pons' six sets):
 * outcome errors with search 58 -> 51 in total (L2_R2 12 -> 6), fewer raw
 * errors on every set, both matches still perfect (README, "Search: mirror
 * averaging").
 */
export const DEFAULT_MIRROR_AVERAGE = true;

export interface AgentModelOptions {
  /** Average each evaluation with its mirror image's (default DEFAULT_MIRROR_AVERAGE). */
  mirrorAverage?: boolean;
}

/**
 * The agent's evaluator and the sha256 of the bytes it was loaded from (one
 * read of the file), which match and eval records carry so that
 * `npm run card` can refuse results measured on another file.
 */
export async function loadAgentModel(path: string, opts: AgentModelOptions = {}): Promise<{ evaluator: CachedEvaluator; sha256: string }> {
  if (!existsSync(path)) {
    throw new Error(`model file not found: ${path} (train one with npm run train, or pass --model)`);
  }
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    // EISDIR and the like say nothing of the path by themselves.
    throw new Error(`cannot read the model file ${path}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
  let session;
  try {
    session = await createNodeSession(new Uint8Array(bytes));
  } catch (e) {
    throw new Error(`cannot load the ONNX model ${path}: ${(e as Error).message}`);
  }
  const net = new FiniteCheckingEvaluator(new OnnxEvaluator(session));
  const evaluator = new CachedEvaluator((opts.mirrorAverage ?? DEFAULT_MIRROR_AVERAGE) ? new MirrorAveragingEvaluator(net) : net);
  return { evaluator, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function loadAgentEvaluator(path: string, opts: AgentModelOptions = {}): Promise<CachedEvaluator> {
  return (await loadAgentModel(path, opts)).evaluator;
}
