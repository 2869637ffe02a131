/**
 * The trainer's side of asynchronous self-play: N worker threads
 * (training/selfplay/worker.ts), each playing without pause on the
 * newest network, and a queue of their finished games that the trainer
 * takes from once per generation. `take` waits until enough new games have
 * arrived, so a trainer faster than self-play waits for data and a slower
 * one finds more than it asked for (it trains on all of them, at the
 * generation's step count).
 */
import { Worker } from 'node:worker_threads';
import type { SelfPlayGame, SelfPlayParams } from './games.js';
import { fromWire } from '../records/shard.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

export interface PoolStats {
  evaluations: number;
  batches: number;
  cacheHits: number;
  cacheMisses: number;
}

export class SelfPlayPool {
  private readonly workers: Worker[] = [];
  private queue: { game: SelfPlayGame; generation: number }[] = [];
  private waiter: { n: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;
  private stats: PoolStats = { evaluations: 0, batches: 0, cacheHits: 0, cacheMisses: 0 };

  constructor(count: number, init: Omit<WorkerInit, 'index'>) {
    const boot = new URL('./worker-boot.mjs', import.meta.url);
    const module = new URL('./worker.ts', import.meta.url).href;
    for (let i = 0; i < count; i++) {
      const w = new Worker(boot, { workerData: { ...init, index: i, module } });
      w.on('message', (m: FromWorker) => this.onMessage(m));
      w.on('error', (e) => this.fail(new Error(`self-play worker ${i}: ${e.message}`)));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`self-play worker ${i} exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends a network (ONNX bytes) and the self-play settings to every worker. */
  setModel(bytes: Uint8Array, generation: number, params: SelfPlayParams): void {
    for (const w of this.workers) w.postMessage({ type: 'model', bytes, generation, params } satisfies ToWorker);
  }

  /** Waits for at least `n` finished games, then returns every game queued (oldest first) with the pool's counters since the last take. */
  async take(n: number): Promise<{ games: SelfPlayGame[]; generations: number[]; stats: PoolStats }> {
    if (this.failure) throw this.failure;
    if (this.queue.length < n) {
      await new Promise<void>((resolve, reject) => (this.waiter = { n, resolve, reject }));
    }
    const taken = this.queue;
    this.queue = [];
    const stats = this.stats;
    this.stats = { evaluations: 0, batches: 0, cacheHits: 0, cacheMisses: 0 };
    return { games: taken.map((t) => t.game), generations: taken.map((t) => t.generation), stats };
  }

  /** Games waiting to be taken. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Stops every worker (games in play are dropped) and waits for them to exit.
   * A worker is asked first and terminated only if it does not answer: terminating
   * one inside an onnxruntime call aborts the whole process. Later calls wait for the first.
   */
  close(): Promise<void> {
    this.closed ??= this.stopWorkers();
    return this.closed;
  }

  private async stopWorkers(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void w.terminate().then(() => resolve()), 10_000);
            w.once('exit', () => (clearTimeout(timer), resolve()));
            w.postMessage({ type: 'stop' } satisfies ToWorker);
          }),
      ),
    );
    this.workers.length = 0;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'game') {
      this.queue.push({ game: fromWire(m.game), generation: m.generation });
      if (this.waiter && this.queue.length >= this.waiter.n) {
        const w = this.waiter;
        this.waiter = null;
        w.resolve();
      }
    } else if (m.type === 'stats') {
      this.stats.evaluations += m.evaluations;
      this.stats.batches += m.batches;
      this.stats.cacheHits += m.cacheHits;
      this.stats.cacheMisses += m.cacheMisses;
    } else if (m.type === 'error') this.fail(new Error(`self-play worker: ${m.message}`));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(e);
  }
}
