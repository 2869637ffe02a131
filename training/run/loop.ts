/**
 * The AlphaZero training loop. Each generation is a list of phases, each
 * returning its typed part of the metrics line (training/records/metrics.ts):
 * self-play -> train -> export -> evaluate -> gate -> broad measure -> checkpoint.
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
 * against the solver (training/match/gate.ts), with the run's hours so far;
 * every `broad.every` generations the broad measure (training/eval/broad.ts):
 * raw and search errors on positions of every stage, judged by the committed
 * verdict tables.
 *
 * Run directory: checkpoint.bin (everything needed to resume), portable.bin
 * (the same without the replay buffer, small enough to commit), metrics.jsonl
 * (rewritten from the checkpoint on resume), gen-NNNN.onnx per generation,
 * latest.onnx, config.json, shards/.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { probePositions } from '../match/baselines.js';
import { writeAtomic } from '../util/atomic-write.js';
import { generationModelFile, runPath } from '../util/run-files.js';
import { configAt, learningRateAt, playUtility, selfPlayAt, trainedNet, trainerParamsOf, workerCount, type RunConfig } from './config.js';
import { exportOnnx } from '../onnx/export.js';
import { gateDue, gateSolver, runGate } from '../match/gate.js';
import { loadAgentModel } from '../match/agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE } from '../../src/agent/defaults.js';
import { broadDue, broadMeasure, broadSets, broadSummary, PONS_DIR, type BroadRecord, type BroadSet } from '../eval/broad.js';
import { Progress } from './progress.js';
import { initTrainingBackend } from '../nn/backend.js';
import { createModel } from '../nn/model.js';
import { OrtTrainer } from '../onnx/ort-trainer.js';
import { Trainer, type StepTrainer } from '../nn/trainer.js';
import { evaluatePhase, labelledSets, netEvaluator, type NetEvaluator } from './evaluate-phase.js';
import { asyncSelfPlay, serialSelfPlay, type SelfPlayPhase } from './selfplay-phase.js';
import { RunNetworks, selfPlayConfigSha256, ShardInbox } from '../selfplay/shards.js';
import { trainPhase } from './train-phase.js';
import { SelfPlayPool } from '../selfplay/pool.js';
import { withChecksum } from '../records/fields.js';
import { METRICS_SCHEMA, thisMachine, type GateRecord, type MetricsLine } from '../records/metrics.js';
import { saveRun, startOrResume, type RunState } from './state.js';
import { lockRun } from './lock.js';
import { onShutdown } from './shutdown.js';
import { LENGTH_WEIGHT_KEY, MOVES_LEFT_CAP_KEY, MOVES_LEFT_SLOPE_KEY } from '../../src/nn/model-metadata.js';

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

/** Everything a run's generations share: its config, network, trainer, state, evaluation sets and workers. */
interface Run {
  cfg: RunConfig;
  dir: string;
  model: ReturnType<typeof createModel>;
  trainer: StepTrainer;
  state: RunState;
  probes: Probes;
  sets: ReturnType<typeof labelledSets>;
  solver: ReturnType<typeof gateSolver> | null;
  /** The broad measure's sets (training/eval/broad.ts), when the config asks for it. */
  broad: BroadSet[] | null;
  shards: ShardInbox;
  pool: SelfPlayPool | null;
  mode: 'serial' | 'async';
  /** Written into every metrics line: a run may be resumed on another machine. */
  machine: ReturnType<typeof thisMachine>;
  /** The exported network of the last finished generation. */
  currentBytes: Uint8Array;
  /** The evaluator of `currentBytes` while a generation runs (disposed when it ends or fails). */
  current: NetEvaluator | null;
}

type Probes = { winProbes: ReturnType<typeof probePositions>; blockProbes: ReturnType<typeof probePositions> };

async function trainLocked(cfg: RunConfig, opts: LoopOptions, log: (line: string) => void): Promise<MetricsLine[]> {
  const run = await openRun(cfg, opts);
  const stop = Math.min(cfg.generations, run.state.generation + (opts.maxGenerations ?? Infinity));
  // A stop from outside asks the workers to finish before the process exits (training/run/shutdown.ts).
  const forgetPool = run.pool ? onShutdown(() => run.pool!.close()) : () => {};
  try {
    while (run.state.generation < stop) log(JSON.stringify(await runGeneration(run, run.state.generation + 1)));
  } finally {
    forgetPool();
    await run.pool?.close();
    await run.current?.onnx.dispose();
  }
  await run.trainer.dispose();
  return run.state.metrics;
}

/** The network, trainer and state (new or resumed), the run folder's config and metrics written, and the self-play workers started. */
async function openRun(cfg: RunConfig, opts: LoopOptions): Promise<Run> {
  // Loaded (and their verdict tables checked) before anything is written: a missing table stops the run here.
  const broad = cfg.broad.every > 0 ? openBroad(cfg.broad.perSet) : null;
  await initTrainingBackend();
  const model = createModel(trainedNet(cfg), cfg.seed);
  const trainerParams = trainerParamsOf(cfg);
  const trainer: StepTrainer = cfg.train.engine === 'onnxruntime' ? await OrtTrainer.create(model, trainerParams) : new Trainer(model, trainerParams);
  const probes = { winProbes: probePositions('win', cfg.eval.probes, cfg.seed + 101), blockProbes: probePositions('block', cfg.eval.probes, cfg.seed + 202) };
  const state = await startOrResume(cfg, opts, trainer, () => exportOnnx(model), probes.winProbes, probes.blockProbes);
  writeAtomic(runPath(opts.dir, 'config'), JSON.stringify(cfg, null, 2));
  writeAtomic(runPath(opts.dir, 'metrics'), state.metrics.map((m) => JSON.stringify(m) + '\n').join(''));
  const workers = opts.workers ?? workerCount(cfg, availableParallelism());
  const mode = workers > 0 ? 'async' : 'serial';
  const shards = new ShardInbox(runPath(opts.dir, 'shards'), { config: selfPlayConfigSha256(cfg), networks: new RunNetworks(opts.dir) });
  const sets = labelledSets();
  const solver = cfg.gate.every > 0 ? gateSolver() : null;
  const currentBytes = exportOnnx(model);
  // Worker seeds move on with the generation, so that a resumed run does not replay its first games.
  const pool = mode === 'async' ? new SelfPlayPool(workers, { seed: (cfg.seed + state.generation * 7919) >>> 0, cacheSlots: cfg.selfplay.cacheSlots }) : null;
  pool?.setModel(currentBytes, state.generation, selfPlayAt(cfg, state.generation + 1));
  if (pool) process.stderr.write(`${cfg.name}: ${workers} self-play worker thread(s) beside training\n`);
  return { cfg, dir: opts.dir, model, trainer, state, probes, sets, solver, broad, shards, pool, mode, machine: thisMachine(), currentBytes, current: null };
}

/** One generation as its phases: self-play, train, export, evaluate, gate, then the metrics line and the checkpoint. */
async function runGeneration(run: Run, gen: number): Promise<MetricsLine> {
  const { cfg, state } = run;
  const g = configAt(cfg, gen);
  const tGen = performance.now();
  const cpu0 = process.cpuUsage();
  // A fresh cache every generation: what the serial mode's self-play sees must not depend on
  // what ran before in this process, so that a resumed run replays an uninterrupted one.
  const current = (run.current = await netEvaluator(run.currentBytes, cfg.selfplay.cacheSlots));
  const sp: SelfPlayPhase = run.pool ? await asyncSelfPlay(run.pool, g, gen, run.shards) : await serialSelfPlay(current, g, gen, selfPlayAt(cfg, gen), state.rng, run.shards);
  for (const game of sp.games) state.replay.addGame(game.samples);
  run.trainer.learningRate = learningRateAt(cfg, gen);
  const tr = await trainPhase(run.trainer, state.replay, g, sp.stepSamples, state.rng, gen);
  const exported = exportPhase(run, gen);
  const next = await netEvaluator(exported.bytes, cfg.selfplay.cacheSlots);
  const ev = await evaluatePhase(cfg, gen, next, current, run.probes, run.sets);
  const gate = await gatePhase(run, gen, exported.path);
  const broad = await broadPhase(run, gen, exported.path);
  await current.onnx.dispose();
  await next.onnx.dispose();
  run.current = null;
  run.currentBytes = exported.bytes;
  const m = metricsLine(run, gen, timingSince(state.metrics, tGen, cpu0), { sp, tr, ev, gate, broad });
  state.generation = gen;
  state.metrics = [...state.metrics, m];
  saveRun(run.dir, cfg, state);
  run.shards.consumed(sp.shardFiles);
  return m;
}

/** The trained network exported: gen-NNNN.onnx and latest.onnx written, and handed to the self-play workers. */
function exportPhase(run: Run, gen: number): { bytes: Uint8Array; path: string } {
  run.trainer.syncModel();
  const next = selfPlayAt(run.cfg, gen + 1);
  // A network with a moves-left head plays with the utility of `play`, by default its self-play's.
  const u = playUtility(run.cfg, gen);
  const utility: Record<string, string> = u ? { [MOVES_LEFT_SLOPE_KEY]: String(u.slope), [MOVES_LEFT_CAP_KEY]: String(u.cap) } : {};
  const bytes = exportOnnx(run.model, {
    metadata: { 'c4.run': run.cfg.name, 'c4.generation': String(gen), [LENGTH_WEIGHT_KEY]: String(run.cfg.replay.lengthWeight ?? 0), ...utility },
  });
  const path = join(run.dir, generationModelFile(gen));
  writeAtomic(path, bytes);
  writeAtomic(runPath(run.dir, 'latest'), bytes);
  run.pool?.setModel(bytes, gen, next);
  return { bytes, path };
}

type GatePart = Omit<GateRecord, 'generation' | 'wallHours' | 'cpuHours'>;

/** The broad measure's sets, with a line saying which ones. */
function openBroad(perSet: number): BroadSet[] {
  const { sets, source } = broadSets(perSet);
  const what = source === 'pons' ? "Pons' six sets (verdicts from seeds/verdicts)" : `our own sets in seeds/positions (${PONS_DIR} not found)`;
  process.stderr.write(`broad measure: the first ${perSet} positions of ${what}: ${sets.reduce((a, s) => a + s.items.length, 0)} positions\n`);
  return sets;
}

/** The broad strength measure, when it is due this generation: the agent's stack on the exported network. */
async function broadPhase(run: Run, gen: number, modelPath: string): Promise<BroadRecord | undefined> {
  if (!run.broad || !broadDue(run.cfg.broad, gen, gen === run.cfg.generations)) return undefined;
  const { evaluator } = await loadAgentModel(modelPath, { mirrorAverage: DEFAULT_MIRROR_AVERAGE });
  try {
    const bar = new Progress(`gen ${gen} broad`, run.cfg.broad.simulations.length * run.broad.length, 'sets');
    let done = 0;
    const r = await broadMeasure(evaluator, run.broad, run.cfg.broad.simulations, () => bar.update(++done));
    process.stderr.write(`gen ${gen} broad: ${broadSummary(r)}\n`);
    return r;
  } finally {
    await evaluator.dispose?.();
  }
}

/** The strength gate against the solver, when it is due this generation. */
async function gatePhase(run: Run, gen: number, modelPath: string): Promise<GatePart | undefined> {
  if (!run.solver || !gateDue(run.cfg.gate, gen, gen === run.cfg.generations)) return undefined;
  return runGate(modelPath, run.cfg.gate, run.solver, (line) => process.stderr.write(`gen ${gen} ${line}\n`));
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  wallHours: number;
  cpuHours: number;
}

/** The generation's wall and CPU seconds since `t0`/`cpu0`, and the run's hours including them. */
function timingSince(metrics: readonly MetricsLine[], t0: number, cpu0: NodeJS.CpuUsage): Timing {
  const seconds = +((performance.now() - t0) / 1000).toFixed(1);
  const cpuSeconds = +cpuSecondsOf(process.cpuUsage(cpu0)).toFixed(1);
  const wallHours = +((sumOf(metrics, 'seconds') + seconds) / 3600).toFixed(4);
  const cpuHours = +((sumOf(metrics, 'cpuSeconds') + cpuSeconds) / 3600).toFixed(4);
  return { seconds, cpuSeconds, wallHours, cpuHours };
}

/** The generation's metrics line from its phases' parts. */
function metricsLine(
  run: Run,
  gen: number,
  t: Timing,
  parts: { sp: SelfPlayPhase; tr: Awaited<ReturnType<typeof trainPhase>>; ev: Awaited<ReturnType<typeof evaluatePhase>>; gate: GatePart | undefined; broad: BroadRecord | undefined },
): MetricsLine {
  const { sp, tr, ev, gate, broad } = parts;
  return withChecksum({
    schema: METRICS_SCHEMA,
    generation: gen,
    time: new Date().toISOString(),
    mode: run.mode,
    ...t,
    ...tr.metrics,
    learningRate: +run.trainer.learningRate.toExponential(3),
    selfplay: sp.metrics,
    train: tr.train,
    probes: ev.probes,
    probesUntrained: run.state.baseline,
    errors: ev.errors,
    matches: ev.matches,
    evalSeconds: ev.seconds,
    ...(gate ? { gate: { generation: gen, ...gate, wallHours: t.wallHours, cpuHours: t.cpuHours } } : {}),
    ...(broad ? { broad } : {}),
    machine: run.machine,
  });
}

const cpuSecondsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const sumOf = (ms: readonly MetricsLine[], key: 'seconds' | 'cpuSeconds') => ms.reduce((a, m) => a + m[key], 0);
