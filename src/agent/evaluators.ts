/**
 * The agent's evaluator stack, built here and nowhere else: the network,
 * then a guard that stops on non-finite outputs (a corrupt model), then
 * mirror averaging, then the position cache. The order matters: nothing bad
 * is averaged or cached, and the cache stores averaged evaluations, so a
 * position and its mirror image cost one network batch of two.
 */
import type { Evaluator, MovesLeftUtility } from '../mcts/evaluator.js';
import { CachedEvaluator } from '../nn/cache.js';
import { FiniteCheckingEvaluator } from '../nn/finite-check.js';
import { MirrorAveragingEvaluator } from '../nn/mirror-average.js';
import { DEFAULT_MIRROR_AVERAGE } from './defaults.js';

export interface StackOptions {
  /** Average each evaluation with its mirror image's (default DEFAULT_MIRROR_AVERAGE). */
  mirrorAverage?: boolean;
  /** The network's value-target length weight (its `c4.lengthWeight` metadata, src/nn/model-metadata.ts; default 0). */
  lengthWeight?: number;
  /** The moves-left utility the network was trained with (its `c4.movesLeftSlope`/`c4.movesLeftCap` metadata); default none. */
  movesLeftUtility?: MovesLeftUtility;
  /** Cache slots (src/nn/cache.ts; default 2^18). */
  cacheSlots?: number;
}

export function agentEvaluator(net: Evaluator, opts: StackOptions = {}): CachedEvaluator {
  const checked = new FiniteCheckingEvaluator(net);
  const averaged = (opts.mirrorAverage ?? DEFAULT_MIRROR_AVERAGE) ? new MirrorAveragingEvaluator(checked) : checked;
  const utility = opts.movesLeftUtility ?? net.movesLeftUtility;
  return new CachedEvaluator(averaged, {
    ...(opts.cacheSlots === undefined ? {} : { slots: opts.cacheSlots }),
    lengthWeight: opts.lengthWeight ?? net.lengthWeight ?? 0,
    ...(utility ? { movesLeftUtility: utility } : {}),
  });
}
