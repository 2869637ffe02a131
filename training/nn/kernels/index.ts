/**
 * The kernels the trainer needs on the tfjs `wasm` backend: the missing or
 * slow gradient kernels (`./conv-grad.ts`) and faster memory-bound kernels
 * (`./memory.ts`), each built from the backend's own fast kernels and checked
 * against the `cpu` backend in tests/unit/nn-kernels.test.ts.
 *
 * Kernels call other kernels of the same backend directly (as tfjs' own
 * backends do), so nothing inside them is recorded on the gradient tape, and
 * free their intermediates with `backend.disposeData`. Each falls back to the
 * stock kernel for cases it does not cover.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { conv2dBackpropFilter, conv2dBackpropInput } from './conv-grad.js';
import { leadingReduce, shareData, tile } from './memory.js';

/** Names of the kernels this module installs (the tests check each against the cpu backend). */
export const GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Tile', 'Sum', 'Mean', 'Cast', 'Identity'] as const;

/**
 * Installs the gradient kernels on `backendName` (replacing any registered
 * ones). Idempotent: calling it twice keeps the first stock fallback.
 */
export function registerGradientKernels(backendName = 'wasm'): void {
  if (installed.has(backendName)) return;
  // The stock kernels, captured before they are replaced, serve the cases ours do not cover.
  const stock = (name: string) => getKernel(name, backendName)?.kernelFunc;
  const configs: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: conv2dBackpropFilter(backendName) },
    { kernelName: 'Conv2DBackpropInput', backendName, kernelFunc: conv2dBackpropInput(backendName, stock('Conv2DBackpropInput')) },
    { kernelName: 'Tile', backendName, kernelFunc: tile(backendName, stock('Tile')) },
    { kernelName: 'Sum', backendName, kernelFunc: leadingReduce(backendName, stock('Sum'), false) },
    { kernelName: 'Mean', backendName, kernelFunc: leadingReduce(backendName, stock('Mean'), true) },
    { kernelName: 'Cast', backendName, kernelFunc: shareData(backendName, stock('Cast')) },
    { kernelName: 'Identity', backendName, kernelFunc: shareData(backendName, stock('Identity')) },
  ];
  for (const c of configs) {
    if (getKernel(c.kernelName, backendName) != null) unregisterKernel(c.kernelName, backendName);
    registerKernel(c);
  }
  installed.add(backendName);
}
const installed = new Set<string>();
