/**
 * Node-only: the agent's evaluator from an ONNX file, onnxruntime-node behind
 * the position cache, with a clear error when the file is missing or corrupt
 * (and NonFiniteOutputError when its weights make it answer NaN).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { agentEvaluator } from '../../src/agent/evaluators.js';
import type { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { modelSearchHints } from '../../src/nn/model-metadata.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';

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
  const evaluator = agentEvaluator(new OnnxEvaluator(session), { ...opts, ...modelSearchHints(bytes) });
  return { evaluator, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function loadAgentEvaluator(path: string, opts: AgentModelOptions = {}): Promise<CachedEvaluator> {
  return (await loadAgentModel(path, opts)).evaluator;
}
