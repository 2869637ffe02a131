/**
 * The page's controller: what App.svelte does with the game and the engines,
 * as named functions over the shared state (game.svelte.ts, engines.svelte.ts)
 * and the browser (address bar, history, localStorage). App calls them from
 * its event handlers and effects; the rules they apply are pure and tested
 * (session.ts, keys.ts, engine-jobs.ts, review.ts, seats.ts).
 */
import { agentStep, agentMoveToPlay, evalDepth, fillsGraph, goodAnalysis } from './engine-jobs.js';
import {
  ANALYSIS_LIMITS_S,
  GRAPH_SIMULATIONS,
  agent,
  analysis,
  analysisLimitNow,
  requestAgentMove,
  requestAnalysis,
  requestEval,
  setAnalysis,
  setAnalysisLimit,
  setLevel,
  setMode,
  setPonsScores,
  settings,
  startAgent,
  stopAgent,
} from './engines.svelte.js';
import { drop, game, goTo, loadPos, redo, setGameSeed, undo } from './game.svelte.js';
import { keyCommand, keyTargetOf } from './keys.js';
import { bestLineAfter, mistakeAt, nextEval, nextRecheck, nextSolve, type Analysed, type MoveReview } from './review.js';
import { agentSide, levelById, redoCount, undoCount, type Mode } from './seats.js';
import { GAME_PARAM, addressUpdate, initialMode, loadPrefs, savePrefs, seedOfGameId, type Prefs } from './session.js';
import { plyOf, posOf } from './url.js';
import type { AgentResult } from '../worker/protocol.js';

const LIMITS = ANALYSIS_LIMITS_S as readonly number[];

/** What App derives from the game that the engines' scheduling reads. */
export interface Shown {
  /** The position on the board, in Pons' notation. */
  moves: string;
  /** The game on the board is over. */
  over: boolean;
  /** Positions of the game that are not over, for the graph and the review. */
  open: readonly string[];
  /** The board shows the last position of the game (not a step back in it). */
  atEnd: boolean;
  /** The whole game (the line) is over. */
  lineOver: boolean;
  /** The agent plays now: its turn, at the end of the game. */
  agentTurn: boolean;
}

/** localStorage, or null where it is blocked (then nothing is remembered). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Sets the page up before it renders: the way to play from the link or the
 * saved choice, the saved level and analysis limit, the position from
 * `?pos=`. Returns the saved choices, for startEngines.
 */
export function openPage(): Prefs {
  const prefs = loadPrefs(storage(), LIMITS);
  setMode(initialMode(location.href, prefs, settings.mode));
  if (prefs.level) setLevel(prefs.level);
  if (prefs.analysisLimitS) setAnalysisLimit(prefs.analysisLimitS);
  if (prefs.ponsScores) setPonsScores(true);
  loadPos(posOf(location.href), plyOf(location.href));
  followGameId();
  return prefs;
}

/** Once mounted: starts the agent (its moves are played by playAgentMove) and the analysis if it was left on. */
export function startEngines(prefs: Prefs): void {
  startAgent(playAgentMove);
  if (prefs.analysis) setAnalysis(true);
}

/** Remembers the strength and the analysis settings (the way to play is saved when chosen). */
export function rememberSettings(): void {
  savePrefs(storage(), { level: settings.level, analysis: settings.analysis, analysisLimitS: settings.analysisLimitS, ponsScores: settings.ponsScores }, LIMITS);
}

/** The player chose a way to play: used now and remembered for a fresh page. */
export function chooseMode(mode: Mode): void {
  setMode(mode);
  savePrefs(storage(), { mode }, LIMITS);
}

/**
 * Keeps ?pos=, &ply= and &side= in step with the line on screen (`line`,
 * `ply` of its moves on the board; the game id of `seed` against the agent): a move that changes the line is a new
 * history entry (Back takes it back, to the line before: the main line
 * after a side line was started), anything else replaces the entry. A bad
 * value stays in the address bar while its message is shown, so the player
 * can see and fix what they typed.
 */
export function syncAddressBar(line: string, ply: number, seed: number): void {
  const mode = settings.mode;
  const change = game.change;
  if (game.loadError) return;
  const update = addressUpdate(location.href, line, ply, mode, change, seed);
  if (!update) return;
  if (update.push) history.pushState(null, '', update.href);
  else history.replaceState(history.state, '', update.href);
}

/** Back or Forward in the browser: shows the address's line and position. */
export function followAddressBar(): void {
  loadPos(posOf(location.href), plyOf(location.href));
  followGameId();
}

/** Takes the game's seed from the address's game id, when it has one (a shared game replays as it was played). */
function followGameId(): void {
  const seed = seedOfGameId(new URL(location.href).searchParams.get(GAME_PARAM));
  if (seed !== null) setGameSeed(seed);
}

/**
 * The agent's work: its move on its turn; otherwise it evaluates the
 * position on screen, and fills in the game's graph after the game, while
 * stepping back, and between two players.
 */
export function driveAgent(shown: Shown): void {
  const step = agentStep(agent.engine.status, shown.agentTurn, agent.purpose);
  if (step.move) requestAgentMove(shown.moves, game.generation);
  if (step.stopMove) stopAgent();
  if (!step.evaluate) return;
  const job = nextEval({
    shown: shown.moves,
    shownOver: shown.over,
    open: shown.open,
    known: (m) => evalDepth(agent.evals[m]),
    levelSims: levelById(settings.level).simulations,
    graphSims: GRAPH_SIMULATIONS,
    fill: fillsGraph(shown.lineOver, shown.atEnd, settings.mode),
  });
  if (job) requestEval(job.moves, job.simulations);
}

/**
 * The solver's work, while the analysis is on: the board's position; after
 * a game, the best line from the mistake on screen, every position, the
 * last first; then, longer each time, the positions whose move it could not
 * judge (review.ts nextRecheck).
 */
export function driveSolver(shown: Shown, line: readonly number[], reviews: readonly MoveReview[]): void {
  if (!settings.analysis || analysis.engine.status === 'failed') return;
  const limitS = analysisLimitNow();
  // A mistake on screen: the next position of its best line, so that the line grows while it is looked at.
  const mistake = shown.lineOver ? mistakeAt(line, reviews, shown.moves) : null;
  const next = nextSolve({
    shown: shown.moves,
    shownOver: shown.over,
    open: shown.open,
    done: (m) => goodAnalysis(analysis.done[m], limitS) !== null,
    review: shown.lineOver,
    also: mistake && bestLineAfter(line, mistake, (m) => analysis.done[m]?.result ?? null).next,
  });
  if (next !== null) return requestAnalysis(next, limitS);
  if (!shown.lineOver) return;
  const judged = new Set(reviews.map((r) => r.ply));
  const again = nextRecheck(line, (m) => analysedOf(m), (ply) => judged.has(ply));
  if (again) requestAnalysis(again.moves, again.limitS);
}

/** What the review reads of the analysis of `moves`: the time it had and whether it is complete; null before any. */
export function analysedOf(moves: string): Analysed | null {
  const d = analysis.done[moves];
  return d ? { limitS: d.limitS, complete: d.result.complete } : null;
}

/** Plays the agent's move answer, if it still fits the board. */
export function playAgentMove(r: AgentResult): void {
  const col = agentMoveToPlay(r, game.moves, game.line, settings.mode, settings.level, game.seed);
  if (col >= 0) drop(col);
}

/**
 * The player drops a disc in `col`, unless the board is `busy` (the agent's
 * side to move). The move of the line followed steps along it (as redo),
 * and against the agent on to its recorded reply; a different one from an
 * earlier position starts a side line, which the agent then answers, and
 * the old continuation stays in the move list.
 */
export function dropByPlayer(col: number, busy: boolean): void {
  if (busy) return;
  const along = game.line.length > game.moves.length && game.line[game.moves.length] === col;
  if (!drop(col)) return;
  if (along && agentSide(settings.mode) !== 0 && game.line.length > game.moves.length) drop(game.line[game.moves.length]);
}

/** Undo: against the agent, back to the player's turn. */
export function undoMoves(): void {
  undo(undoCount(settings.mode, game.moves.length));
}

/** Redo: against the agent, forward to the player's turn. */
export function redoMoves(): void {
  redo(redoCount(settings.mode, game.moves.length, game.line.length - game.moves.length));
}

/** The page's keys (keys.ts), with the board `busy` as for dropByPlayer. */
export function pressKey(e: KeyboardEvent, busy: boolean): void {
  const command = keyCommand(e, keyTargetOf(e.target), game.moves.length, game.line.length);
  if (!command) return;
  e.preventDefault();
  if (command.kind === 'drop') dropByPlayer(command.col, busy);
  else goTo(command.ply);
}
