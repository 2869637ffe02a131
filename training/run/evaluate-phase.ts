/**
 * The evaluation phase of a generation: raw-policy probes (immediate win,
 * single block), error rates of the raw policy and of a short search on our
 * labelled positions (seeds/positions), and matches of the new network
 * against the previous one and the baseline ladder (random, one-ply,
 * alpha-beta depth 4): cheap checks from generation 1 on, so that a sign
 * error cannot hide (the C4 reference's one failed build).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playSearch } from '../../src/agent/preset.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { agentPlayers, baselinePlayers, playMatch, type ArenaResult, type PlayerFactory } from '../match/arena.js';
import { probeAccuracy, type probePositions } from '../match/baselines.js';
import type { RunConfig } from './config.js';
import { labelledErrorRates } from '../eval/error-rate.js';
import { readLabelled, type LabelledPosition } from '../eval/labels.js';
import { Progress } from './progress.js';
import type { MetricsLine } from '../records/metrics.js';

export interface NetEvaluator {
  onnx: OnnxEvaluator;
  cached: CachedEvaluator;
}

/** A network from its ONNX bytes, behind a cache. */
export async function netEvaluator(bytes: Uint8Array, cacheSlots: number): Promise<NetEvaluator> {
  const onnx = new OnnxEvaluator(await createNodeSession(bytes));
  return { onnx, cached: new CachedEvaluator(onnx, { slots: cacheSlots }) };
}

/** Our labelled positions (seeds/positions/*.txt, every column scored): a fixed error-rate sample per generation. */
export function labelledSets(): [string, LabelledPosition[]][] {
  const dir = fileURLToPath(new URL('../../seeds/positions/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f.replace(/\.txt$/, ''), readLabelled(join(dir, f))]);
}

type Probes = { winProbes: ReturnType<typeof probePositions>; blockProbes: ReturnType<typeof probePositions> };

export async function evaluatePhase(
  cfg: RunConfig,
  gen: number,
  next: NetEvaluator,
  current: NetEvaluator,
  probes: Probes,
  sets: [string, LabelledPosition[]][],
): Promise<Pick<MetricsLine, 'probes' | 'errors' | 'matches'> & { seconds: number }> {
  const t0 = performance.now();
  // The play preset with the run's search constants; one leaf per step (the arena and the error rates batch across positions).
  const agentSearch = { ...cfg.selfplay.search, leavesPerStep: cfg.selfplay.search.leavesPerStep ?? 1 };
  const evalSearch = playSearch(cfg.eval.simulations, agentSearch);
  const p = { win: await probeAccuracy(next.onnx, probes.winProbes), block: await probeAccuracy(next.onnx, probes.blockProbes) };
  const errors: Record<string, { raw: number; search: number }> = {};
  for (const [name, items] of sets) errors[name] = await labelledErrorRates(next.cached, items, evalSearch);
  const matches: Record<string, ArenaResult> = {};
  if (cfg.eval.games > 0) {
    // The agent of src/agent with the same preset, batched across the games. Its evaluator is the
    // generation's network behind the cache, without mirror averaging: a cheap signal every
    // generation; the gate (training/match/gate.ts) measures the agent's whole stack (agentEvaluator).
    const me = agentPlayers(next.cached, cfg.eval.simulations, agentSearch, 'next');
    const opponents: [string, PlayerFactory][] = [
      ['previous', agentPlayers(current.cached, cfg.eval.simulations, agentSearch, 'previous')],
      ['random', baselinePlayers('random')],
      ['onePly', baselinePlayers('one-ply')],
      ['alphaBeta4', baselinePlayers('alphabeta', 4)],
    ];
    const bar = new Progress(`gen ${gen} eval`, opponents.length, 'matches');
    for (let i = 0; i < opponents.length; i++) {
      matches[opponents[i][0]] = await playMatch(me, opponents[i][1], { games: cfg.eval.games, openingPlies: cfg.eval.openingPlies, seed: cfg.seed * 1000 + gen * 10 + i });
      bar.update(i + 1);
    }
  }
  return {
    probes: p,
    errors,
    matches: Object.fromEntries(Object.entries(matches).map(([k, r]) => [k, { score: +r.score.toFixed(3), w: r.wins, d: r.draws, l: r.losses }])),
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
}
