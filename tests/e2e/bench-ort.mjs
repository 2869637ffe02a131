#!/usr/bin/env node
/**
 * The browser side of `npm run bench:ort` (training/bench/ort.ts): builds
 * the app if needed, serves it, and on the measurement page
 * (src/worker/match-page.html) measures the shipped model on
 * onnxruntime-web in a worker, once per thread count, printing one JSON line
 * per measurement on stdout.
 *
 *   node tests/e2e/bench-ort.mjs --spec '{"batches":[1,8],"msPerBatch":1000,"simulations":1024}' [--threads 1,2]
 */
import { parseArgs } from 'node:util';
import { withMeasurementPage } from './harness.mjs';

const { values } = parseArgs({ options: { spec: { type: 'string' }, threads: { type: 'string', default: '1,2' } } });
const spec = JSON.parse(values.spec ?? '{}');
const threads = values.threads.split(',').map(Number);

let status = 0;
try {
  await withMeasurementPage(async (page) => {
    // WebGPU (onnxruntime-web's webgpu provider) needs an adapter; the browser tests run Chromium with --disable-gpu.
    const webgpu = await page.evaluate(async () => (navigator.gpu ? (await navigator.gpu.requestAdapter()) !== null : false));
    console.log(JSON.stringify({ webgpu }));
    for (const t of threads) {
      const r = await page.evaluate(([t, spec]) => window.c4match.throughput(t, spec), [t, spec]);
      console.log(JSON.stringify({ askedThreads: t, ...r }));
    }
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  status = 1;
}
process.exit(status);
