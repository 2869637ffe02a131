/**
 * Batches across concurrent searches: many players each call `evaluate` with
 * their own few leaves, and the network sees one batch per round. Requests
 * made before the next macrotask are joined into one call to the inner
 * evaluator (the searches of one round all ask within the microtasks that
 * follow the previous round's answer), so N games searched concurrently cost
 * one network call per step, as a hand-batched loop would, while each game
 * keeps its own player and tree (training/match/arena.ts plays the ladder so).
 */
import type { Evaluation, Evaluator } from './evaluator.js';
import type { Position } from '../engine/index.js';

interface Request {
  positions: readonly Position[];
  resolve(out: Evaluation[]): void;
  reject(e: unknown): void;
}

/** Runs `f` after the pending microtasks and I/O callbacks (setImmediate in Node, a zero timeout elsewhere). */
const nextTurn: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => void setImmediate(f) : (f) => void setTimeout(f, 0);

export class BatchingEvaluator implements Evaluator {
  private queue: Request[] = [];
  private scheduled = false;

  constructor(private readonly inner: Evaluator) {}

  evaluate(positions: readonly Position[]): Promise<Evaluation[]> {
    if (positions.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ positions, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        nextTurn(() => this.flush());
      }
    });
  }

  private flush(): void {
    const requests = this.queue;
    this.queue = [];
    this.scheduled = false;
    const all = requests.flatMap((r) => r.positions);
    // Through a promise, so that an evaluator that throws at once rejects the batch instead of escaping the timer.
    Promise.resolve()
      .then(() => this.inner.evaluate(all))
      .then(
        (out) => {
          let k = 0;
          for (const r of requests) {
            r.resolve(out.slice(k, k + r.positions.length));
            k += r.positions.length;
          }
        },
        (e: unknown) => {
          for (const r of requests) r.reject(e);
        },
      );
  }

  dispose(): Promise<void> | void {
    return this.inner.dispose?.();
  }
}
