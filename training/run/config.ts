/**
 * A training run's configuration, read from `seeds/<run>.json`: everything a
 * run needs to be reproduced, starting with its RNG seed. Every field but
 * `name` and `seed` is optional and falls back to the defaults below.
 */
import type { NetConfig } from '../nn/model.js';
import type { TrainerParams } from '../nn/trainer.js';
import type { ReplayParams } from './replay.js';
import type { SearchParams } from '../../src/mcts/params.js';
import type { MovesLeftUtility } from '../../src/mcts/evaluator.js';
import { DEFAULT_GATE, type GateParams } from '../match/gate.js';
import { DEFAULT_BROAD, type BroadParams } from '../eval/broad.js';
import { selfPlayParams, type SelfPlayParams } from '../selfplay/games.js';

/**
 * A change of settings from one generation on (the recipe's curriculum:
 * more simulations, random openings, ... as the network gets stronger).
 * Steps apply in order; each one's fields override the base config's and
 * the earlier steps'.
 */
/** The trainers a run can use (`train.engine`). */
export const TRAIN_ENGINES = ['tfjs', 'onnxruntime'] as const;
export type TrainEngine = (typeof TRAIN_ENGINES)[number];

/** The learning-rate schedules over a run (`train.learningRateSchedule`; learningRateAt). */
export const LEARNING_RATE_SCHEDULES = ['cosine', 'one-cycle'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

export interface ScheduleStep {
  /** First generation (1-based) that uses this step's settings. */
  fromGeneration: number;
  selfplay?: Partial<Omit<RunConfig['selfplay'], 'search' | 'workers' | 'cacheSlots'>> & { search?: Partial<SearchParams> };
  train?: Partial<Pick<RunConfig['train'], 'reuse' | 'minSteps'>>;
}

export interface RunConfig {
  /** Run name; the run directory is runs/<name>/ unless --out says otherwise. */
  name: string;
  /** Seed of every random choice: network init, self-play, batches, matches. */
  seed: number;
  /** Generations (self-play -> train -> export -> evaluate) to run. */
  generations: number;
  /**
   * Set when this run goes on from another run's checkpoint (`npm run train
   * -- --from`): that run's config file and the generation its checkpoint
   * holds. Changes nothing in training; `--from` is required and checked
   * against it, and the model card names both stages.
   */
  continues?: { config: string; generation: number };
  /** Network shape (training/nn/model.ts). */
  net: Partial<NetConfig>;
  selfplay: {
    /** Games per generation (C4 reference builds: 256). */
    games: number;
    /** Games played at once; their leaves share each evaluation batch. */
    concurrency: number;
    /** Probability of a full search per move (KataGo's playout cap randomization; 1 = off). */
    fullSearchProbability: number;
    /** Simulations of fast searches. */
    fastSimulations: number;
    /** Fraction of games that open with random moves (training/selfplay/games.ts; 0 = off). */
    randomOpeningFraction: number;
    /** Those games open with 1..randomOpeningPlies uniformly random moves. */
    randomOpeningPlies: number;
    /**
     * Search settings for full searches (src/mcts/params.ts; noise and temperature on by default).
     * `search.forcedPlayouts`: KataGo's forced playouts with policy target pruning at the noised
     * root, k of n_forced = sqrt(k * P * N) (KataGo: 2; default 0 = off).
     */
    search: Partial<SearchParams>;
    /** Evaluation cache slots (src/nn/cache.ts). */
    cacheSlots: number;
    /**
     * Self-play worker threads playing beside training (training/selfplay/),
     * 'auto' for one fewer than the cores (as many as the cores with the onnxruntime trainer: `workerCount`); 0 plays in turn with training in
     * the trainer's thread: deterministic, the mode for tests and A/B runs.
     */
    workers: number | 'auto';
  };
  /** Changes of settings over the generations, in order (none: the settings above throughout). */
  schedule: ScheduleStep[];
  /** The strength gate against the solver (training/match/gate.ts; every = 0: none). */
  gate: GateParams;
  /**
   * The broad strength measure (training/eval/broad.ts; every = 0: none): raw-policy and search
   * errors of the agent's stack on the first `perSet` positions of each of Pons' six sets, judged
   * by the committed verdict tables, every `every` generations from `from` and at the last one.
   */
  broad: BroadParams;
  replay: Partial<ReplayParams>;
  /**
   * How each exported network plays (the gate, `npm run match`, `npm run eval`, the page): its
   * moves-left utility, written into the model's metadata (c4.movesLeftSlope, c4.movesLeftCap)
   * when the network has the head (train.movesLeftWeight > 0). Each key absent: self-play's
   * (selfplay.search.movesLeftSlope, movesLeftCap); a slope of 0: the agent searches without it.
   */
  play: { movesLeftSlope?: number; movesLeftCap?: number };
  train: {
    /** Samples per gradient step (C4 reference builds: 512). */
    batchSize: number;
    /** Gradient steps per generation = max(minSteps, round(new samples * reuse / batchSize)). */
    reuse: number;
    minSteps: number;
    /** The peak learning rate: at generation 1, cosine-decayed to finalLearningRate at the last one (reference builds: 1e-3 -> 1e-4); reached after the warm-up with 'one-cycle'. */
    learningRate: number;
    finalLearningRate: number;
    /**
     * 'cosine' (default): learningRate at generation 1, cosine down to finalLearningRate at the last.
     * 'one-cycle' (Smith 2018; Oracle's Connect Four series, part 6): linear warm-up from
     * finalLearningRate to the peak learningRate over the first warmupFraction of the generations,
     * then cosine down to finalLearningRate at the last one. A fixed budget: it needs `generations`.
     */
    learningRateSchedule: LearningRateSchedule;
    /** The one-cycle warm-up's share of the run (0.15: the peak at 15% of the generations); unused by 'cosine'. */
    warmupFraction: number;
    /** L2 coefficient (AlphaZero: 1e-4). */
    l2: number;
    /**
     * Weight of KataGo's auxiliary opponent-reply policy loss (arXiv 1902.10565 section 3.4; KataGo:
     * 0.15): a third head, trained on the next position's search policy, shares the policy head's
     * features; the exported network has no such head. 0 (default) = no head: today's graph exactly.
     * A loss weight like l2, so here and not in `net`, which describes the exported network.
     */
    opponentReplyWeight: number;
    /**
     * Weight of the moves-left head's squared error (Lc0's moves-left head; the target is the plies
     * from each sample's position to its game's end, / 42): a head on the value head's hidden layer,
     * exported as the model's third output 'moves_left' for the search's moves-left utility
     * (selfplay.search.movesLeftSlope, movesLeftCap, recorded in the model's metadata). 0 (default) =
     * no head: today's graph exactly.
     */
    movesLeftWeight: number;
    /**
     * What computes the gradients: 'tfjs' (tfjs-wasm, training/nn/trainer.ts) or 'onnxruntime'
     * (onnxruntime-node's native kernels on a hand-written backward graph, training/onnx/ort-trainer.ts;
     * same loss, optimizer and checkpoint state). Default 'tfjs'.
     */
    engine: TrainEngine;
  };
  eval: {
    /** Games of each match (new net vs previous net, vs random, vs one-ply). 0 skips matches. */
    games: number;
    /** Simulations per move of the network player in matches. */
    simulations: number;
    /** Random plies that open each pair of games. */
    openingPlies: number;
    /** Positions in each probe set (immediate win, single block) scored on the raw policy. */
    probes: number;
  };
}

export const DEFAULT_RUN: Omit<RunConfig, 'name' | 'seed'> = {
  generations: 20,
  net: {},
  selfplay: {
    games: 256,
    concurrency: 128,
    fullSearchProbability: 1,
    fastSimulations: 20,
    randomOpeningFraction: 0,
    randomOpeningPlies: 0,
    search: {},
    cacheSlots: 1 << 18,
    workers: 0,
  },
  schedule: [],
  gate: DEFAULT_GATE,
  broad: DEFAULT_BROAD,
  replay: {},
  play: {},
  train: { batchSize: 256, reuse: 4, minSteps: 10, learningRate: 1e-3, finalLearningRate: 1e-4, learningRateSchedule: 'cosine', warmupFraction: 0.15, l2: 1e-4, opponentReplyWeight: 0, movesLeftWeight: 0, engine: 'tfjs' },
  eval: { games: 20, simulations: 50, openingPlies: 2, probes: 200 },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** Fills defaults into a parsed config file and checks the required fields. */
export function resolveConfig(raw: DeepPartial<RunConfig>): RunConfig {
  if (typeof raw.name !== 'string' || !/^[\w.-]+$/.test(raw.name)) throw new Error('config: "name" must be a plain word');
  if (typeof raw.seed !== 'number' || !Number.isInteger(raw.seed)) throw new Error('config: "seed" must be an integer');
  const selfplay = { ...DEFAULT_RUN.selfplay, ...raw.selfplay, search: { ...raw.selfplay?.search } };
  const { randomOpeningFraction: f, randomOpeningPlies: k } = selfplay;
  if (typeof f !== 'number' || !(f >= 0 && f <= 1)) throw new Error('config: "selfplay.randomOpeningFraction" must be a number from 0 to 1');
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 40) throw new Error('config: "selfplay.randomOpeningPlies" must be an integer from 0 to 40');
  return {
    name: raw.name,
    seed: raw.seed,
    generations: raw.generations ?? DEFAULT_RUN.generations,
    ...(raw.continues ? { continues: checkContinues(raw.continues) } : {}),
    net: { ...DEFAULT_RUN.net, ...raw.net },
    selfplay,
    schedule: (raw.schedule ?? []) as ScheduleStep[],
    gate: { ...DEFAULT_GATE, ...raw.gate },
    broad: { ...DEFAULT_BROAD, ...raw.broad } as BroadParams,
    replay: { ...DEFAULT_RUN.replay, ...raw.replay },
    play: { ...DEFAULT_RUN.play, ...raw.play },
    train: { ...DEFAULT_RUN.train, ...raw.train },
    eval: { ...DEFAULT_RUN.eval, ...raw.eval },
  };
}

function checkContinues(c: DeepPartial<NonNullable<RunConfig['continues']>>): NonNullable<RunConfig['continues']> {
  if (typeof c.config !== 'string' || typeof c.generation !== 'number' || !Number.isInteger(c.generation) || c.generation < 1) {
    throw new Error('config: "continues" must be { "config": "seeds/<run>.json", "generation": N }');
  }
  return { config: c.config, generation: c.generation };
}

/**
 * Learning rate of generation `gen` (1-based) of `cfg.generations`: cosine
 * decay from learningRate to finalLearningRate, after a linear warm-up from
 * finalLearningRate with the 'one-cycle' schedule.
 */
export function learningRateAt(cfg: RunConfig, gen: number): number {
  const { learningRate: lr0, finalLearningRate: lr1, learningRateSchedule, warmupFraction } = cfg.train;
  const t = cfg.generations <= 1 ? 0 : (gen - 1) / (cfg.generations - 1);
  const w = learningRateSchedule === 'one-cycle' ? warmupFraction : 0;
  if (t < w) return lr1 + ((lr0 - lr1) * t) / w;
  const u = w > 0 ? (t - w) / (1 - w) : t;
  return lr1 + (lr0 - lr1) * 0.5 * (1 + Math.cos(Math.PI * u));
}

/** The network the run trains: `net`, with the opponent-reply and moves-left heads whose losses have a weight. */
export function trainedNet(cfg: RunConfig): Partial<NetConfig> {
  const heads = { ...(cfg.train.opponentReplyWeight > 0 ? { opponentReply: true } : {}), ...(cfg.train.movesLeftWeight > 0 ? { movesLeft: true } : {}) };
  return { ...cfg.net, ...heads };
}

/** The trainer's settings from the run's (the learning rate is set again each generation: learningRateAt). */
export function trainerParamsOf(cfg: RunConfig): Partial<TrainerParams> {
  const { learningRate, l2, opponentReplyWeight, movesLeftWeight } = cfg.train;
  return { learningRate, l2, opponentReplyWeight, movesLeftWeight };
}

/** The settings of generation `gen`: the config with every schedule step from that generation or earlier applied. */
export function configAt(cfg: RunConfig, gen: number): RunConfig {
  let selfplay = cfg.selfplay;
  let train = cfg.train;
  for (const step of cfg.schedule) {
    if (step.fromGeneration > gen) break;
    selfplay = { ...selfplay, ...step.selfplay, search: { ...selfplay.search, ...step.selfplay?.search } };
    train = { ...train, ...step.train };
  }
  return { ...cfg, selfplay, train };
}

/**
 * Self-play worker threads for a config. 'auto': with the tfjs trainer one fewer than the cores
 * (at least one), since training takes a core's time; with the onnxruntime trainer as many as the
 * cores, since training is then under half of a generation (seeds/default-ort.json on 2 cores, 1
 * worker: 15 s of training in a 41-50 s generation, the trainer waiting for games; CPU/wall 1.45).
 */
export function workerCount(cfg: RunConfig, cores: number): number {
  const w = cfg.selfplay.workers;
  if (w !== 'auto') return w;
  return cfg.train.engine === 'onnxruntime' ? Math.max(1, cores) : Math.max(1, cores - 1);
}

/**
 * The moves-left utility the network exported after generation `gen` plays with (`play`, else
 * the self-play search of the generation after it), or undefined for a network without the head.
 */
export function playUtility(cfg: RunConfig, gen: number): MovesLeftUtility | undefined {
  if (cfg.train.movesLeftWeight <= 0) return undefined;
  const search = selfPlayAt(cfg, gen + 1).search;
  return { slope: cfg.play.movesLeftSlope ?? search.movesLeftSlope, cap: cfg.play.movesLeftCap ?? search.movesLeftCap };
}

/** The self-play settings of generation `gen` (its schedule applied), as playGames takes them. */
export function selfPlayAt(cfg: RunConfig, gen: number): SelfPlayParams {
  const g = configAt(cfg, gen).selfplay;
  return selfPlayParams({
    concurrency: g.concurrency,
    fullSearchProbability: g.fullSearchProbability,
    fastSimulations: g.fastSimulations,
    randomOpeningFraction: g.randomOpeningFraction,
    randomOpeningPlies: g.randomOpeningPlies,
    search: g.search,
  });
}
