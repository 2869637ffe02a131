/**
 * `npm run bench:pipeline`: what the asynchronous pipeline (training/selfplay/)
 * gets out of this machine, as ratios measured in one run: self-play
 * games/hour with 1 and with 2 worker threads, training samples/s alone, and
 * both at once (1 worker beside the trainer, as `npm run train` runs on 2
 * cores). Self-play uses the shipped network (its games are the length and
 * cache behaviour of a real run's late generations) at the default recipe's
 * simulations; training the 4x32 net on batches drawn from those games.
 *
 *   npm run bench:pipeline -- [--seconds 30] [--sims 300] [--engine tfjs|onnxruntime] [--model models/agent.onnx] [--out runs/bench-pipeline.json]
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MODEL_PATH } from '../../src/agent/defaults.js';
import { Rng } from '../../src/mcts/rng.js';
import { choiceOption, numberOption, parseOptions, withUsage } from '../cli/options.js';
import { initTrainingBackend } from '../nn/backend.js';
import { createModel } from '../nn/model.js';
import { TRAIN_ENGINES } from '../run/config.js';
import { OrtTrainer } from '../onnx/ort-trainer.js';
import { Trainer, type StepTrainer } from '../nn/trainer.js';
import { SelfPlayPool } from '../selfplay/pool.js';
import { ReplayBuffer } from '../run/replay.js';
import { selfPlayParams } from '../selfplay/games.js';
import { printTable } from '../util/stats.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npm run bench:pipeline -- [--seconds 30] [--sims 300] [--engine tfjs|onnxruntime] [--model models/agent.onnx] [--out runs/bench-pipeline.json]';
const { values } = parseOptions(
  {
    seconds: { type: 'string', default: '30' },
    sims: { type: 'string', default: '300' },
    engine: { type: 'string', default: 'tfjs' },
    model: { type: 'string', default: MODEL_PATH },
    out: { type: 'string', default: 'runs/bench-pipeline.json' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
const { seconds, sims, engine } = withUsage(USAGE, () => ({
  seconds: numberOption('seconds', values.seconds, { min: 5, max: 3600 })!,
  sims: numberOption('sims', values.sims, { min: 1, max: 100_000, integer: true })!,
  engine: choiceOption('engine', values.engine, TRAIN_ENGINES),
}));

const bytes = new Uint8Array(readFileSync(values.model));
const params = selfPlayParams({ concurrency: 128, search: { simulations: sims, dirichletWeight: 0.25, temperatureMoves: 10 } });
await initTrainingBackend();
const replay = new ReplayBuffer({ capacity: 200_000 });
const model = createModel({ blocks: 4, filters: 32, valueHidden: 64 }, 1);
const trainer: StepTrainer = engine === 'onnxruntime' ? await OrtTrainer.create(model, { learningRate: 1e-3 }) : new Trainer(model, { learningRate: 1e-3 });
const rng = new Rng(1);

/** Games finished by `workers` threads in the measuring window (after a warm-up), per hour; their samples fill the replay buffer. */
async function selfPlay(workers: number, alongside?: () => Promise<number>): Promise<{ gamesPerHour: number; trainSamplesPerSecond: number | null }> {
  const pool = new SelfPlayPool(workers, { seed: 7 + workers, cacheSlots: 1 << 18 });
  try {
    pool.setModel(bytes, 0, params);
    await pool.take(8); // warm-up: sessions loaded, batches flowing
    const t0 = performance.now();
    const trained = alongside ? await alongside() : (await new Promise((r) => setTimeout(r, seconds * 1000)), null);
    const { games } = await pool.take(0);
    const s = (performance.now() - t0) / 1000;
    for (const g of games) replay.addGame(g.samples);
    return { gamesPerHour: Math.round(games.length / (s / 3600)), trainSamplesPerSecond: trained };
  } finally {
    await pool.close();
  }
}

/** Gradient steps at batch 256 for `seconds`; samples/s. */
async function train(): Promise<number> {
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    await trainer.trainStep(replay.sampleBatch(256, rng));
    steps++;
    await new Promise((r) => setImmediate(r)); // lets the workers' messages in
  }
  return Math.round((steps * 256) / ((performance.now() - t0) / 1000));
}

const one = await selfPlay(1);
const two = await selfPlay(2);
const alone = await train();
const both = await selfPlay(1, train);
const rows = [
  ['self-play, 1 worker', String(one.gamesPerHour), '-'],
  ['self-play, 2 workers', String(two.gamesPerHour), '-'],
  [`training alone (batch 256, ${engine})`, '-', String(alone)],
  ['1 worker beside training', String(both.gamesPerHour), String(both.trainSamplesPerSecond)],
];
printTable(['what', 'self-play games/hour', 'training samples/s'], rows);
const ratios = {
  twoWorkersOverOne: +(two.gamesPerHour / one.gamesPerHour).toFixed(2),
  selfPlayBesideTrainingOverAlone: +(both.gamesPerHour / one.gamesPerHour).toFixed(2),
  trainingBesideSelfPlayOverAlone: +(both.trainSamplesPerSecond! / alone).toFixed(2),
};
process.stderr.write(`ratios: ${JSON.stringify(ratios)}\n`);
mkdirSync(dirname(values.out), { recursive: true });
writeAtomic(values.out, `${JSON.stringify({ date: new Date().toISOString(), model: values.model, simulations: sims, engine, seconds, one, two, alone, both, ratios }, null, 2)}\n`);
process.stderr.write(`wrote ${values.out}\n`);
