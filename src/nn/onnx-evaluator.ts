/**
 * The network evaluator: encodes a batch of positions (`encodeInto`), runs
 * the model through a ModelSession (node or web), and turns logits into a
 * softmax over the LEGAL columns only (illegal columns get exactly 0, as the
 * Evaluator contract says). Big requests are split into `maxBatch` chunks.
 */
import type { Position } from '../engine/index.js';
import { INPUT_SIZE, WIDTH, encodeInto } from '../engine/index.js';
import type { Evaluation, Evaluator } from '../mcts/evaluator.js';
import type { ModelSession } from './session.js';

/** Softmax of `logits[offset..offset+7)` over the columns set in `legal`, into `out`. */
export function legalSoftmax(logits: Float32Array, offset: number, legal: number, out: Float32Array): Float32Array {
  let max = -Infinity;
  for (let c = 0; c < WIDTH; c++) if ((legal >> c) & 1 && logits[offset + c] > max) max = logits[offset + c];
  let sum = 0;
  for (let c = 0; c < WIDTH; c++) {
    const e = (legal >> c) & 1 ? Math.exp(logits[offset + c] - max) : 0;
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < WIDTH; c++) out[c] = sum > 0 ? out[c] / sum : 0;
  return out;
}

export interface OnnxEvaluatorOptions {
  /** Largest batch sent to the session at once (default 512). */
  maxBatch?: number;
}

export class OnnxEvaluator implements Evaluator {
  private input: Float32Array;
  private readonly maxBatch: number;
  /** Positions evaluated by the network. */
  evaluations = 0;
  /** Milliseconds spent inside session.run. */
  runMs = 0;

  constructor(
    readonly session: ModelSession,
    opts: OnnxEvaluatorOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 512;
    this.input = new Float32Array(INPUT_SIZE * 64);
  }

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    const out: Evaluation[] = new Array(positions.length);
    for (let from = 0; from < positions.length; from += this.maxBatch) {
      const n = Math.min(this.maxBatch, positions.length - from);
      if (this.input.length < n * INPUT_SIZE) this.input = new Float32Array(n * INPUT_SIZE);
      for (let i = 0; i < n; i++) encodeInto(positions[from + i], this.input, i * INPUT_SIZE);
      const t0 = performance.now();
      const raw = await this.session.run(this.input, n);
      this.runMs += performance.now() - t0;
      this.evaluations += n;
      for (let i = 0; i < n; i++) {
        const pos = positions[from + i];
        const policy = legalSoftmax(raw.policy, i * WIDTH, pos.legalMoves(), new Float32Array(WIDTH));
        out[from + i] = raw.movesLeft ? { policy, value: raw.value[i], movesLeft: raw.movesLeft[i] } : { policy, value: raw.value[i] };
      }
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
