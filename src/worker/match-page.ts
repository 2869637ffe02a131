/**
 * The measurement page behind `npm run match -- --web`, `npm run
 * bench:analysis` and `npm run bench:ort`: the game page's own
 * agent worker (the shipped model in onnxruntime-web, the one agent of
 * src/agent, its tree following the game) and solver worker (with the
 * opening book), created by the same drivers the game uses, play one game
 * at a time. The agent's reply time is measured here, in the page, around
 * each request, as a player waits for it. The solver picks among its best
 * columns with the same seeded tie-break as `npm run match` (SolverPlayer),
 * so the same seeds give the same games as the Node match when the agent
 * plays the same moves.
 */
import * as Comlink from 'comlink';
import { levelById, levelMove } from '../agent/levels.js';
import type { ThroughputSpec } from '../agent/throughput.js';
import { parseMoves } from '../engine/index.js';
import { Rng } from '../mcts/rng.js';
import { chooseBestMove } from '../solver/choose.js';
import { BOOK_URL, shippedModel } from './assets.js';
import type { BenchApi } from './bench-worker.js';
import { agentDriver, solverDriver } from './drivers.js';
import { poolSizeFor } from './solver-pool.js';

export interface WebGame {
  seed: number;
  agentFirst: boolean;
  /** All moves in Pons' notation. */
  moves: string;
  /** 1 first player won, 2 second, 0 draw. */
  winner: 0 | 1 | 2;
  /** Reply times of the agent and of the solver, ms, in the page. */
  agentMs: number[];
  opponentMs: number[];
  /** Simulations of each agent reply (root visits, reused ones included). */
  agentSimulations: number[];
}

let id = 0;
const agent = agentDriver(
  () => {
    const m = shippedModel();
    if (!m) throw new Error('no shipped model (models/agent.onnx)');
    return { kind: 'onnx', modelUrl: m.url, threads: 1 };
  },
  () => {},
);
// The page's own pool: one solver worker per core, or ?solver-workers=N.
let solverWorkers = 0;
const solver = solverDriver({ bookUrl: BOOK_URL, workers: poolSizeFor(location.href, navigator.hardwareConcurrency) }, (info) => {
  solverWorkers = info.workers;
});
const ready = Promise.all([agent.load(), solver.load()]);

/** Seed offset of the second player in a Node match (training/match/game.ts playGame). */
const SECOND_SEED = 1_000_003;

async function playGame(agentFirst: boolean, seed: number, level: string, solverMs: number): Promise<WebGame> {
  await ready;
  const lv = levelById(level);
  const sims = lv.simulations;
  const rng = new Rng(agentFirst ? seed + SECOND_SEED : seed);
  let moves = '';
  const pos = parseMoves('');
  const game: WebGame = { seed, agentFirst, moves, winner: 0, agentMs: [], opponentMs: [], agentSimulations: [] };
  while (!pos.isOver) {
    const agentToMove = (pos.sideToMove === 1) === agentFirst;
    const t0 = performance.now();
    let col: number;
    if (agentToMove) {
      const r = await agent.run(++id, { moves, simulations: sims, progressMs: 0 }, () => {});
      if (!r || r.best < 0) throw new Error(`the agent gave no move at ${moves || 'the start'}`);
      // The level's choice, as the game page makes it (engine-jobs.ts agentMoveToPlay).
      col = levelMove(lv, moves, r);
      game.agentMs.push(performance.now() - t0);
      game.agentSimulations.push(r.simulations);
    } else {
      const r = await solver.run(++id, { moves, timeLimitMs: solverMs }, () => {});
      if (!r || !r.complete) throw new Error(`the solver did not solve ${moves || 'the start'} within ${solverMs} ms`);
      col = chooseBestMove(r.scores, () => rng.next());
      game.opponentMs.push(performance.now() - t0);
    }
    pos.play(col);
    moves += String(col + 1);
  }
  game.moves = moves;
  game.winner = pos.won ? ((pos.moves & 1) === 1 ? 1 : 2) : 0;
  return game;
}

/** The page's solver pool (or one of `workers` workers) on one position within `ms`, as the analysis panel asks it (`npm run bench:analysis`); `workers` in the answer: the pool's size. */
async function analyse(
  moves: string,
  ms: number,
  positionShare?: number,
  workers?: number,
): Promise<{ bounds: ([number, number] | null)[]; position: [number, number] | null; complete: boolean; ms: number; workers: number }> {
  await ready;
  const pool = workers === undefined ? { driver: solver, workers: solverWorkers } : await otherPool(workers);
  const t0 = performance.now();
  const r = await pool.driver.run(++id, { moves, timeLimitMs: ms, positionShare }, () => {});
  if (!r) throw new Error(`the analysis of ${moves} was superseded`);
  return { bounds: r.bounds, position: r.position, complete: r.complete, ms: performance.now() - t0, workers: pool.workers };
}

/** Pools of other sizes than the page's, for `bench:analysis --compare N` (each position on both, in turn). */
const otherPools = new Map<number, Promise<{ driver: typeof solver; workers: number }>>();

function otherPool(workers: number): Promise<{ driver: typeof solver; workers: number }> {
  let pool = otherPools.get(workers);
  if (!pool) {
    let loaded = 0;
    const driver = solverDriver({ bookUrl: BOOK_URL, workers }, (info) => {
      loaded = info.workers;
    });
    pool = driver.load().then(() => ({ driver, workers: loaded }));
    otherPools.set(workers, pool);
  }
  return pool;
}

/** The shipped model's throughput on onnxruntime-web in a fresh worker with `threads` wasm threads (`npm run bench:ort`). */
async function throughput(threads: number, spec: ThroughputSpec) {
  const m = shippedModel();
  if (!m) throw new Error('no shipped model (models/agent.onnx)');
  const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: 'bench' });
  try {
    return await Comlink.wrap<BenchApi>(worker).measure(m.url, threads, spec);
  } finally {
    worker.terminate();
  }
}

declare global {
  interface Window {
    c4match: { ready: Promise<unknown>; playGame: typeof playGame; analyse: typeof analyse; throughput: typeof throughput };
  }
}

window.c4match = { ready, playGame, analyse, throughput };
