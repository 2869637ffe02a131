/**
 * Node-only: the agent's evaluator from an ONNX file, onnxruntime-node behind
 * the position cache, with a clear error when the file is missing or corrupt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
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
 * The sha256 of a model file, written into match and eval records so that
 * `npm run card` can refuse results measured on another file.
 */
export function modelSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export async function loadAgentEvaluator(path: string): Promise<CachedEvaluator> {
  if (!existsSync(path)) {
    throw new Error(`model file not found: ${path} (train one with npm run train, or pass --model)`);
  }
  let session;
  try {
    session = await createNodeSession(new Uint8Array(readFileSync(path)));
  } catch (e) {
    throw new Error(`cannot load the ONNX model ${path}: ${(e as Error).message}`);
  }
  return new CachedEvaluator(new OnnxEvaluator(session));
}
