/**
 * Writes an untrained network of the shipped architecture (default 4x32,
 * seeded weights) as ONNX, so the browser tests and bench:web exercise the
 * real onnxruntime-web path before (and independently of) a trained model.
 * Usage: tsx tests/e2e/make-test-model.ts OUT.onnx [blocks] [filters]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportOnnx } from '../../training/onnx/export.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';

const [out, blocks = '4', filters = '32'] = process.argv.slice(2);
if (!out) {
  console.error('usage: tsx tests/e2e/make-test-model.ts OUT.onnx [blocks] [filters]');
  process.exit(2);
}
await initTrainingBackend();
const model = createModel({ blocks: Number(blocks), filters: Number(filters) }, 12345);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, exportOnnx(model, { docString: 'untrained test network for the browser tests' }));
console.log(`wrote ${out} (${blocks}x${filters}, untrained)`);
