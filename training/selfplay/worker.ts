/**
 * A self-play worker thread: its own onnxruntime-node session, evaluation
 * cache and MCTS, playing games without pause on the newest network the
 * trainer has sent (asynchronous self-play, as KataGo and the C4 reference
 * run it) and streaming each finished game back. A new network takes over
 * at the next evaluation batch (trees keep their older priors, as in any
 * asynchronous pipeline); new self-play settings (a schedule step) wait for
 * the games in play to finish. Seeds: run seed, worker index and round.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Position } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/evaluator.js';
import { Rng } from '../../src/mcts/rng.js';
import { CachedEvaluator } from '../../src/nn/cache.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { playGames, type SelfPlayParams } from './games.js';
import { toWire } from '../records/shard.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

/** The newest network behind one evaluator: swapped between batches, the old session freed then. */
class SwappableEvaluator implements Evaluator {
  current: CachedEvaluator | null = null;
  private next: CachedEvaluator | null = null;
  generation = 0;
  private nextGeneration = 0;
  evaluations = 0;
  batches = 0;

  offer(e: CachedEvaluator, generation: number): void {
    void this.next?.inner.dispose?.();
    this.next = e;
    this.nextGeneration = generation;
  }

  swapIfOffered(): void {
    if (this.next === null) return;
    const old = this.current;
    this.current = this.next;
    this.generation = this.nextGeneration;
    this.next = null;
    void old?.inner.dispose?.();
  }

  async evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    if (stopping) throw new Stopped();
    this.swapIfOffered();
    this.batches++;
    this.evaluations += positions.length;
    return this.current!.evaluate(positions);
  }
}

/** Thrown into the search when the trainer stops the worker: the games in play are dropped. */
class Stopped extends Error {}

const net = new SwappableEvaluator();
let params: SelfPlayParams | null = null;
let pendingParams: SelfPlayParams | null = null;
let stopping = false;
let wake: (() => void) | null = null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'stop') stopping = true;
  else {
    void createNodeSession(m.bytes).then((session) => {
      net.offer(new CachedEvaluator(new OnnxEvaluator(session), { slots: init.cacheSlots }), m.generation);
      if (JSON.stringify(m.params) !== JSON.stringify(params)) pendingParams = m.params;
      wake?.();
    }, (e: Error) => send({ type: 'error', message: `cannot load the network: ${e.message}` }));
  }
  wake?.();
});

async function main(): Promise<void> {
  while (pendingParams === null && !stopping) {
    await new Promise<void>((r) => (wake = r));
    wake = null;
  }
  for (let round = 0; !stopping; round++) {
    if (pendingParams !== null) (params = pendingParams), (pendingParams = null);
    net.swapIfOffered();
    const rng = new Rng((init.seed ^ Math.imul(init.index + 1, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0);
    let e0 = net.evaluations;
    let b0 = net.batches;
    let h0 = 0;
    let m0 = 0;
    let cache: CachedEvaluator | null = null;
    await playGames(net, Number.MAX_SAFE_INTEGER, params!, rng, undefined, {
      sink: (g) => {
        const c = net.current!;
        if (c !== cache) (cache = c), (h0 = 0), (m0 = 0); // counters restart with each new network
        send({ type: 'stats', evaluations: net.evaluations - e0, batches: net.batches - b0, cacheHits: c.hits - h0, cacheMisses: c.misses - m0 });
        (e0 = net.evaluations), (b0 = net.batches), (h0 = c.hits), (m0 = c.misses);
        send({ type: 'game', game: toWire(g), generation: net.generation });
      },
      stop: () => stopping || pendingParams !== null,
    });
  }
  await net.current?.inner.dispose?.();
  send({ type: 'stopped' });
}

main().catch(async (e: Error) => {
  if (!(e instanceof Stopped)) return send({ type: 'error', message: e.stack ?? e.message });
  await net.current?.inner.dispose?.();
  send({ type: 'stopped' });
  port.close();
});
