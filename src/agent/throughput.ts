/**
 * How fast the agent runs on a network backend, measured the same way in
 * Node (onnxruntime-node, training/bench/ort.ts) and in a browser worker
 * (onnxruntime-web, src/worker/bench-worker.ts), so the two can be compared
 * as a ratio: raw network evaluations per second at several batch sizes, and
 * the agent's simulations per second (src/agent's evaluator stack and play
 * preset, a fresh tree and cache per position, as a first reply).
 */
import { parseMoves, type Position } from '../engine/index.js';
import type { Evaluator } from '../mcts/evaluator.js';
import { Agent } from './agent.js';
import { agentEvaluator } from './evaluators.js';

/** Positions of plies 0-12 from ordinary openings: the agent's searches start from these. */
export const THROUGHPUT_POSITIONS = ['', '4', '44', '4453', '443356', '44433352', '4455366', '343455421', '4444332261', '44324536677', '123456712345'];

export interface ThroughputSpec {
  /** Batch sizes for the raw evaluations. */
  batches: number[];
  /** Milliseconds spent on each batch size (after one warm-up call). */
  msPerBatch: number;
  /** Simulations per agent search. */
  simulations: number;
}

export interface Throughput {
  /** Raw network evaluations per second, by batch size. */
  evalsPerSecond: Record<string, number>;
  /** The agent's simulations per second over all positions (sum of simulations / sum of time). */
  simsPerSecond: number;
  /** Each position's search: simulations/s. */
  perPosition: number[];
}

/** Measures `net` (a raw ONNX evaluator, no cache) with `now()` as the clock. */
export async function measureThroughput(net: Evaluator, spec: ThroughputSpec, now: () => number): Promise<Throughput> {
  const pool: Position[] = THROUGHPUT_POSITIONS.map((m) => parseMoves(m));
  const evalsPerSecond: Record<string, number> = {};
  for (const b of spec.batches) {
    const batch = Array.from({ length: b }, (_, i) => pool[i % pool.length]);
    await net.evaluate(batch);
    let n = 0;
    const t0 = now();
    while (now() - t0 < spec.msPerBatch) {
      await net.evaluate(batch);
      n += b;
    }
    evalsPerSecond[b] = Math.round((n * 1000) / (now() - t0));
  }
  let sims = 0;
  let ms = 0;
  const perPosition: number[] = [];
  for (const moves of THROUGHPUT_POSITIONS) {
    const agent = new Agent(agentEvaluator(net), { budget: { sims: spec.simulations } });
    agent.newGame(moves);
    const t0 = now();
    const t = await agent.think();
    const dt = now() - t0;
    sims += t!.simulations;
    ms += dt;
    perPosition.push(Math.round((t!.simulations * 1000) / dt));
  }
  return { evalsPerSecond, simsPerSecond: Math.round((sims * 1000) / ms), perPosition };
}
