/**
 * The agent's search as the worker runs it: the one playing agent
 * (src/agent) with its tree following the game, searched in slices of
 * simulations, yielding to the worker's event loop between slices so that a
 * newer request (or a stop) gets in and the older search ends at once, with
 * progress reports for the UI. No worker API here, so Node tests drive it
 * with the uniform or rollout evaluator.
 */
import { Agent } from '../agent/agent.js';
import { WIDTH, parseMoves } from '../engine/index.js';
import { bestMove, type Evaluator } from '../mcts/index.js';
import type { SearchTree } from '../mcts/tree.js';
import type { AgentResult, AgentWork } from './protocol.js';

/** Simulations per slice between two yields; small enough to answer a stop within ~50 ms. */
export const SLICE = 32;

/** Hooks from the worker: am I still the newest work, how to yield, and where to report. */
export interface WorkerSearchHooks {
  isCurrent(): boolean;
  /** Lets queued messages in (setTimeout 0 in a worker). */
  yieldNow(): Promise<void>;
  progress?(r: AgentResult): void;
  /** Milliseconds between progress reports; 0 = none. */
  progressMs: number;
  now(): number;
}

/**
 * Searches `work.moves` with `work.simulations` (root visits, reused ones
 * included); resolves null as soon as `hooks.isCurrent()` turns false. Given
 * an Agent, its tree is reused when the position continues the game it
 * follows; given a bare evaluator, a fresh agent searches from scratch.
 */
export async function searchInSlices(agentOrEvaluator: Agent | Evaluator, work: AgentWork, hooks: WorkerSearchHooks): Promise<AgentResult | null> {
  const agent = agentOrEvaluator instanceof Agent ? agentOrEvaluator : new Agent(agentOrEvaluator, { budget: { sims: work.simulations }, slice: SLICE });
  const start = hooks.now();
  const pos = parseMoves(work.moves);
  if (pos.isOver) return resultOf(work, null, 0, start, hooks.now(), true);
  const [root] = await agent.evaluator.evaluate([pos]);
  let lastReport = start;
  const done = await agent.thinkAbout(
    work.moves,
    {
      afterSlice: async (tree) => {
        await hooks.yieldNow();
        if (!hooks.isCurrent()) return false;
        const t = hooks.now();
        if (hooks.progress && hooks.progressMs > 0 && t - lastReport >= hooks.progressMs && !tree.done(work.simulations)) {
          lastReport = t;
          hooks.progress(resultOf(work, tree, root.value, start, t, false));
        }
        return true;
      },
    },
    { sims: work.simulations },
  );
  if (done === null) return null;
  return resultOf(work, agent.searchTree, root.value, start, hooks.now(), true);
}

function resultOf(work: AgentWork, tree: SearchTree | null, netValue: number, start: number, now: number, final: boolean): AgentResult {
  const visits = tree ? tree.rootVisitsByColumn(new Float32Array(WIDTH)) : new Float32Array(WIDTH);
  let total = 0;
  for (const v of visits) total += v;
  const best = tree && !tree.root.isOver ? bestMove(tree) : -1;
  // A root proven before any child was visited (a win at once): all the weight on the proven move.
  if (total === 0 && best >= 0) {
    visits[best] = 1;
    total = 1;
  }
  return {
    id: work.id,
    moves: work.moves,
    best,
    visitShare: Array.from(visits, (v) => (total > 0 ? v / total : 0)),
    netValue,
    searchValue: tree ? (tree.rootProvenValue ?? tree.rootValue) : 0,
    proven: tree?.rootProvenValue ?? null,
    simulations: tree ? tree.rootVisits : 0,
    ms: now - start,
    final,
  };
}
