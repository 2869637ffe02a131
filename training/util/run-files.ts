/**
 * The files of a training run's folder (runs/<name>/ by default), named in
 * one place for the loop that writes them and the commands that read them.
 */
import { join } from 'node:path';

export const RUN_FILES = {
  /** The run's resolved config, written when the run starts. */
  config: 'config.json',
  /** One metrics line per finished generation (training/records/metrics.ts). */
  metrics: 'metrics.jsonl',
  /** Everything needed to resume: weights, optimizer, replay buffer, RNG, metrics. */
  checkpoint: 'checkpoint.bin',
  /** The checkpoint without the replay buffer, small enough to commit (`npm run train -- --from`). */
  portable: 'portable.bin',
  /** The newest exported network, which the self-play workers play. */
  latest: 'latest.onnx',
  /** Game shards from `npm run selfplay` on this or other machines. */
  shards: 'shards',
} as const;

/** The exported network of generation `generation`: gen-0042.onnx. */
export function generationModelFile(generation: number): string {
  return `gen-${String(generation).padStart(4, '0')}.onnx`;
}

/** The path of run file `file` in the run folder `dir`. */
export function runPath(dir: string, file: keyof typeof RUN_FILES): string {
  return join(dir, RUN_FILES[file]);
}
