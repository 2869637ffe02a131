/**
 * Browser: an ONNX model session on onnxruntime-web's wasm backend (the
 * `onnxruntime-web/wasm` entry, which leaves out WebGPU/WebGL). Works in a
 * Web Worker; also runs in Node, about 10x slower than onnxruntime-node.
 */
import * as ort from 'onnxruntime-web/wasm';
import { wrapOrtSession, type ModelSession, type OrtInferenceSession, type OrtModule } from './session.js';

export interface WebSessionOptions {
  /** Where the ort-wasm*.wasm files are served from (ort.env.wasm.wasmPaths); default: next to the bundle. */
  wasmPaths?: string;
  /** wasm threads (needs cross-origin isolation for > 1); default 1. */
  threads?: number;
}

export async function createWebSession(model: Uint8Array | ArrayBuffer, opts: WebSessionOptions = {}): Promise<ModelSession> {
  if (opts.wasmPaths !== undefined) ort.env.wasm.wasmPaths = opts.wasmPaths;
  ort.env.wasm.numThreads = opts.threads ?? 1;
  const bytes = model instanceof Uint8Array ? model : new Uint8Array(model);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return wrapOrtSession(ort as unknown as OrtModule, session as unknown as OrtInferenceSession);
}
