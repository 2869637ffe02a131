/**
 * A comlink-wrapped module worker that fails loudly: an error event of the
 * worker (a script that does not load, an uncaught exception, wasm running
 * out of memory) rejects every call in flight, so the UI shows Failed with a
 * message instead of waiting forever.
 */
import * as Comlink from 'comlink';

export class WorkerHandle<Api> {
  readonly api: Comlink.Remote<Api>;
  private readonly worker: Worker;
  private readonly inflight = new Set<(e: Error) => void>();
  private crashed: Error | null = null;

  constructor(create: () => Worker) {
    this.worker = create();
    this.api = Comlink.wrap<Api>(this.worker);
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.crash(new Error(`the worker failed: ${e.message || 'it could not start'}`));
    });
    this.worker.addEventListener('messageerror', () => this.crash(new Error('the worker sent a message that could not be read')));
  }

  /** Runs `call`, rejecting if the worker crashes before it settles. */
  call<T>(call: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise<T>((resolve, reject) => {
      this.inflight.add(reject);
      call(this.api).then(
        (v) => {
          this.inflight.delete(reject);
          resolve(v);
        },
        (e: unknown) => {
          this.inflight.delete(reject);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  terminate(): void {
    this.crash(new Error('the worker was stopped'));
    this.worker.terminate();
  }

  private crash(e: Error): void {
    this.crashed ??= e;
    for (const reject of this.inflight) reject(e);
    this.inflight.clear();
  }
}
