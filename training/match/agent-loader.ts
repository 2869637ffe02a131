/**
 * Node-only: the agent's evaluator from an ONNX file, onnxruntime-node behind
 * the position cache, with a clear error when the file is missing or corrupt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';

/** The model the browser ships and the CLIs use by default. */
export const DEFAULT_MODEL_PATH = 'models/agent.onnx';

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
