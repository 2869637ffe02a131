/**
 * The most single-precision arithmetic WebAssembly SIMD does on one core of
 * this machine: a hand-assembled loop of independent f32x4 multiply-add
 * chains with nothing else in it (no loads, no stores). No kernel written in
 * WebAssembly (XNNPACK's inside tfjs-wasm, onnxruntime-web's, or ours) can
 * go faster, so `bench:train` prints it beside the training step's own rate
 * to show how much of the ceiling the step uses, and what a native library
 * using the full vector width (PyTorch: AVX-512 with fused multiply-add) has
 * that WebAssembly has not.
 *
 * The module is assembled here from its bytes (about 1.2 KB) rather than
 * shipped as a binary: the encoding is in the WebAssembly core and SIMD
 * specifications (opcodes 0xfd 0x13 f32x4.splat, 0xfd 0xe4 0x01 f32x4.add,
 * 0xfd 0xe6 0x01 f32x4.mul, 0xfd 0x1f f32x4.extract_lane).
 */
import { median } from '../util/stats.js';

/** Independent multiply-add chains: enough to cover the latency of mul+add on two vector ports. */
export const CHAINS = 16;
/** Copies of the chains' step inside one loop iteration, to make the loop's own cost negligible. */
export const UNROLL = 4;
/** Floating-point operations per loop iteration: 4 lanes, one multiply and one add each. */
export const FLOPS_PER_ITERATION = CHAINS * UNROLL * 4 * 2;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function f32(x: number): number[] {
  return [...new Uint8Array(new Float32Array([x]).buffer)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const SIMD = 0xfd;
const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  f32Const: (x: number) => [0x43, ...f32(x)],
  splat: [SIMD, 0x13],
  add: [SIMD, ...uleb(228)],
  mul: [SIMD, ...uleb(230)],
  lane0: [SIMD, 0x1f, 0x00],
};

/**
 * `run(iterations: i32) -> f32`: every iteration updates each chain `a = a*m + c`
 * UNROLL times; the result sums the chains so none of the work is dead.
 */
export function peakModuleBytes(): Uint8Array<ArrayBuffer> {
  // Locals: 0 = iterations (param), 1..CHAINS = accumulators, CHAINS+1 = m, CHAINS+2 = c.
  const m = CHAINS + 1;
  const c = CHAINS + 2;
  const body: number[] = [0x01, ...uleb(CHAINS + 2), 0x7b]; // one group of v128 locals
  body.push(...op.f32Const(0.999), ...op.splat, ...op.localSet(m));
  body.push(...op.f32Const(0.001), ...op.splat, ...op.localSet(c));
  for (let i = 1; i <= CHAINS; i++) body.push(...op.f32Const(i / CHAINS), ...op.splat, ...op.localSet(i));
  body.push(0x02, 0x40, 0x03, 0x40); // block, loop
  for (let u = 0; u < UNROLL; u++) {
    for (let i = 1; i <= CHAINS; i++) body.push(...op.localGet(i), ...op.localGet(m), ...op.mul, ...op.localGet(c), ...op.add, ...op.localSet(i));
  }
  // iterations -= 1; continue while non-zero
  body.push(...op.localGet(0), 0x41, 0x01, 0x6b, ...op.localTee(0), 0x0d, 0x00);
  body.push(0x0b, 0x0b); // end loop, end block
  body.push(...op.localGet(1));
  for (let i = 2; i <= CHAINS; i++) body.push(...op.localGet(i), ...op.add);
  body.push(...op.lane0, 0x0b);
  const name = [...new TextEncoder().encode('run')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7d]), // type 0: (i32) -> f32
    ...section(3, [0x01, 0x00]), // one function of type 0
    ...section(7, [0x01, name.length, ...name, 0x00, 0x00]), // export "run" = func 0
    ...section(10, [0x01, ...uleb(body.length), ...body]),
  ]);
}

export interface PeakRate {
  /** Median over the runs, GFLOP/s (10^9 single-precision operations per second). */
  median: number;
  min: number;
  max: number;
}

/** Measures the peak on the calling thread: `runs` timings of about `seconds` each, after a warm-up. */
export function measureWasmSimdPeak(runs = 5, seconds = 0.5): PeakRate {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(peakModuleBytes()));
  const run = instance.exports.run as (iterations: number) => number;
  let iterations = 1 << 16;
  // Warm up (tier-up to the optimising compiler) and size the runs.
  for (;;) {
    const t0 = performance.now();
    run(iterations);
    const ms = performance.now() - t0;
    if (ms > 50) {
      iterations = Math.max(1, Math.round((iterations * seconds * 1000) / ms));
      break;
    }
    iterations *= 2;
  }
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    sink += run(iterations);
    const s = (performance.now() - t0) / 1000;
    rates.push((iterations * FLOPS_PER_ITERATION) / s / 1e9);
  }
  if (!Number.isFinite(sink)) throw new Error('wasm peak: the loop produced a non-finite sum');
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
}
