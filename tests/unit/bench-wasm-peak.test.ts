import { describe, expect, test } from 'vitest';
import { CHAINS, FLOPS_PER_ITERATION, UNROLL, peakModuleBytes } from '../../training/bench/wasm-peak.js';
import { trainingFlopsPerSample } from '../../training/bench/nn.js';
import { createModel } from '../../training/nn/model.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { INPUT_PLANES } from '../../src/engine/encoding.js';

describe('the WebAssembly SIMD peak loop', () => {
  test('assembles a valid module that computes its chains exactly', () => {
    const bytes = peakModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run as (n: number) => number;
    // The same arithmetic in float32: CHAINS chains a = a*m + c, UNROLL steps each per iteration.
    expect(FLOPS_PER_ITERATION).toBe(CHAINS * UNROLL * 8);
    const m = Math.fround(0.999);
    const c = Math.fround(0.001);
    for (const iterations of [1, 3, 100]) {
      let sum = 0;
      for (let i = 1; i <= CHAINS; i++) {
        let a = Math.fround(i / CHAINS);
        for (let s = 0; s < iterations * UNROLL; s++) a = Math.fround(Math.fround(a * m) + c);
        sum = i === 1 ? a : Math.fround(sum + a);
      }
      expect(run(iterations)).toBe(sum);
    }
  });
});

describe('trainingFlopsPerSample', () => {
  test('counts 6 operations per multiply-add of every convolution and dense layer', async () => {
    // The trainer's own backend (wasm, quiet): tfjs' cpu backend would print its "install tfjs-node" advice on first use.
    await initTrainingBackend();
    const model = createModel({ blocks: 1, filters: 8 }, 1);
    const cells = 42;
    const macs =
      3 * 3 * INPUT_PLANES * 8 * cells + // stem
      2 * 3 * 3 * 8 * 8 * cells + // the block's two convolutions
      8 * 2 * cells + 2 * cells * 7 + // policy: 1x1 convolution to 2 planes, dense to 7
      8 * 1 * cells + cells * 64 + 64 * 1; // value: 1x1 convolution to 1 plane, dense 64, dense 1
    expect(trainingFlopsPerSample(model)).toBe(6 * macs);
    model.dispose();
  });
});
