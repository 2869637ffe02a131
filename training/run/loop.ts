/**
 * The AlphaZero training loop. Each generation is a list of phases, each
 * returning its typed part of the metrics line (training/records/metrics.ts):
 * self-play -> train -> export -> evaluate -> gate -> checkpoint.
 *
 * Two modes (config `selfplay.workers`):
 * - serial (0): self-play with the latest network in this thread, then
 *   training; deterministic for the config's seed, replays bit for bit.
 * - async (N >= 1): N worker threads play without pause on the newest
 *   exported network (training/selfplay/) while this thread trains, as
 *   KataGo and the C4 reference do; each generation takes the games that
 *   arrived (at least `selfplay.games`), so both cores stay busy.
 * Either mode also takes game shards that `npm run selfplay` dropped into the
 * run's shards/ folder.
 *
 * Evaluation: raw-policy probes, error rates of the raw policy and of search
 * on seeds/positions, matches against the previous network and the baseline
 * ladder (random, one-ply, alpha-beta 4) from generation 1 on, so that a
 * sign error cannot hide; every `gate.every` generations the strength gate
 * against the solver (training/match/gate.ts), with the run's hours so far.
 *
 * Run directory: checkpoint.bin (everything needed to resume), portable.bin
 * (the same without the replay buffer, small enough to commit), metrics.jsonl
 * (rewritten from the checkpoint on resume), gen-NNNN.onnx per generation,
 * latest.onnx, config.json, shards/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/mcts/rng.js';
import { probeAccuracy, probePositions } from '../match/baselines.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { writeAtomic } from '../util/atomic-write.js';
import { generationModelFile, runPath } from '../util/run-files.js';
import { configAt, learningRateAt, selfPlayAt, workerCount, type RunConfig } from './config.js';
import { exportOnnx } from '../onnx/export.js';
import { gateDue, gateSolver, runGate } from '../match/gate.js';
import { initTrainingBackend } from '../nn/backend.js';
import { createModel } from '../nn/model.js';
import { stateFromBytes, stateToBytes } from '../nn/state.js';
import { OrtTrainer } from '../onnx/ort-trainer.js';
import { Trainer, type StepTrainer } from '../nn/trainer.js';
import { evaluatePhase, labelledSets, netEvaluator, type NetEvaluator } from './evaluate-phase.js';
import { asyncSelfPlay, serialSelfPlay, ShardInbox, type SelfPlayPhase } from './selfplay-phase.js';
import { trainPhase } from './train-phase.js';
import { SelfPlayPool } from '../selfplay/pool.js';
import { METRICS_SCHEMA, thisMachine, type GateRecord, type MetricsLine } from '../records/metrics.js';
import { ReplayBuffer } from './replay.js';
import { lockRun } from './lock.js';
import { onShutdown } from './shutdown.js';

export interface LoopOptions {
  /** Run directory. */
  dir: string;
  /** Continue from dir/checkpoint.bin. */
  resume: boolean;
  /**
   * Continue from this checkpoint file instead (for a run directory that did
   * not survive: e.g. a committed dir/portable.bin, which has no replay
   * buffer, so self-play refills it). Refused when dir has a checkpoint.
   */
  from?: string;
  /** Stop after this many generations in this process (default: all). */
  maxGenerations?: number;
  /** Self-play worker threads, overriding the config's `selfplay.workers`. */
  workers?: number;
  /** Where metrics lines go (default stdout). */
  log?: (line: string) => void;
}

/** What a run holds between generations. */
interface RunState {
  trainer: StepTrainer;
  replay: ReplayBuffer;
  rng: Rng;
  generation: number;
  metrics: MetricsLine[];
  baseline: { win: number; block: number };
}

export async function runTraining(cfg: RunConfig, opts: LoopOptions): Promise<MetricsLine[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  mkdirSync(opts.dir, { recursive: true });
  const unlock = lockRun(opts.dir, (line) => process.stderr.write(`${line}\n`));
  try {
    return await trainLocked(cfg, opts, log);
  } finally {
    unlock();
  }
}

async function trainLocked(cfg: RunConfig, opts: LoopOptions, log: (line: string) => void): Promise<MetricsLine[]> {
  await initTrainingBackend();
  const model = createModel(cfg.net, cfg.seed);
  const trainerParams = { learningRate: cfg.train.learningRate, l2: cfg.train.l2 };
  const trainer: StepTrainer = cfg.train.engine === 'onnxruntime' ? await OrtTrainer.create(model, trainerParams) : new Trainer(model, trainerParams);
  const winProbes = probePositions('win', cfg.eval.probes, cfg.seed + 101);
  const blockProbes = probePositions('block', cfg.eval.probes, cfg.seed + 202);
  const run = await startOrResume(cfg, opts, trainer, () => exportOnnx(model), winProbes, blockProbes);
  writeAtomic(runPath(opts.dir, 'config'), JSON.stringify(cfg, null, 2));
  writeAtomic(runPath(opts.dir, 'metrics'), run.metrics.map((m) => JSON.stringify(m) + '\n').join(''));

  const workers = opts.workers ?? workerCount(cfg, availableParallelism());
  /** Written into every metrics line: a run may be resumed on another machine. */
  const machine = thisMachine();
  const mode = workers > 0 ? 'async' : 'serial';
  const shards = new ShardInbox(runPath(opts.dir, 'shards'));
  const sets = labelledSets();
  const solver = cfg.gate.every > 0 ? gateSolver() : null;
  let currentBytes = exportOnnx(model);
  const stop = Math.min(cfg.generations, run.generation + (opts.maxGenerations ?? Infinity));
  // Worker seeds move on with the generation, so that a resumed run does not replay its first games.
  const pool = mode === 'async' ? new SelfPlayPool(workers, { seed: (cfg.seed + run.generation * 7919) >>> 0, cacheSlots: cfg.selfplay.cacheSlots }) : null;
  pool?.setModel(currentBytes, run.generation, selfPlayAt(cfg, run.generation + 1));
  if (pool) process.stderr.write(`${cfg.name}: ${workers} self-play worker thread(s) beside training\n`);
  // A stop from outside asks the workers to finish before the process exits (training/run/shutdown.ts).
  const forgetPool = pool ? onShutdown(() => pool.close()) : () => {};
  let current: NetEvaluator | null = null;
  try {
    while (run.generation < stop) {
      const gen = run.generation + 1;
      const g = configAt(cfg, gen);
      const tGen = performance.now();
      const cpu0 = process.cpuUsage();
      // A fresh cache every generation: what the serial mode's self-play sees must not depend on
      // what ran before in this process, so that a resumed run replays an uninterrupted one.
      current = await netEvaluator(currentBytes, cfg.selfplay.cacheSlots);

      const sp: SelfPlayPhase = pool ? await asyncSelfPlay(pool, g, gen, shards) : await serialSelfPlay(current, g, gen, selfPlayAt(cfg, gen), run.rng, shards);
      for (const game of sp.games) for (const s of game.samples) run.replay.add(s);

      trainer.learningRate = learningRateAt(cfg, gen);
      const tr = await trainPhase(trainer, run.replay, g, sp.stepSamples, run.rng, gen);

      trainer.syncModel();
      const nextBytes = exportOnnx(model, { metadata: { 'c4.run': cfg.name, 'c4.generation': String(gen) } });
      const modelPath = join(opts.dir, generationModelFile(gen));
      writeAtomic(modelPath, nextBytes);
      writeAtomic(runPath(opts.dir, 'latest'), nextBytes);
      pool?.setModel(nextBytes, gen, selfPlayAt(cfg, gen + 1));
      const next = await netEvaluator(nextBytes, cfg.selfplay.cacheSlots);

      const ev = await evaluatePhase(cfg, gen, next, current, { winProbes, blockProbes }, sets);
      let gate: Omit<GateRecord, 'generation' | 'wallHours' | 'cpuHours'> | undefined;
      if (solver && gateDue(cfg.gate, gen, gen === cfg.generations)) {
        gate = await runGate(modelPath, cfg.gate, solver, (line) => process.stderr.write(`gen ${gen} ${line}\n`));
      }
      await current.onnx.dispose();
      await next.onnx.dispose();
      current = null;
      currentBytes = nextBytes;

      const seconds = +((performance.now() - tGen) / 1000).toFixed(1);
      const cpuSeconds = +cpuSecondsOf(process.cpuUsage(cpu0)).toFixed(1);
      const wallHours = +((sumOf(run.metrics, 'seconds') + seconds) / 3600).toFixed(4);
      const cpuHours = +((sumOf(run.metrics, 'cpuSeconds') + cpuSeconds) / 3600).toFixed(4);
      const m: MetricsLine = {
        schema: METRICS_SCHEMA,
        generation: gen,
        time: new Date().toISOString(),
        mode,
        seconds,
        cpuSeconds,
        wallHours,
        cpuHours,
        ...tr.metrics,
        learningRate: +trainer.learningRate.toExponential(3),
        selfplay: sp.metrics,
        train: tr.train,
        probes: ev.probes,
        probesUntrained: run.baseline,
        errors: ev.errors,
        matches: ev.matches,
        evalSeconds: ev.seconds,
        ...(gate ? { gate: { generation: gen, ...gate, wallHours, cpuHours } } : {}),
        machine,
      };
      run.generation = gen;
      run.metrics = [...run.metrics, m];
      saveRun(opts.dir, cfg, run);
      shards.consumed(sp.shardFiles);
      log(JSON.stringify(m));
    }
  } finally {
    forgetPool();
    await pool?.close();
    await current?.onnx.dispose();
  }
  await trainer.dispose();
  return run.metrics;
}

/** A new run (the untrained network's probe scores as the baseline) or the state in a checkpoint. */
async function startOrResume(
  cfg: RunConfig,
  opts: LoopOptions,
  trainer: StepTrainer,
  exportModel: () => Uint8Array,
  winProbes: ReturnType<typeof probePositions>,
  blockProbes: ReturnType<typeof probePositions>,
): Promise<RunState> {
  const ckPath = runPath(opts.dir, 'checkpoint');
  if (opts.from !== undefined && existsSync(ckPath)) throw new Error(`${ckPath} exists: continue it with --resume, or choose another --out for --from`);
  if (opts.resume && !existsSync(ckPath) && hasMetrics(opts.dir)) {
    throw new Error(`${opts.dir} has metrics but no checkpoint.bin to resume from: refusing to start it over`);
  }
  if (opts.resume && !existsSync(ckPath)) {
    throw new Error(`--resume: ${opts.dir} has no checkpoint.bin (a mistyped --out?); to start a new run there, leave out --resume`);
  }
  const resumeFrom = opts.from ?? (opts.resume && existsSync(ckPath) ? ckPath : null);
  const goesOn = cfg.continues;
  if (goesOn && resumeFrom === null) {
    throw new Error(`${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}: start it with --from that run's checkpoint`);
  }
  const run: RunState = { trainer, replay: new ReplayBuffer(cfg.replay), rng: new Rng(cfg.seed), generation: 0, metrics: [], baseline: { win: 0, block: 0 } };
  if (resumeFrom === null) {
    if (existsSync(ckPath) && !opts.resume) throw new Error(`${ckPath} exists: pass --resume to continue or remove the run directory`);
    const { onnx } = await netEvaluator(exportModel(), 16);
    run.baseline = { win: await probeAccuracy(onnx, winProbes), block: await probeAccuracy(onnx, blockProbes) };
    await onnx.dispose();
    return run;
  }
  const ck = loadCheckpoint(resumeFrom);
  const { state, meta } = stateFromBytes(ck.trainer);
  const net = (meta as { net?: unknown } | null)?.net;
  if (JSON.stringify(net) !== JSON.stringify(cfg.net)) {
    throw new Error(`${resumeFrom} holds a ${JSON.stringify(net)} network but the config asks for ${JSON.stringify(cfg.net)}`);
  }
  trainer.setState(state);
  trainer.syncModel();
  if (ck.replay.length > 0) run.replay = ReplayBuffer.fromBytes(ck.replay, cfg.replay);
  run.rng.setState(ck.header.rng);
  run.generation = ck.header.generation;
  if (goesOn && opts.from !== undefined && run.generation !== goesOn.generation) {
    throw new Error(`${opts.from} holds generation ${run.generation}, but ${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}`);
  }
  run.metrics = ck.header.metrics as MetricsLine[];
  run.baseline = ck.header.baseline as RunState['baseline'];
  const note = ck.replay.length > 0 ? '' : ' (no replay buffer in it: self-play refills an empty one)';
  process.stderr.write(`resuming ${cfg.name} after generation ${run.generation}${opts.from !== undefined ? ` from ${opts.from}` : ''}${note}\n`);
  // The run directory owns its checkpoint from now on, so a kill before the next generation loses nothing.
  if (opts.from !== undefined) saveCheckpoint(ckPath, ck);
  return run;
}

/**
 * Checkpoint, then metrics.jsonl (rewritten from the checkpoint on resume).
 * portable.bin is the same without the replay buffer (about 1 MB instead of 12
 * for 4x32 and 200k positions): small enough to commit, so a run can go on
 * after its directory is lost (--from).
 */
function saveRun(dir: string, cfg: RunConfig, run: RunState): void {
  const header = { version: 1 as const, generation: run.generation, rng: run.rng.getState(), metrics: run.metrics, baseline: run.baseline };
  const trainerBytes = stateToBytes(run.trainer.getState(), { net: cfg.net });
  saveCheckpoint(runPath(dir, 'checkpoint'), { header, trainer: trainerBytes, replay: run.replay.toBytes() });
  saveCheckpoint(runPath(dir, 'portable'), { header, trainer: trainerBytes, replay: new Uint8Array(0) });
  writeAtomic(runPath(dir, 'metrics'), run.metrics.map((x) => JSON.stringify(x) + '\n').join(''));
}

/** Whether dir/metrics.jsonl records any generation. */
function hasMetrics(dir: string): boolean {
  const path = runPath(dir, 'metrics');
  return existsSync(path) && readFileSync(path, 'utf8').trim() !== '';
}

const cpuSecondsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const sumOf = (ms: readonly MetricsLine[], key: 'seconds' | 'cpuSeconds') => ms.reduce((a, m) => a + m[key], 0);
