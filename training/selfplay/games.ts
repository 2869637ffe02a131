/**
 * Self-play: many games at once with the current network, every game its own
 * search tree, all trees' leaves evaluated in one batch per step
 * (src/mcts/driver.ts). AlphaZero's recipe (Dirichlet noise at the root,
 * visit-count temperature for the opening, subtree reuse) plus KataGo's
 * playout cap randomization: a full search on a fraction of the moves, a fast
 * one without noise on the rest; only full searches give policy targets.
 * With `search.forcedPlayouts`, KataGo's forced playouts at the noised root
 * and their pruning from the policy target (src/mcts/forced.ts).
 * Optionally a fraction of the games opens with a few uniformly random moves
 * (no samples from those): a strong net's self-play narrows to a few lines,
 * and random openings keep the positions a test set is drawn from in the
 * replay buffer.
 */
import { MAX_MOVES, Position } from '../../src/engine/index.js';
import type { Evaluator } from '../../src/mcts/evaluator.js';
import { SELFPLAY_SEARCH, searchParams, type SearchParams } from '../../src/mcts/params.js';
import type { Rng } from '../../src/mcts/rng.js';
import { SearchTree } from '../../src/mcts/tree.js';
import { policyTarget, sampleMove } from '../../src/mcts/choice.js';
import { stepSearches, type SearchStats } from '../../src/mcts/driver.js';
import { legalColumns } from '../match/baselines.js';
import { linkReplies, type Sample } from '../run/replay.js';

export interface SelfPlayParams {
  /** Search settings; `simulations` is the full-search budget. */
  search: SearchParams;
  /** Games played at the same time (their leaves share each batch). C4 reference builds: 128-512. */
  concurrency: number;
  /** Probability that a move gets a full search (KataGo: 0.25); 1 turns playout cap randomization off. */
  fullSearchProbability: number;
  /** Simulations of a fast search (KataGo: 100 vs 600 for full ones). */
  fastSimulations: number;
  /** Fraction of the games that open with random moves (0 = none: every game starts from the empty board). */
  randomOpeningFraction: number;
  /** Those games open with k uniformly random moves, k uniform in 1..randomOpeningPlies; none ends the game. */
  randomOpeningPlies: number;
  /**
   * Columns (0-based) from the empty board that every game starts after,
   * instead of the empty board or a random opening: for tools that study
   * self-play from one position (training/bench/continuations.ts); not a run
   * config key.
   */
  start?: readonly number[];
}

export const DEFAULT_SELFPLAY: SelfPlayParams = {
  search: SELFPLAY_SEARCH,
  concurrency: 128,
  fullSearchProbability: 1,
  fastSimulations: 20,
  randomOpeningFraction: 0,
  randomOpeningPlies: 0,
};

/**
 * The start of a game: the empty board, or for a `randomOpeningFraction` of
 * games k uniformly random moves, k in 1..randomOpeningPlies, none of which
 * wins or fills the board (the opening stops early if only such moves are
 * left). Draws nothing from `rng` when random openings are off, so runs
 * without them replay as before. A `start` replaces both and draws nothing.
 */
export function openingPosition(
  params: Pick<SelfPlayParams, 'randomOpeningFraction' | 'randomOpeningPlies' | 'start'>,
  rng: Rng,
): { pos: Position; moves: number[] } {
  const pos = new Position();
  const moves: number[] = [];
  if (params.start) {
    for (const col of params.start) {
      if (pos.isOver || !pos.canPlay(col)) throw new Error(`start: column ${col + 1} cannot be played after ${moves.length} moves`);
      pos.play(col);
      moves.push(col);
    }
    if (pos.isOver) throw new Error('start: the game is over');
    return { pos, moves };
  }
  if (params.randomOpeningFraction <= 0 || params.randomOpeningPlies < 1) return { pos, moves };
  if (rng.next() >= params.randomOpeningFraction) return { pos, moves };
  const plies = 1 + rng.int(params.randomOpeningPlies);
  for (let i = 0; i < plies; i++) {
    const choices = legalColumns(pos).filter((c) => !pos.isWinningMove(c));
    if (choices.length === 0 || pos.moves + 1 >= MAX_MOVES) break;
    const col = choices[rng.int(choices.length)];
    pos.play(col);
    moves.push(col);
  }
  return { pos, moves };
}

export function selfPlayParams(p: Partial<Omit<SelfPlayParams, 'search'>> & { search?: Partial<SearchParams> } = {}): SelfPlayParams {
  return { ...DEFAULT_SELFPLAY, ...p, search: searchParams(p.search ?? {}, SELFPLAY_SEARCH) };
}

/** One finished game. */
export interface SelfPlayGame {
  /** Columns played, 0-based, from the empty board (a random opening's moves first). */
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

/** For a stream of games (the self-play worker threads, training/selfplay/). */
export interface GameStream {
  /** Receives each finished game instead of the returned list. */
  sink: (game: SelfPlayGame) => void;
  /** Asked before each new game is started; true drains the games in play and returns. */
  stop: () => boolean;
}

/**
 * Plays `games` games and returns them in the order they finished.
 * Deterministic for the state of `rng` (and a deterministic evaluator).
 * With a `stream`, finished games go to its sink and the call returns once
 * `games` have started or the stream says stop, and the games in play are done.
 */
export async function playGames(
  evaluator: Evaluator,
  games: number,
  params: SelfPlayParams,
  rng: Rng,
  onGame?: (done: number, total: number) => void,
  stream?: GameStream,
): Promise<{ games: SelfPlayGame[]; stats: SelfPlayStats }> {
  const t0 = performance.now();
  const stats: SelfPlayStats = { batches: 0, evaluations: 0, evalMs: 0, ms: 0 };
  const out: SelfPlayGame[] = [];
  let started = 0;
  const slots: Slot[] = [];
  const newSlot = (): Slot => {
    started++;
    const { pos, moves } = openingPosition(params, rng);
    return { tree: new SearchTree(pos, params.search, rng), moves, pending: [], full: true };
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
      playSearchedMove(s, params, rng);
      if (!tree.root.isOver) {
        startMove(s);
        continue;
      }
      const record = finishedGame(s);
      if (stream) stream.sink(record);
      else out.push(record);
      onGame?.(out.length, games);
      if (started < games && !(stream?.stop() ?? false)) {
        slots[i] = newSlot();
        startMove(slots[i]);
      } else slots.splice(i, 1);
    }
  }
  stats.ms = performance.now() - t0;
  return { games: out, stats };
}

/** Plays the move searched in slot `s`: its sample kept (policy target, root value), a column drawn from the visits. */
function playSearchedMove(s: Slot, params: SelfPlayParams, rng: Rng): void {
  const tree = s.tree;
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
}

/** The finished game of slot `s`, each sample labelled with the result for its side to move and given its opponent-reply target. */
function finishedGame(s: Slot): SelfPlayGame {
  const root = s.tree.root;
  const winner: 0 | 1 | 2 = root.won ? ((root.moves & 1) === 1 ? 1 : 2) : 0;
  const samples = linkReplies(
    s.pending.map((p) => ({
      ...p,
      z: winner === 0 ? 0 : p.pos.sideToMove === winner ? 1 : -1,
    })),
  );
  return { moves: s.moves, winner, samples };
}
