/**
 * The self-play rows of `npm run bench:train`: how much the search costs on
 * top of the network. Self-play games (the training loop's settings, no
 * evaluation cache so every leaf reaches the network) run through a
 * recording evaluator; the very same batches are then replayed straight into
 * onnxruntime-node. Overhead = (self-play wall time - raw time) / raw time
 * (issue 4 target: at most 15%). Also self-play games per hour with the cache on.
 *
 * Used by training/bench/train.ts (`benchSelfPlay`, `printSelfPlayTable`);
 * runs alone too: `npx tsx training/bench/selfplay.ts [--sizes 4x32] [--runs 3]`.
 */
import { parseArgs } from 'node:util';
import { INPUT_SIZE, type Position, encodeInto } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { Rng } from '../../src/mcts/rng.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import type { ModelSession } from '../../src/nn/session.js';
import { exportOnnx } from '../onnx/export.js';
import { initTrainingBackend } from '../nn/backend.js';
import { createModel } from '../nn/model.js';
import { playGames, selfPlayParams } from '../selfplay/games.js';
import { median, printTable } from '../util/stats.js';

export interface SelfPlayBenchRow {
  size: string;
  games: number;
  simulations: number;
  concurrency: number;
  /** Network evaluations per second inside self-play (MCTS + encoding + network). */
  mctsEvalsPerSecond: number;
  /** The same batches straight through session.run. */
  rawEvalsPerSecond: number;
  /** (self-play time - raw time) / raw time, in percent. */
  overheadPercent: number;
  meanBatch: number;
  /** Self-play games per hour with the evaluation cache on. */
  gamesPerHour: number;
}

/** Records every batch's encoding as it passes to the network. */
class RecordingEvaluator implements Evaluator {
  readonly batches: Float32Array[] = [];
  constructor(private readonly inner: Evaluator) {}
  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    const enc = new Float32Array(positions.length * INPUT_SIZE);
    positions.forEach((p, i) => encodeInto(p, enc, i * INPUT_SIZE));
    this.batches.push(enc);
    return this.inner.evaluate(positions);
  }
}

async function replayRaw(session: ModelSession, batches: readonly Float32Array[]): Promise<number> {
  const t0 = performance.now();
  for (const b of batches) await session.run(b, b.length / INPUT_SIZE);
  return performance.now() - t0;
}

export async function benchSelfPlay(
  sizes: readonly (readonly [number, number])[],
  opts: { runs?: number; games?: number; simulations?: number; concurrency?: number } = {},
): Promise<SelfPlayBenchRow[]> {
  await initTrainingBackend();
  const runs = opts.runs ?? 3;
  const games = opts.games ?? 128;
  const concurrency = opts.concurrency ?? 64;
  const simulations = opts.simulations ?? 100;
  const params = selfPlayParams({ concurrency, search: { simulations } });
  const rows: SelfPlayBenchRow[] = [];
  for (const [blocks, filters] of sizes) {
    const bytes = exportOnnx(createModel({ blocks, filters }, 1));
    const session = await createNodeSession(bytes);
    const mcts: number[] = [];
    const raw: number[] = [];
    const over: number[] = [];
    const perHour: number[] = [];
    let meanBatch = 0;
    for (let r = 0; r < runs; r++) {
      // Without the cache: every leaf goes to the network, so both sides do the same work.
      const rec = new RecordingEvaluator(new OnnxEvaluator(session));
      const t0 = performance.now();
      const { stats } = await playGames(rec, games, params, new Rng(r + 1));
      const spMs = performance.now() - t0;
      const rawMs = await replayRaw(session, rec.batches);
      mcts.push(stats.evaluations / (spMs / 1000));
      raw.push(stats.evaluations / (rawMs / 1000));
      over.push((100 * (spMs - rawMs)) / rawMs);
      meanBatch = stats.evaluations / stats.batches;
      const cached = new CachedEvaluator(new OnnxEvaluator(session));
      const t1 = performance.now();
      await playGames(cached, games, params, new Rng(100 + r));
      perHour.push(games / ((performance.now() - t1) / 3.6e6));
      process.stderr.write(`self-play ${blocks}x${filters} run ${r + 1}/${runs}: overhead ${over[r].toFixed(1)}%\n`);
    }
    await session.release();
    rows.push({
      size: `${blocks}x${filters}`,
      games,
      simulations,
      concurrency,
      mctsEvalsPerSecond: median(mcts),
      rawEvalsPerSecond: median(raw),
      overheadPercent: median(over),
      meanBatch,
      gamesPerHour: median(perHour),
    });
  }
  return rows;
}

export function printSelfPlayTable(rows: readonly SelfPlayBenchRow[]): void {
  const r0 = rows[0];
  console.log(
    `\n### Self-play with MCTS vs raw onnxruntime-node on the same batches (${r0?.games} games, ${r0?.simulations} simulations, ${r0?.concurrency} at once; medians)\n`,
  );
  printTable(
    ['net', 'MCTS evals/s', 'raw evals/s', 'MCTS overhead', 'mean batch', 'games/hour (cache on)'],
    rows.map((r) => [
      r.size,
      r.mctsEvalsPerSecond.toFixed(0),
      r.rawEvalsPerSecond.toFixed(0),
      `${r.overheadPercent.toFixed(1)}%`,
      r.meanBatch.toFixed(1),
      r.gamesPerHour.toFixed(0),
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '4x32' }, runs: { type: 'string', default: '3' } } });
  const sizes = values.sizes.split(',').map((s) => s.split('x').map(Number) as [number, number]);
  printSelfPlayTable(await benchSelfPlay(sizes, { runs: Number(values.runs) }));
}
