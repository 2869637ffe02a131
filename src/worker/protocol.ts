/**
 * The typed message protocol between the page and its workers, in the
 * lichess ceval style: each worker is a small API (`init`, a work method,
 * `stop`) exposed with comlink, which is only the transport. Every piece of
 * work carries an id; a newer id supersedes every older one, and a
 * superseded call resolves with null instead of a result.
 *
 * Scores and values are always for the side to move in the analysed position.
 */

/** What the UI renders for an engine (lichess ceval's CevalState). */
export type EngineStatus = 'loading' | 'idle' | 'computing' | 'failed';

/** Called by a worker with partial results while it computes (a comlink proxy). */
export type Progress<R> = (partial: R) => void;

// ---------------------------------------------------------------- agent

/** Where the agent's network comes from. */
export type AgentBackend =
  /** The shipped ONNX model in onnxruntime-web; the download fails after downloadTimeoutMs (default DOWNLOAD_TIMEOUT_MS of ./skeleton.ts). */
  | { kind: 'onnx'; modelUrl: string; threads: number; downloadTimeoutMs?: number }
  /** No network: MCTS with random-playout values (a fallback when no model loads). */
  | { kind: 'rollout'; rollouts: number };

export interface AgentInfo {
  /** 'onnx' or 'rollout'. */
  backend: AgentBackend['kind'];
  /** Model size in bytes (0 for rollouts). */
  modelBytes: number;
  /** wasm threads in use (1 unless cross-origin isolated). */
  threads: number;
  /** Milliseconds from init() to ready, inside the worker. */
  loadMs: number;
}

export interface AgentWork {
  /** Supersedes all smaller ids. */
  id: number;
  /** The position in Pons' notation. */
  moves: string;
  /** MCTS simulations to run. */
  simulations: number;
  /** Milliseconds between progress reports (0 = none). */
  progressMs: number;
  /**
   * Search from a fresh tree instead of the one following the game, so that
   * the visits depend on the position alone (not on what was searched
   * before): the weaker levels draw their move from them, and a game replays
   * from its id only if they do. Default false.
   */
  fresh?: boolean;
}

export interface AgentResult {
  id: number;
  moves: string;
  /** The most visited column 0-6 (-1 when the game is over). */
  best: number;
  /** Share of the root's visits per column (sums to 1 over searched columns). */
  visitShare: number[];
  /** Network value of the root position for the side to move, in [-1, 1]. */
  netValue: number;
  /** The search's value of the root for the side to move, in [-1, 1]. */
  searchValue: number;
  /** Proven result for the side to move (1, 0, -1) when the MCTS-solver proved it, else null. */
  proven: number | null;
  /** Simulations done so far. */
  simulations: number;
  /** Milliseconds since the search started. */
  ms: number;
  /** False for a progress report, true for the final answer. */
  final: boolean;
}

export interface AgentApi {
  /** Loads the backend. Throws (with a message for people) when the model is missing or corrupt. */
  init(backend: AgentBackend): Promise<AgentInfo>;
  /** Searches; resolves with the result, or null when a newer work or stop() superseded it. */
  think(work: AgentWork, progress?: Progress<AgentResult>): Promise<AgentResult | null>;
  /** Makes `id` the newest id: running work with an older id stops at its next slice. */
  supersede(id: number): void;
}

// ---------------------------------------------------------------- solver

export interface SolverInit {
  /** URL of the opening book; null or a failed fetch = no book (early positions become slow). */
  bookUrl: string | null;
  /** Milliseconds before the book's download fails (optional; default DOWNLOAD_TIMEOUT_MS of ./skeleton.ts). */
  downloadTimeoutMs?: number;
  /** Transposition-table slots (8 bytes each). */
  tableSize: number;
  /**
   * Optional shared cancellation word (Int32Array over a SharedArrayBuffer):
   * the page stores the newest work id in it, and the solver stops as soon as
   * it no longer matches. Only available when the page is cross-origin isolated.
   */
  cancel: Int32Array | null;
}

export interface SolverInfo {
  /** Entries in the opening book (0 without a book). */
  bookEntries: number;
  /** Why there is no book, if there is none. */
  bookProblem: string | null;
  loadMs: number;
  /** Solver workers that loaded (the pool's size; 1 from a single worker). */
  workers: number;
  /** Transposition-table slots of each worker. */
  tableSize: number;
}

export interface SolverWork {
  id: number;
  moves: string;
  /** Give up on the columns still unsolved after this many milliseconds. */
  timeLimitMs: number;
  /** Share of the limit for the search of the position itself with one worker (default POSITION_SHARE of analysis-plan.ts; 0 skips it). */
  positionShare?: number;
}

export interface SolverResult {
  id: number;
  moves: string;
  /**
   * Pons score of each column for the side to move (22 - k for a win with
   * the mover's k-th stone, 0 draw, negative for a loss), null where the
   * column is full, or where it is not solved (see `solved`).
   */
  scores: (number | null)[];
  /** solved[c]: the column's score is final. False for full and unfinished columns. */
  solved: boolean[];
  /**
   * What is proven of each column's score, [min, max] (equal when solved),
   * from its own search and capped by the position's max (no move scores
   * more than the position); null where the column is full or nothing is
   * known of it: an unsolved column still says win (min > 0), loss
   * (max < 0), or a bound ("draw or better").
   */
  bounds: ([number, number] | null)[];
  /**
   * What is proven of the position's own score (for the side to move),
   * [min, max], from a search of the position itself and from its columns'
   * bounds; equal when exact; null when nothing is (or the game is over).
   */
  position: [number, number] | null;
  /** True when every playable column is solved. */
  complete: boolean;
  /** True when the time limit cut the analysis short. */
  timedOut: boolean;
  nodes: number;
  ms: number;
  final: boolean;
}

/** One search of an analysis, as the pool (solver-pool.ts) hands it to a worker: analysis-plan.ts picks it. */
export interface RangeJob {
  /** null: the position itself; else the column 0-6. */
  col: number | null;
  /** Stop once the outcome (win, draw or loss) is proven: the first column pass. */
  outcomeOnly: boolean;
  /** The search's own time limit (ms): within what is left of the analysis. */
  timeLimitMs: number;
}

/** What one search proved of its score, [min, max], and how many positions it searched. */
export interface RangeAnswer {
  min: number;
  max: number;
  nodes: number;
}

/** One solver worker; the page runs a pool of them (solver-pool.ts) that turns SolverWork into a SolverResult. */
export interface SolverApi {
  init(opts: SolverInit): Promise<SolverInfo>;
  /** Runs one search of analysis `id` on the position `moves`; resolves with null when superseded. */
  range(id: number, moves: string, job: RangeJob): Promise<RangeAnswer | null>;
  /** Makes `id` the newest id (reaches a busy solver only through `cancel`). */
  supersede(id: number): void;
}
