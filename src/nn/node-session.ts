/**
 * Node only: an ONNX model session on onnxruntime-node (CPU), about 10x
 * faster here than onnxruntime-web's wasm in Node. One intra-op thread by
 * default: self-play batches are small and the machine's cores are shared.
 */
import * as ort from 'onnxruntime-node';
import { wrapOrtSession, type ModelSession, type OrtInferenceSession, type OrtModule } from './session.js';

export interface NodeSessionOptions {
  /** Threads inside one operator (default 1). */
  intraOpThreads?: number;
}

/** The onnxruntime-node session options of this project: `intraOpThreads` (default 1), one inter-op thread, full graph optimisation. */
export function nodeSessionOptions(opts: NodeSessionOptions = {}) {
  return {
    intraOpNumThreads: opts.intraOpThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential' as const,
    graphOptimizationLevel: 'all' as const,
  };
}

/** Opens a model from its bytes or a file path. */
export async function createNodeSession(model: Uint8Array | string, opts: NodeSessionOptions = {}): Promise<ModelSession> {
  const options = nodeSessionOptions(opts);
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  return wrapOrtSession(ort as unknown as OrtModule, session as unknown as OrtInferenceSession);
}
