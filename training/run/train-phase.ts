/**
 * The training phase of a generation: max(minSteps, round(samples * reuse /
 * batchSize)) gradient steps on batches from the replay buffer. A non-finite
 * loss stops the run before anything is checkpointed or exported. The
 * event loop gets a turn between steps, so that a stop signal (SIGTERM,
 * Ctrl-C) ends the run within a step rather than after the phase, and the
 * self-play workers' games are taken in as they come.
 */
import type { Rng } from '../../src/mcts/rng.js';
import type { RunConfig } from './config.js';
import type { StepTrainer } from '../nn/trainer.js';
import { Progress } from './progress.js';
import type { MetricsLine, TrainMetrics } from '../records/metrics.js';
import type { ReplayBuffer } from './replay.js';

export async function trainPhase(
  trainer: StepTrainer,
  replay: ReplayBuffer,
  g: RunConfig,
  newSamples: number,
  rng: Rng,
  gen: number,
): Promise<{ metrics: Pick<MetricsLine, 'loss'>; train: TrainMetrics }> {
  const steps = Math.max(g.train.minSteps, Math.round((newSamples * g.train.reuse) / g.train.batchSize));
  const bar = new Progress(`gen ${gen} train`, steps, 'steps');
  const t0 = performance.now();
  let sum = { policy: 0, value: 0, total: 0, reply: 0, movesLeft: 0 };
  let last = { policy: 0, value: 0, total: 0 };
  for (let s = 0; s < steps; s++) {
    const l = await trainer.trainStep(replay.sampleBatch(g.train.batchSize, rng));
    if (!Number.isFinite(l.total)) {
      throw new Error(`generation ${gen}, step ${s + 1}: the training loss is ${l.total} (policy ${l.policy}, value ${l.value}); stopping before anything is saved. Check the learning rate and the replay buffer.`);
    }
    sum = { policy: sum.policy + l.policy, value: sum.value + l.value, total: sum.total + l.total, reply: sum.reply + (l.reply ?? 0), movesLeft: sum.movesLeft + (l.movesLeft ?? 0) };
    last = l;
    bar.update(s + 1);
    await new Promise<void>((r) => setImmediate(r));
  }
  const ms = performance.now() - t0;
  return {
    metrics: {
      loss: {
        policy: +(sum.policy / steps).toFixed(4),
        value: +(sum.value / steps).toFixed(4),
        total: +(sum.total / steps).toFixed(4),
        lastPolicy: +last.policy.toFixed(4),
        lastValue: +last.value.toFixed(4),
        // The opponent-reply head's loss (config train.opponentReplyWeight), before its weight.
        ...(g.train.opponentReplyWeight > 0 ? { reply: +(sum.reply / steps).toFixed(4) } : {}),
        // The moves-left head's squared error on plies / 42 (config train.movesLeftWeight), before its weight.
        ...(g.train.movesLeftWeight > 0 ? { movesLeft: +(sum.movesLeft / steps).toFixed(5) } : {}),
      },
    },
    train: { engine: g.train.engine, steps, samplesPerSecond: Math.round((steps * g.train.batchSize) / (ms / 1000)), replaySize: replay.size, replayDistinct: replay.distinct },
  };
}
