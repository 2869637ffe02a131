/**
 * When a search must give up: a time limit and a stop callback (the browser
 * worker's shared-memory word), polled by the search every few thousand
 * nodes, and the error that unwinds the search when either says so.
 */

/** When a search must give up: a deadline and a callback, both optional. */
export interface StopConditions {
  /** Give up (throwing SolverInterruptedError) after this many milliseconds. Default: no limit. */
  timeLimitMs?: number;
  /** Polled every `checkInterval` nodes; returning true interrupts the search. */
  shouldStop?: () => boolean;
}

/** Thrown when a search runs past its time limit or its stop callback says so. */
export class SolverInterruptedError extends Error {
  override readonly name = 'SolverInterruptedError';
  constructor(
    /** Nodes searched by the interrupted call. */
    readonly nodes: number,
  ) {
    super(`solver interrupted after ${nodes} nodes`);
  }
}

/** The stop conditions of the running call, armed at its start and disarmed at its end. */
export class StopCheck {
  private deadline = Infinity;
  private shouldStop: (() => boolean) | null = null;
  private startNodes = 0;

  /** Arms `stop` for a call that starts when the search has counted `nodes`. */
  arm(stop: StopConditions, nodes: number): void {
    this.deadline = stop.timeLimitMs === undefined ? Infinity : Date.now() + stop.timeLimitMs;
    this.shouldStop = stop.shouldStop ?? null;
    this.startNodes = nodes;
  }

  disarm(): void {
    this.deadline = Infinity;
    this.shouldStop = null;
  }

  /** Throws SolverInterruptedError when the call must stop; `nodes` is the search's count now. */
  check(nodes: number): void {
    if (Date.now() > this.deadline || (this.shouldStop !== null && this.shouldStop())) {
      throw new SolverInterruptedError(nodes - this.startNodes);
    }
  }
}
