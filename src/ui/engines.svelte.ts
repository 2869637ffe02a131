/**
 * The two engines as the UI sees them: the agent (MCTS + network) and the
 * analysis (perfect solver), each an EngineClient whose state is mirrored
 * into `$state` for the components, plus the player's settings. Changed only
 * through the named functions below. Workers are created on first use.
 */
import { EngineClient } from '../worker/client.js';
import { agentDriver, solverDriver, type AgentRequest, type SolverRequest } from '../worker/drivers.js';
import type { AgentBackend, AgentInfo, AgentResult, SolverInfo, SolverResult } from '../worker/protocol.js';
import { initialState, type EngineState } from '../worker/status.js';
import { mergeResults } from '../worker/analysis-bounds.js';
import { poolSizeFor } from '../worker/solver-pool.js';
import { BOOK_URL, analysisLimitOverride, curveFor, downloadTimeoutOverride, modelOverride, shippedModel } from '../worker/assets.js';
import { DEFAULT_LEVEL, levelById, type Mode } from './seats.js';

/**
 * Why the agent runs: to play its move, or to evaluate a position (the one on
 * the board, whose best move is also the hint, or a ply of the game for the
 * evaluation graph).
 */
export type Purpose = 'move' | 'eval';

/** Simulations per ply when filling in the evaluation graph of a game (about 0.15 s each here). */
export const GRAPH_SIMULATIONS = 64;

/** Choices of how long the solver may think per position (seconds) before it shows what it has. */
export const ANALYSIS_LIMITS_S = [2, 10, 30] as const;
/** The default limit, in seconds. */
export const DEFAULT_ANALYSIS_LIMIT_S = 10;

export const settings = $state({
  mode: 'agent-second' as Mode,
  level: DEFAULT_LEVEL,
  analysis: false,
  /** Seconds the solver may spend per position (one of ANALYSIS_LIMITS_S). */
  analysisLimitS: DEFAULT_ANALYSIS_LIMIT_S as number,
  /** Under the columns, Pons' numbers ("+18") instead of words ("Win in 4"). */
  ponsScores: false,
});

export const agent = $state({
  engine: initialState<AgentResult>() as EngineState<AgentResult>,
  info: null as AgentInfo | null,
  /** Which backend is loaded or loading. */
  backend: 'onnx' as AgentBackend['kind'],
  /** The model file in use, for the panel ("models/agent.onnx"). */
  modelLabel: '',
  /** URL of the shipped model's training curves (models/<name>.curve.svg), if any. */
  curveUrl: null as string | null,
  /** Why the current (or last) search runs. */
  purpose: 'move' as Purpose,
  /** The last finished search, kept while a new one runs. */
  last: null as AgentResult | null,
  /** The last search that chose one of the agent's own moves (its figures are in the panel's details). */
  lastMove: null as AgentResult | null,
  /** Column suggested by the last hint, for the moves it was asked for. */
  hint: null as { moves: string; col: number } | null,
  /** A hint asked for while its position was still being evaluated. */
  wantHint: null as string | null,
  /** Every finished search, by position (Pons notation): what the panel and the graph show. */
  evals: {} as Record<string, AgentResult>,
  /** Milliseconds from page start to the agent being ready (for the figures). */
  readyAt: 0,
});

export const analysis = $state({
  engine: initialState<SolverResult>() as EngineState<SolverResult>,
  info: null as SolverInfo | null,
  /**
   * What is proven of each position, by position: every result of every
   * analysis of it (progress included) merged, so that it only narrows
   * (mergeResults): what the panel and the board show.
   */
  known: {} as Record<string, SolverResult>,
  /** Finished analyses by position (merged as `known`), with the time limit (s) they had: the review reads them, and a position seen again is not solved again. */
  done: {} as Record<string, { result: SolverResult; limitS: number }>,
  /** The position of the newest analysis request (null once stopped). */
  asked: null as string | null,
});

let agentClient: EngineClient<AgentRequest, AgentResult> | null = null;
let solverClient: EngineClient<SolverRequest, SolverResult> | null = null;
/** Called with each final move result; set by the page (it owns the game). */
let onAgentMove: ((r: AgentResult) => void) | null = null;

function backendNow(): AgentBackend {
  if (agent.backend === 'rollout') {
    agent.modelLabel = 'no network: random playouts';
    return { kind: 'rollout', rollouts: 4 };
  }
  const override = modelOverride(location.href);
  const shipped = shippedModel();
  const url = override ?? shipped?.url;
  if (!url) throw new Error('No model has been shipped yet (models/*.onnx is missing).');
  agent.modelLabel = override ?? shipped?.file ?? url;
  agent.curveUrl = !override && shipped ? curveFor(shipped.file) : null;
  // One wasm thread by default: with MCTS batches of 8 on a 4x32 net, bench:web measured
  // 902 simulations/s with 1 thread against 603/s with 2 (2-core machine), so threads do not
  // help at this size. ?threads=N overrides it (needs cross-origin isolation for N > 1).
  const asked = Number(new URL(location.href).searchParams.get('threads'));
  const threads = asked >= 1 ? Math.min(8, Math.floor(asked)) : 1;
  return { kind: 'onnx', modelUrl: url, threads, downloadTimeoutMs: downloadTimeoutOverride(location.href) ?? undefined };
}

/** Creates the agent worker (once) and loads the model; `onMove` receives each final move search. */
export function startAgent(onMove: (r: AgentResult) => void): void {
  onAgentMove = onMove;
  if (agentClient) return;
  // backendNow runs inside load(), so a missing model becomes a Failed state with its message.
  const driver = agentDriver(backendNow, (info) => {
    agent.info = info;
    agent.readyAt = performance.now();
  });
  agentClient = new EngineClient(driver, (s) => {
    agent.engine = s;
    if (s.final && s.result) {
      agent.last = s.result;
      const old = agent.evals[s.result.moves];
      if (!old || old.simulations <= s.result.simulations) agent.evals[s.result.moves] = s.result;
      if (agent.wantHint === s.result.moves) {
        agent.hint = { moves: s.result.moves, col: s.result.best };
        agent.wantHint = null;
      }
      if (agent.purpose === 'move') {
        agent.lastMove = s.result;
        answered = lastRequest;
        onAgentMove?.(s.result);
      }
    }
  });
}

/**
 * Asks the agent for its move in `moves` at the chosen level. `game` names
 * the game (its generation), so that the same moves in a new game (or after
 * an undo) are searched again, while repeated calls for one turn are not.
 */
export function requestAgentMove(moves: string, game: number): void {
  if (!agentClient) return;
  const key = `${game}:${moves}`;
  const busy = agent.engine.status === 'computing' || agent.engine.status === 'loading';
  // Already searching this very position for a move: let it finish. Already answered: do not loop.
  if (agent.purpose === 'move' && lastRequest === key && (busy || answered === key)) return;
  if (agent.engine.status === 'failed') return;
  agent.purpose = 'move';
  agent.hint = null;
  lastRequest = key;
  const level = levelById(settings.level);
  // The levels that draw their move search afresh: their visits, and so the game, then follow from the game id alone.
  agentClient.start({ moves, simulations: level.simulations, progressMs: 150, fresh: level.temperature !== undefined });
}

/**
 * Evaluates `moves` with `simulations` (default: the level's) unless a search
 * at least that deep is known or already running. Never plays the result.
 */
export function requestEval(moves: string, simulations = levelById(settings.level).simulations): void {
  if (!agentClient || agent.engine.status === 'failed') return;
  const known = agent.evals[moves];
  if (known && (known.simulations >= simulations || known.proven !== null)) return;
  const key = `eval:${simulations}:${moves}`;
  // Running, or finished without reaching the budget (a proof cut it short): asked once is enough.
  if (lastRequest === key) return;
  agent.purpose = 'eval';
  lastRequest = key;
  agentClient.start({ moves, simulations, progressMs: 150 });
}

/** Shows what the agent would play for the player in `moves` (at once when known, else once evaluated). */
export function requestHint(moves: string): void {
  const known = agent.evals[moves];
  if (known && known.simulations >= levelById(settings.level).simulations && known.best >= 0) {
    agent.hint = { moves, col: known.best };
    return;
  }
  agent.wantHint = moves;
  requestEval(moves);
}

/** Key of the newest request, and of the last move request that was answered. */
let lastRequest = '';
let answered = '';

/** Cancels the agent's search, if one runs. */
export function stopAgent(): void {
  if (agentClient && agent.engine.status === 'computing') agentClient.stop();
  lastRequest = '';
  agent.wantHint = null;
}

/** Tries loading the agent again (after a failure), optionally with the network-free backend. */
export function retryAgent(backend: AgentBackend['kind'] = agent.backend): void {
  agent.backend = backend;
  agent.info = null;
  agent.last = null;
  agent.evals = {};
  lastRequest = '';
  agentClient?.retry();
}

/** Turns the solver analysis on or off; the workers start on first use. */
export function setAnalysis(on: boolean): void {
  settings.analysis = on;
  if (!on) {
    solverClient?.stop();
    lastAnalysis = null;
    analysis.asked = null;
    return;
  }
  solverClient ??= new EngineClient(
    // One solver worker per core the browser reports; ?solver-workers=N overrides it (1 for a single worker).
    solverDriver({ bookUrl: BOOK_URL, workers: poolSizeFor(location.href, navigator.hardwareConcurrency), downloadTimeoutMs: downloadTimeoutOverride(location.href) ?? undefined }, (info) => {
      analysis.info = info;
    }),
    (s) => {
      analysis.engine = s;
      if (!s.result) return;
      const known = mergeResults(analysis.known[s.result.moves], s.result);
      analysis.known[s.result.moves] = known;
      if (s.final) analysis.done[s.result.moves] = { result: known, limitS: Math.max(askedLimitS, analysis.done[s.result.moves]?.limitS ?? 0) };
    },
  );
}

/**
 * The solver's time per position now (s): the player's choice, or the
 * address's `?analysis-ms=` (for the browser tests of positions that time out).
 */
export function analysisLimitNow(): number {
  return analysisLimitOverride(location.href) ?? settings.analysisLimitS;
}

/** Scores every column of `moves` with the solver within `limitS` seconds (default analysisLimitNow), superseding older requests. */
export function requestAnalysis(moves: string, limitS = analysisLimitNow()): void {
  if (!solverClient || !settings.analysis) return;
  const key = `${limitS}:${moves}`;
  if (lastAnalysis === key && analysis.engine.status !== 'failed') return;
  lastAnalysis = key;
  askedLimitS = limitS;
  analysis.asked = moves;
  solverClient.start({ moves, timeLimitMs: limitS * 1000 });
}

let lastAnalysis: string | null = null;
/** The time limit of the newest analysis request, recorded with its result. */
let askedLimitS: number = DEFAULT_ANALYSIS_LIMIT_S;

/** Builds fresh solver workers (fetching the book again) after a failure and re-analyses `moves`; what was proven stays. */
export function retryAnalysis(moves: string): void {
  analysis.info = null;
  solverClient?.retry();
  lastAnalysis = null;
  requestAnalysis(moves);
}

/** Sets the solver's time limit per position (seconds); the page re-asks the current position. */
export function setAnalysisLimit(seconds: number): void {
  settings.analysisLimitS = (ANALYSIS_LIMITS_S as readonly number[]).includes(seconds) ? seconds : DEFAULT_ANALYSIS_LIMIT_S;
}

/** Shows Pons' numbers under the columns (true) or words (false). */
export function setPonsScores(on: boolean): void {
  settings.ponsScores = on;
}

export function setMode(mode: Mode): void {
  settings.mode = mode;
}

export function setLevel(id: string): void {
  settings.level = levelById(id).id;
}
