/**
 * The self-play phase of a generation, in either mode (training/run/loop.ts):
 * serial (play `games` games now, in this thread) or async (take the games
 * the worker threads finished since the last generation). Both also take
 * the game shards that `npm run selfplay` wrote into the run's shards/
 * folder. Returns the games and the self-play part of the metrics line.
 */
import type { Rng } from '../../src/mcts/rng.js';
import type { RunConfig } from './config.js';
import { shardStepSamples, type ShardInbox } from '../selfplay/shards.js';
import type { SelfPlayPool } from '../selfplay/pool.js';
import { Progress } from './progress.js';
import type { SelfPlayMetrics } from '../records/metrics.js';
import { playGames, type SelfPlayGame, type SelfPlayParams } from '../selfplay/games.js';
import type { NetEvaluator } from './evaluate-phase.js';

export interface SelfPlayPhase {
  games: SelfPlayGame[];
  /** New samples that set the generation's gradient steps. */
  stepSamples: number;
  /** Shard files taken (moved to shards/used/ once the generation is checkpointed). */
  shardFiles: string[];
  metrics: SelfPlayMetrics;
}

function summary(games: SelfPlayGame[], seconds: number): Omit<SelfPlayMetrics, 'networkEvalsPerSecond' | 'cacheHitRate' | 'meanBatch'> {
  const wins1 = games.filter((g) => g.winner === 1).length;
  const wins2 = games.filter((g) => g.winner === 2).length;
  return {
    games: games.length,
    firstWins: wins1,
    secondWins: wins2,
    draws: games.length - wins1 - wins2,
    meanLength: +(games.reduce((a, g) => a + g.moves.length, 0) / Math.max(1, games.length)).toFixed(2),
    samples: games.reduce((a, g) => a + g.samples.length, 0),
    seconds: +seconds.toFixed(1),
    gamesPerHour: Math.round(games.length / (Math.max(1e-3, seconds) / 3600)),
  };
}

/** Serial: `games` games with the current network, deterministic for `rng`. */
export async function serialSelfPlay(current: NetEvaluator, g: RunConfig, gen: number, params: SelfPlayParams, rng: Rng, inbox: ShardInbox): Promise<SelfPlayPhase> {
  const bar = new Progress(`gen ${gen} self-play`, g.selfplay.games, 'games');
  bar.update(0);
  const t0 = performance.now();
  const { games, stats } = await playGames(current.cached, g.selfplay.games, params, rng, (done) => bar.update(done));
  const secs = (performance.now() - t0) / 1000;
  const shards = await inbox.take();
  const all = shards.games.length > 0 ? [...games, ...shards.games] : games;
  const c = current.cached;
  return {
    games: all,
    stepSamples: games.reduce((a, x) => a + x.samples.length, 0) + shardStepSamples(shards.games, g.selfplay.games),
    shardFiles: shards.files,
    metrics: {
      ...summary(games, secs),
      samples: all.reduce((a, x) => a + x.samples.length, 0),
      networkEvalsPerSecond: Math.round(stats.evaluations / secs),
      cacheHitRate: +(c.hits / Math.max(1, c.hits + c.misses)).toFixed(3),
      meanBatch: +(stats.evaluations / Math.max(1, stats.batches)).toFixed(1),
      ...(shards.games.length > 0 ? { shardGames: shards.games.length } : {}),
    },
  };
}

let lastTake = performance.now();

/**
 * Async: waits for at least `selfplay.games` games from the workers, takes
 * every game queued and the shards. The gradient steps follow the samples of
 * `selfplay.games` games at most, so that a trainer slower than self-play does
 * not take ever longer generations (the extra games still go into the buffer).
 */
export async function asyncSelfPlay(pool: SelfPlayPool, g: RunConfig, gen: number, inbox: ShardInbox): Promise<SelfPlayPhase> {
  const t0 = performance.now();
  const taken = await pool.take(g.selfplay.games);
  const waited = (performance.now() - t0) / 1000;
  const interval = Math.max(1e-3, (performance.now() - lastTake) / 1000);
  lastTake = performance.now();
  const shards = await inbox.take();
  const own = taken.games;
  const all = shards.games.length > 0 ? [...own, ...shards.games] : own;
  const firstN = own.slice(0, g.selfplay.games).reduce((a, x) => a + x.samples.length, 0);
  const st = taken.stats;
  const metrics: SelfPlayMetrics = {
    ...summary(own, waited),
    samples: all.reduce((a, x) => a + x.samples.length, 0),
    // Per second of the interval since the last take: the workers' throughput, not the wait.
    gamesPerHour: Math.round(own.length / (interval / 3600)),
    networkEvalsPerSecond: Math.round(st.cacheMisses / interval),
    cacheHitRate: +(st.cacheHits / Math.max(1, st.cacheHits + st.cacheMisses)).toFixed(3),
    meanBatch: +(st.evaluations / Math.max(1, st.batches)).toFixed(1),
    staleness: +(taken.generations.reduce((a, x) => a + (gen - 1 - x), 0) / Math.max(1, taken.generations.length)).toFixed(2),
    ...(shards.games.length > 0 ? { shardGames: shards.games.length } : {}),
  };
  return { games: all, stepSamples: firstN + shardStepSamples(shards.games, g.selfplay.games), shardFiles: shards.files, metrics };
}
