/**
 * The tfjs backend the trainer runs on: `@tensorflow/tfjs-backend-wasm`
 * (XNNPACK) with the gradient kernels of `./kernels.ts` installed.
 *
 * Why wasm: `@tensorflow/tfjs-node` cannot be installed here, and the pure-JS
 * `cpu` backend trains a 4x32 residual net at a few samples per second.
 * In Node the wasm backend runs single-threaded: tfjs 4.22 turns its
 * multithreaded build off under Node (flags_wasm.ts, tensorflow/tfjs#3830),
 * which suits a 2-core machine where self-play needs the other core anyway.
 * SIMD is on when the runtime validates it (Node 20 does): it trains the
 * 4x32 net about 2x faster than the plain build (819 against 378 samples per
 * CPU-second, `npm run bench:train -- --sizes 4x32 [--no-simd]`).
 *
 * Node-only (reads the .wasm files from node_modules).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerGradientKernels } from './kernels/index.js';

export interface TrainingBackendParams {
  /** Use the SIMD build of the wasm backend when the runtime supports it. Default true (about 2x faster, see bench:train). */
  simd: boolean;
  /** Silence tfjs' "install tfjs-node" banner and kernel-override warnings. Default true. */
  quiet: boolean;
}

export const DEFAULT_TRAINING_BACKEND: TrainingBackendParams = {
  simd: true,
  quiet: true,
};

let ready: Promise<void> | null = null;

/**
 * Selects the wasm backend (once per process; later calls return the same
 * promise) and installs the missing gradient kernels.
 */
export function initTrainingBackend(params: Partial<TrainingBackendParams> = {}): Promise<void> {
  ready ??= init({ ...DEFAULT_TRAINING_BACKEND, ...params });
  return ready;
}

async function init(p: TrainingBackendParams): Promise<void> {
  if (p.quiet) tf.env().set('PROD', true); // PROD mode drops tfjs' console banners
  if (!p.simd) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  const require = createRequire(import.meta.url);
  // The package's main entry lives in dist/; the .wasm binaries sit beside it.
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(join(dist, '/'));
  const warn = console.warn;
  if (p.quiet) console.warn = () => {};
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('could not initialise the tfjs wasm backend');
    await tf.ready();
    registerGradientKernels('wasm');
  } finally {
    console.warn = warn;
  }
}
