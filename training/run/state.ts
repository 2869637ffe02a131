/**
 * A training run's state between generations (trainer, replay buffer, RNG,
 * generation, metrics, the untrained network's probe scores): started new,
 * resumed from the run's checkpoint or another (--from), and saved after
 * each generation (training/run/checkpoint.ts).
 */
import { Rng } from '../../src/mcts/rng.js';
import { probeAccuracy, type probePositions } from '../match/baselines.js';
import { MOVES_LEFT } from '../nn/model.js';
import { fitHeads, stateFromBytes, stateToBytes } from '../nn/state.js';
import type { StepTrainer } from '../nn/trainer.js';
import type { MetricsLine } from '../records/metrics.js';
import { writeAtomic } from '../util/atomic-write.js';
import { runPath } from '../util/run-files.js';
import { CHECKPOINT_VERSION, saveCheckpoint } from './checkpoint.js';
import { checkStart } from './start-check.js';
import type { RunConfig } from './config.js';
import { netEvaluator } from './evaluate-phase.js';
import type { LoopOptions } from './loop.js';
import { ReplayBuffer } from './replay.js';

/** What a run holds between generations. */
export interface RunState {
  trainer: StepTrainer;
  replay: ReplayBuffer;
  rng: Rng;
  generation: number;
  metrics: MetricsLine[];
  baseline: { win: number; block: number };
}

/** A new run (the untrained network's probe scores as the baseline) or the state in a checkpoint. */
export async function startOrResume(
  cfg: RunConfig,
  opts: LoopOptions,
  trainer: StepTrainer,
  exportModel: () => Uint8Array,
  winProbes: ReturnType<typeof probePositions>,
  blockProbes: ReturnType<typeof probePositions>,
): Promise<RunState> {
  const start = checkStart(cfg, opts);
  const run: RunState = { trainer, replay: new ReplayBuffer(cfg.replay), rng: new Rng(cfg.seed), generation: 0, metrics: [], baseline: { win: 0, block: 0 } };
  if (start === null) {
    const { onnx } = await netEvaluator(exportModel(), 16);
    run.baseline = { win: await probeAccuracy(onnx, winProbes), block: await probeAccuracy(onnx, blockProbes) };
    await onnx.dispose();
    return run;
  }
  const { ck } = start;
  const fitted = fitHeads(stateFromBytes(ck.trainer).state, trainer.getState());
  for (const { head, change } of fitted.changes) {
    const what = head === MOVES_LEFT ? 'moves-left head (train.movesLeftWeight)' : 'opponent-reply head (train.opponentReplyWeight)';
    process.stderr.write(`${cfg.name}: the checkpoint's network ${change === 'added' ? 'gains a fresh' : 'loses its'} ${what}\n`);
  }
  trainer.setState(fitted.state);
  trainer.syncModel();
  if (ck.replay.length > 0) run.replay = ReplayBuffer.fromBytes(ck.replay, cfg.replay);
  run.rng.setState(ck.header.rng);
  run.generation = ck.header.generation;
  run.metrics = ck.header.metrics as MetricsLine[];
  run.baseline = ck.header.baseline as RunState['baseline'];
  const note = ck.replay.length > 0 ? '' : ' (no replay buffer in it: self-play refills an empty one)';
  process.stderr.write(`resuming ${cfg.name} after generation ${run.generation}${opts.from !== undefined ? ` from ${opts.from}` : ''}${note}\n`);
  // The run directory owns its checkpoint from now on, so a kill before the next generation loses nothing.
  if (opts.from !== undefined) saveCheckpoint(runPath(opts.dir, 'checkpoint'), ck);
  return run;
}

/**
 * Checkpoint, then metrics.jsonl (rewritten from the checkpoint on resume).
 * portable.bin is the same without the replay buffer (about 1 MB instead of 12
 * for 4x32 and 200k positions): small enough to commit, so a run can go on
 * after its directory is lost (--from).
 */
export function saveRun(dir: string, cfg: RunConfig, run: RunState): void {
  const header = { version: CHECKPOINT_VERSION, generation: run.generation, rng: run.rng.getState(), metrics: run.metrics, baseline: run.baseline };
  const trainerBytes = stateToBytes(run.trainer.getState(), { net: cfg.net });
  saveCheckpoint(runPath(dir, 'checkpoint'), { header, trainer: trainerBytes, replay: run.replay.toBytes() });
  saveCheckpoint(runPath(dir, 'portable'), { header, trainer: trainerBytes, replay: new Uint8Array(0) });
  writeAtomic(runPath(dir, 'metrics'), run.metrics.map((x) => JSON.stringify(x) + '\n').join(''));
}


