/**
 * The page side of an engine worker, framework-free (lichess ceval's
 * `start(work)`, `stop()`, `destroy()`): it owns the worker's lifetime,
 * numbers the work, feeds every change through the status reducer and hands
 * the new state to `onstate`. Starting new work supersedes the old; work
 * started while loading runs once the engine is ready; a failed engine is
 * torn down and `retry()` builds a fresh one.
 */
import { initialState, next, type EngineEvent, type EngineState } from './status.js';

/** How to build and drive one engine; implemented per worker (agent, solver). */
export interface EngineDriver<W, R> {
  /** Creates the worker and loads the engine. Throws with a message for people. */
  load(): Promise<void>;
  /** Runs work `id`; reports partial results; resolves null when superseded. */
  run(id: number, work: W, progress: (r: R) => void): Promise<R | null>;
  /** Tells the worker that `id` is now the newest id (cancels older work at once where it can). */
  supersede(id: number): void;
  /** Terminates the worker. */
  destroy(): void;
}

export class EngineClient<W, R> {
  private state: EngineState<R> = initialState<R>();
  private ids = 0;
  private pending: { id: number; work: W } | null = null;
  private alive = true;

  constructor(
    private readonly driver: EngineDriver<W, R>,
    private readonly onstate: (s: EngineState<R>) => void,
  ) {
    this.onstate(this.state);
    void this.load();
  }

  get snapshot(): EngineState<R> {
    return this.state;
  }

  /** Starts `work`, superseding any work in flight. Returns its id. */
  start(work: W): number {
    const id = ++this.ids;
    this.emit({ type: 'start', id });
    this.driver.supersede(id);
    if (this.state.status === 'computing') this.execute(id, work);
    else this.pending = { id, work };
    return id;
  }

  /** Cancels the work in flight, if any. */
  stop(): void {
    const id = ++this.ids;
    this.pending = null;
    this.emit({ type: 'stop', id });
    this.driver.supersede(id);
  }

  /** Tears the worker down and loads a fresh one; queued work runs once ready. */
  retry(): void {
    this.driver.destroy();
    void this.load();
  }

  destroy(): void {
    this.alive = false;
    this.pending = null;
    this.driver.destroy();
  }

  private async load(): Promise<void> {
    this.emit({ type: 'load' });
    try {
      await this.driver.load();
    } catch (e) {
      if (this.alive) this.emit({ type: 'fail', error: messageOf(e) });
      return;
    }
    if (!this.alive) return;
    this.emit({ type: 'ready' });
    const p = this.pending;
    this.pending = null;
    if (p && p.id === this.state.current) {
      // The start event was recorded while loading; now it can compute.
      this.state = { ...this.state, status: 'computing' };
      this.onstate(this.state);
      this.execute(p.id, p.work);
    }
  }

  private execute(id: number, work: W): void {
    this.driver
      .run(id, work, (r) => this.emit({ type: 'progress', id, result: r }))
      .then(
        (r) => {
          if (r !== null) this.emit({ type: 'done', id, result: r });
        },
        (e) => {
          if (this.alive && id === this.state.current) this.emit({ type: 'fail', error: messageOf(e) });
        },
      );
  }

  private emit(e: EngineEvent<R>): void {
    if (!this.alive) return;
    const s = next(this.state, e);
    if (s !== this.state) {
      this.state = s;
      this.onstate(s);
    }
  }
}

/** The message of anything thrown, for people. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  // A worker that fails to load its script reports an ErrorEvent (absent in Node).
  if (typeof ErrorEvent !== 'undefined' && e instanceof ErrorEvent) return e.message || 'the worker failed to start';
  return String(e);
}
