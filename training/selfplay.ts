/**
 * Self-play: many games at once with the current network, every game its own
 * search tree, all trees' leaves evaluated in one batch per step
 * (src/mcts/driver.ts). AlphaZero's recipe (Dirichlet noise at the root,
 * visit-count temperature for the opening, subtree reuse) plus KataGo's
 * playout cap randomization: a full search on a fraction of the moves, a fast
 * one without noise on the rest; only full searches give policy targets.
 */
import { Position } from '../src/engine/index.js';
import type { Evaluator } from '../src/mcts/evaluator.js';
import { SELFPLAY_SEARCH, searchParams, type SearchParams } from '../src/mcts/params.js';
import type { Rng } from '../src/mcts/rng.js';
import { SearchTree } from '../src/mcts/tree.js';
import { policyTarget, sampleMove } from '../src/mcts/choice.js';
import { stepSearches, type SearchStats } from '../src/mcts/driver.js';
import type { Sample } from './replay.js';

export interface SelfPlayParams {
  /** Search settings; `simulations` is the full-search budget. */
  search: SearchParams;
  /** Games played at the same time (their leaves share each batch). C4 reference builds: 128-512. */
  concurrency: number;
  /** Probability that a move gets a full search (KataGo: 0.25); 1 turns playout cap randomization off. */
  fullSearchProbability: number;
  /** Simulations of a fast search (KataGo: 100 vs 600 for full ones). */
  fastSimulations: number;
}

export const DEFAULT_SELFPLAY: SelfPlayParams = {
  search: SELFPLAY_SEARCH,
  concurrency: 128,
  fullSearchProbability: 1,
  fastSimulations: 20,
};

export function selfPlayParams(p: Partial<Omit<SelfPlayParams, 'search'>> & { search?: Partial<SearchParams> } = {}): SelfPlayParams {
  return { ...DEFAULT_SELFPLAY, ...p, search: searchParams(p.search ?? {}, SELFPLAY_SEARCH) };
}

/** One finished game. */
export interface GameRecord {
  /** Columns played, 0-based. */
  moves: number[];
  /** 1 first player won, 2 second player won, 0 draw. */
  winner: 0 | 1 | 2;
  samples: Sample[];
}

export interface SelfPlayStats extends SearchStats {
  /** Wall time of the whole call. */
  ms: number;
}

interface Slot {
  tree: SearchTree;
  moves: number[];
  pending: { pos: Position; policy: Float32Array; q: number; full: boolean }[];
  full: boolean;
}

/**
 * Plays `games` games and returns them in the order they finished.
 * Deterministic for the state of `rng` (and a deterministic evaluator).
 */
export async function playGames(
  evaluator: Evaluator,
  games: number,
  params: SelfPlayParams,
  rng: Rng,
  onGame?: (done: number, total: number) => void,
): Promise<{ games: GameRecord[]; stats: SelfPlayStats }> {
  const t0 = performance.now();
  const stats: SelfPlayStats = { batches: 0, evaluations: 0, evalMs: 0, ms: 0 };
  const out: GameRecord[] = [];
  let started = 0;
  const slots: Slot[] = [];
  const newSlot = (): Slot => {
    started++;
    return { tree: new SearchTree(new Position(), params.search, rng), moves: [], pending: [], full: true };
  };
  while (slots.length < Math.min(params.concurrency, games)) slots.push(newSlot());
  // Each game moves on as soon as its own search is done, so the batch stays
  // about `concurrency` leaves wide instead of draining at the end of every move.
  const startMove = (s: Slot) => {
    s.full = params.fullSearchProbability >= 1 || rng.next() < params.fullSearchProbability;
    s.tree.beginMove(s.full);
  };
  const simsOf = (s: Slot) => (s.full ? params.search.simulations : params.fastSimulations);
  for (const s of slots) startMove(s);
  const trees: SearchTree[] = [];
  const sims: number[] = [];
  while (slots.length > 0) {
    trees.length = 0;
    sims.length = 0;
    for (const s of slots) {
      trees.push(s.tree);
      sims.push(simsOf(s));
    }
    await stepSearches(trees, evaluator, sims, stats);
    for (let i = slots.length - 1; i >= 0; i--) {
      const s = slots[i];
      const tree = s.tree;
      if (!tree.done(simsOf(s))) continue;
      s.pending.push({
        pos: tree.root.clone(),
        policy: policyTarget(tree, new Float32Array(7)),
        q: tree.rootProvenValue ?? tree.rootValue,
        full: s.full,
      });
      const temperature = tree.root.moves < params.search.temperatureMoves ? params.search.temperature : 0;
      const col = sampleMove(tree, temperature, rng);
      s.moves.push(col);
      tree.advance(col);
      if (!tree.root.isOver) {
        startMove(s);
        continue;
      }
      const winner: 0 | 1 | 2 = tree.root.won ? ((tree.root.moves & 1) === 1 ? 1 : 2) : 0;
      const samples = s.pending.map((p) => ({
        ...p,
        z: winner === 0 ? 0 : p.pos.sideToMove === winner ? 1 : -1,
      }));
      out.push({ moves: s.moves, winner, samples });
      onGame?.(out.length, games);
      if (started < games) {
        slots[i] = newSlot();
        startMove(slots[i]);
      } else slots.splice(i, 1);
    }
  }
  stats.ms = performance.now() - t0;
  return { games: out, stats };
}
