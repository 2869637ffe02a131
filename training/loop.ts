/**
 * The AlphaZero training loop: per generation, self-play with the latest
 * network -> replay buffer -> gradient steps -> ONNX export -> evaluation
 * (raw-policy probes, error rates of the raw policy and of search on our
 * labelled positions in seeds/positions, matches against the previous
 * network and the baseline ladder: random, one-ply, alpha-beta depth 4, from
 * generation 1 on, so a sign error cannot hide) ->
 * atomic checkpoint -> one JSON line of metrics on stdout.
 *
 * Run directory: checkpoint.bin (everything needed to resume), portable.bin
 * (the same without the replay buffer, small enough to commit), metrics.jsonl
 * (rewritten from the checkpoint on resume), gen-NNNN.onnx per generation,
 * latest.onnx, config.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/mcts/rng.js';
import { searchParams } from '../src/mcts/params.js';
import { CachedEvaluator } from '../src/nn/cache.js';
import { createNodeSession } from '../src/nn/node-session.js';
import { OnnxEvaluator } from '../src/nn/onnx-evaluator.js';
import { playMatch, type MatchResult, type Player } from './arena.js';
import { probeAccuracy, probePositions } from './baselines.js';
import { loadCheckpoint, saveCheckpoint, writeAtomic } from './checkpoint.js';
import { learningRateAt, type RunConfig } from './config.js';
import { exportOnnx } from './export/onnx.js';
import { initTrainingBackend } from './nn/backend.js';
import { labelledErrorRates } from './eval/error-rate.js';
import { readLabelled, type LabelledPosition } from './eval/labels.js';
import { createModel } from './nn/model.js';
import { stateFromBytes, stateToBytes } from './nn/state.js';
import { Trainer } from './nn/trainer.js';
import { Progress } from './progress.js';
import { ReplayBuffer } from './replay.js';
import { playGames, selfPlayParams } from './selfplay.js';

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
  /** Where metrics lines go (default stdout). */
  log?: (line: string) => void;
}

/** Network-side helpers: an evaluator for ONNX bytes. */
async function netEvaluator(bytes: Uint8Array, cacheSlots: number) {
  const onnx = new OnnxEvaluator(await createNodeSession(bytes));
  return { onnx, cached: new CachedEvaluator(onnx, { slots: cacheSlots }) };
}

export async function runTraining(cfg: RunConfig, opts: LoopOptions): Promise<unknown[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  mkdirSync(opts.dir, { recursive: true });
  const ckPath = join(opts.dir, 'checkpoint.bin');
  await initTrainingBackend();
  const model = createModel(cfg.net, cfg.seed);
  const trainer = new Trainer(model, { learningRate: cfg.train.learningRate, l2: cfg.train.l2 });
  const rng = new Rng(cfg.seed);
  let replay = new ReplayBuffer(cfg.replay);
  let generation = 0;
  let metrics: unknown[] = [];
  const winProbes = probePositions('win', cfg.eval.probes, cfg.seed + 101);
  const blockProbes = probePositions('block', cfg.eval.probes, cfg.seed + 202);
  const labelledSets = readLabelledSets();
  let baseline: { win: number; block: number };

  if (opts.from !== undefined && existsSync(ckPath)) throw new Error(`${ckPath} exists: continue it with --resume, or choose another --out for --from`);
  if (opts.resume && !existsSync(ckPath) && hasMetrics(opts.dir)) {
    throw new Error(`${opts.dir} has metrics but no checkpoint.bin to resume from: refusing to start it over`);
  }
  const resumeFrom = opts.from ?? (opts.resume && existsSync(ckPath) ? ckPath : null);
  const goesOn = cfg.continues;
  if (goesOn && resumeFrom === null) {
    throw new Error(`${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}: start it with --from that run's checkpoint`);
  }
  if (resumeFrom !== null) {
    const ck = loadCheckpoint(resumeFrom);
    const { state, meta } = stateFromBytes(ck.trainer);
    const net = (meta as { net?: unknown } | null)?.net;
    if (JSON.stringify(net) !== JSON.stringify(cfg.net)) {
      throw new Error(`${resumeFrom} holds a ${JSON.stringify(net)} network but the config asks for ${JSON.stringify(cfg.net)}`);
    }
    trainer.setState(state);
    if (ck.replay.length > 0) replay = ReplayBuffer.fromBytes(ck.replay, cfg.replay);
    rng.setState(ck.header.rng);
    generation = ck.header.generation;
    if (goesOn && opts.from !== undefined && generation !== goesOn.generation) {
      throw new Error(`${opts.from} holds generation ${generation}, but ${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}`);
    }
    metrics = ck.header.metrics;
    baseline = ck.header.baseline as typeof baseline;
    const note = ck.replay.length > 0 ? '' : ' (no replay buffer in it: self-play refills an empty one)';
    process.stderr.write(`resuming ${cfg.name} after generation ${generation}${opts.from !== undefined ? ` from ${opts.from}` : ''}${note}\n`);
    // The run directory owns its checkpoint from now on, so a kill before the next generation loses nothing.
    if (opts.from !== undefined) saveCheckpoint(ckPath, ck);
  } else {
    if (existsSync(ckPath) && !opts.resume) throw new Error(`${ckPath} exists: pass --resume to continue or remove the run directory`);
    const { onnx } = await netEvaluator(exportOnnx(model), 16);
    baseline = { win: await probeAccuracy(onnx, winProbes), block: await probeAccuracy(onnx, blockProbes) };
    await onnx.dispose();
  }
  writeAtomic(join(opts.dir, 'config.json'), JSON.stringify(cfg, null, 2));
  writeAtomic(join(opts.dir, 'metrics.jsonl'), metrics.map((m) => JSON.stringify(m) + '\n').join(''));

  const sp = selfPlayParams({
    concurrency: cfg.selfplay.concurrency,
    fullSearchProbability: cfg.selfplay.fullSearchProbability,
    fastSimulations: cfg.selfplay.fastSimulations,
    randomOpeningFraction: cfg.selfplay.randomOpeningFraction,
    randomOpeningPlies: cfg.selfplay.randomOpeningPlies,
    search: cfg.selfplay.search,
  });
  const evalSearch = searchParams({ ...cfg.selfplay.search, simulations: cfg.eval.simulations, dirichletWeight: 0, temperatureMoves: 0 });
  let currentBytes = exportOnnx(model);
  const stop = Math.min(cfg.generations, generation + (opts.maxGenerations ?? Infinity));

  while (generation < stop) {
    const gen = generation + 1;
    const tGen = performance.now();
    const cpu0 = process.cpuUsage();
    const current = await netEvaluator(currentBytes, cfg.selfplay.cacheSlots);

    // 1. Self-play with the current network.
    const bar = new Progress(`gen ${gen} self-play`, cfg.selfplay.games, 'games');
    bar.update(0);
    const sp0 = performance.now();
    const { games, stats } = await playGames(current.cached, cfg.selfplay.games, sp, rng, (done) => bar.update(done));
    const selfplayMs = performance.now() - sp0;
    let newSamples = 0;
    for (const g of games) for (const s of g.samples) (replay.add(s), newSamples++);

    // 2. Training.
    trainer.learningRate = learningRateAt(cfg, gen);
    const steps = Math.max(cfg.train.minSteps, Math.round((newSamples * cfg.train.reuse) / cfg.train.batchSize));
    const trainBar = new Progress(`gen ${gen} train`, steps, 'steps');
    const tr0 = performance.now();
    let lossSum = { policy: 0, value: 0, total: 0 };
    let lossLast = { policy: 0, value: 0, total: 0 };
    for (let s = 0; s < steps; s++) {
      const l = trainer.trainStep(replay.sampleBatch(cfg.train.batchSize, rng));
      lossSum = { policy: lossSum.policy + l.policy, value: lossSum.value + l.value, total: lossSum.total + l.total };
      lossLast = l;
      trainBar.update(s + 1);
    }
    const trainMs = performance.now() - tr0;

    // 3. Export.
    const nextBytes = exportOnnx(model, { metadata: { 'c4.run': cfg.name, 'c4.generation': String(gen) } });
    writeAtomic(join(opts.dir, `gen-${String(gen).padStart(4, '0')}.onnx`), nextBytes);
    writeAtomic(join(opts.dir, 'latest.onnx'), nextBytes);
    const next = await netEvaluator(nextBytes, cfg.selfplay.cacheSlots);

    // 4. Evaluation.
    const ev0 = performance.now();
    const probes = { win: await probeAccuracy(next.onnx, winProbes), block: await probeAccuracy(next.onnx, blockProbes) };
    const errors: Record<string, { raw: number; search: number }> = {};
    for (const [name, items] of labelledSets) errors[name] = await labelledErrorRates(next.cached, items, evalSearch);
    const matches: Record<string, MatchResult> = {};
    if (cfg.eval.games > 0) {
      const me: Player = { kind: 'mcts', evaluator: next.cached, search: evalSearch };
      const prev: Player = { kind: 'mcts', evaluator: current.cached, search: evalSearch };
      const opponents: [string, Player][] = [
        ['previous', prev],
        ['random', { kind: 'random' }],
        ['onePly', { kind: 'one-ply' }],
        ['alphaBeta4', { kind: 'alphabeta', depth: 4 }],
      ];
      const evalBar = new Progress(`gen ${gen} eval`, opponents.length, 'matches');
      for (let i = 0; i < opponents.length; i++) {
        matches[opponents[i][0]] = await playMatch(me, opponents[i][1], {
          games: cfg.eval.games,
          openingPlies: cfg.eval.openingPlies,
          seed: cfg.seed * 1000 + gen * 10 + i,
        });
        evalBar.update(i + 1);
      }
    }
    const evalMs = performance.now() - ev0;

    const wins1 = games.filter((g) => g.winner === 1).length;
    const wins2 = games.filter((g) => g.winner === 2).length;
    const m = {
      generation: gen,
      time: new Date().toISOString(),
      seconds: +((performance.now() - tGen) / 1000).toFixed(1),
      cpuSeconds: +(cpuSeconds(process.cpuUsage(cpu0))).toFixed(1),
      loss: {
        policy: +(lossSum.policy / steps).toFixed(4),
        value: +(lossSum.value / steps).toFixed(4),
        total: +(lossSum.total / steps).toFixed(4),
        lastPolicy: +lossLast.policy.toFixed(4),
        lastValue: +lossLast.value.toFixed(4),
      },
      learningRate: +trainer.learningRate.toExponential(3),
      selfplay: {
        games: games.length,
        firstWins: wins1,
        secondWins: wins2,
        draws: games.length - wins1 - wins2,
        meanLength: +(games.reduce((a, g) => a + g.moves.length, 0) / games.length).toFixed(2),
        samples: newSamples,
        seconds: +(selfplayMs / 1000).toFixed(1),
        gamesPerHour: Math.round(games.length / (selfplayMs / 3.6e6)),
        networkEvalsPerSecond: Math.round(stats.evaluations / (selfplayMs / 1000)),
        cacheHitRate: +(current.cached.hits / Math.max(1, current.cached.hits + current.cached.misses)).toFixed(3),
        meanBatch: +(stats.evaluations / Math.max(1, stats.batches)).toFixed(1),
      },
      train: {
        steps,
        samplesPerSecond: Math.round((steps * cfg.train.batchSize) / (trainMs / 1000)),
        replaySize: replay.size,
        replayDistinct: replay.distinct,
      },
      probes,
      probesUntrained: baseline,
      errors,
      matches: Object.fromEntries(Object.entries(matches).map(([k, r]) => [k, { score: +r.score.toFixed(3), w: r.wins, d: r.draws, l: r.losses }])),
      evalSeconds: +(evalMs / 1000).toFixed(1),
    };
    await current.onnx.dispose();
    await next.onnx.dispose();
    currentBytes = nextBytes;
    generation = gen;
    metrics = [...metrics, m];

    // 5. Checkpoint, then the metrics line (metrics.jsonl is rewritten from the checkpoint on resume).
    // portable.bin is the same without the replay buffer (about 1 MB instead of 12 for 4x32 and 200k
    // positions): small enough to commit, so a run can go on after its directory is lost (--from).
    const header = { version: 1 as const, generation, rng: rng.getState(), metrics, baseline };
    const trainerBytes = stateToBytes(trainer.getState(), { net: cfg.net });
    saveCheckpoint(ckPath, { header, trainer: trainerBytes, replay: replay.toBytes() });
    saveCheckpoint(join(opts.dir, 'portable.bin'), { header, trainer: trainerBytes, replay: new Uint8Array(0) });
    writeAtomic(join(opts.dir, 'metrics.jsonl'), metrics.map((x) => JSON.stringify(x) + '\n').join(''));
    log(JSON.stringify(m));
  }
  trainer.dispose();
  return metrics;
}

/** Whether dir/metrics.jsonl records any generation. */
function hasMetrics(dir: string): boolean {
  const path = join(dir, 'metrics.jsonl');
  return existsSync(path) && readFileSync(path, 'utf8').trim() !== '';
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** Our labelled positions (seeds/positions/*.txt, every column scored): a fixed error-rate sample per generation. */
function readLabelledSets(): [string, LabelledPosition[]][] {
  const dir = fileURLToPath(new URL('../seeds/positions/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f.replace(/\.txt$/, ''), readLabelled(join(dir, f))]);
}
