/**
 * The match: the agent against the solver or a baseline, game by game, each
 * game from its own seed (seed, seed + 1, ...), with the record that the
 * strength claim rests on: W/D/L per colour, each game's length and moves,
 * the agent's first mistake (found by the solver) and time per move.
 */
import { Solver } from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, readBookFile } from '../book/book-file.js';
import { mean, median } from '../util/stats.js';
import { loadAgentModel } from './agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE } from '../../src/agent/defaults.js';
import { levelById } from '../../src/agent/levels.js';
import { playGame } from './game.js';
import { agentFirstMistake } from './mistakes.js';
import { AgentPlayer, BaselinePlayer, SolverPlayer, type MatchPlayer, type SearchBudget } from './players.js';

export interface MatchConfig {
  /** Path of the agent's ONNX model. */
  model: string;
  /** Games per colour. */
  games: number;
  /** The agent's colour(s). */
  colours: 'first' | 'second' | 'both';
  budget: SearchBudget;
  /** Moves that let the opponent make four at once are pruned in the search (SearchParams.pruneLosing). */
  pruneLosing: boolean;
  /**
   * Each network evaluation is averaged with its mirror image's
   * (src/nn/mirror-average.ts). Absent: DEFAULT_MIRROR_AVERAGE, and the record
   * says which was used; absent in a record written before the option existed: no averaging.
   */
  mirrorAverage?: boolean;
  /** Seed of the first game; game g (0-based) of each colour uses seed + g. */
  seed: number;
  opponent: 'solver' | 'alphabeta' | 'one-ply' | 'random';
  /** Alpha-beta depth in plies (opponent alphabeta). */
  depth: number;
  /** Opening book file, 'default' for the repository's, null for none. */
  book: string | null;
  /**
   * Played in headless Chromium by the game page's own workers (training/match/web.ts),
   * at this level of src/agent/levels.ts; absent: played in Node.
   */
  web?: { level: string };
  /** In Node: played at this level of src/agent/levels.ts (its simulations and its move choice); absent: the budget, most visited move. */
  level?: string;
}

export interface GameReport {
  seed: number;
  agentFirst: boolean;
  result: 'win' | 'draw' | 'loss';
  plies: number;
  moves: string;
  /** Move number (1-based, like `plies`: 41 = the 41st stone) of the agent's first value-lowering move; null when it made none (solver games only). */
  agentFirstMistake: number | null;
  agentMs: number[];
  opponentMs: number[];
}

export interface MatchResult {
  config: MatchConfig;
  /** sha256 of the model file the agent played with. */
  modelSha256: string;
  date: string;
  byColour: { agentFirst: boolean; games: number; wins: number; draws: number; losses: number; plies: number[] }[];
  games: GameReport[];
  timing: { agentMsPerMove: { mean: number; median: number }; opponentMsPerMove: { mean: number; median: number } };
}

export function makeOpponent(cfg: MatchConfig): { player: MatchPlayer; solver: Solver | null } {
  if (cfg.opponent !== 'solver') {
    return { player: new BaselinePlayer(cfg.opponent === 'alphabeta' ? 'alphabeta' : cfg.opponent, cfg.depth), solver: null };
  }
  const solver = new Solver();
  if (cfg.book !== null) {
    const path = cfg.book === 'default' ? DEFAULT_BOOK_PATH : cfg.book;
    try {
      solver.setBook(readBookFile(path));
    } catch (e) {
      throw new Error(`cannot read the book ${path}: ${(e as Error).message}`);
    }
  }
  return { player: new SolverPlayer(solver), solver };
}

export function describe(g: GameReport): string {
  const mistake = g.agentFirstMistake === null ? 'none' : `ply ${g.agentFirstMistake}`;
  return `${g.result.toUpperCase()} at ply ${g.plies}, agent's first mistake: ${mistake}, moves ${g.moves}`;
}

/**
 * Plays the match. `progress` gets one line per game; `onGame` the record of
 * the games so far after each game (the CLI saves it, so a long match is
 * never all-or-nothing).
 */
export async function runMatch(
  cfg: MatchConfig,
  progress: (line: string) => void = () => {},
  onGame: (partial: MatchResult) => void = () => {},
): Promise<MatchResult> {
  // Resolved here, so that the record says what was played even when the caller left it to the default.
  const mirrorAverage = cfg.mirrorAverage ?? DEFAULT_MIRROR_AVERAGE;
  const { evaluator, sha256 } = await loadAgentModel(cfg.model, { mirrorAverage });
  const agent = new AgentPlayer(evaluator, cfg.budget, { pruneLosing: cfg.pruneLosing }, 'agent', cfg.level ? levelById(cfg.level) : null);
  const { player: opponent, solver } = makeOpponent(cfg);
  const colours = cfg.colours === 'both' ? [true, false] : [cfg.colours === 'first'];
  const games: GameReport[] = [];
  const total = cfg.games * colours.length;
  try {
    for (const agentFirst of colours) {
      for (let g = 0; g < cfg.games; g++) {
        const seed = cfg.seed + g;
        const t0 = performance.now();
        const rec = agentFirst ? await playGame(agent, opponent, seed) : await playGame(opponent, agent, seed);
        const agentSide = agentFirst ? 1 : 2;
        const result = rec.winner === 0 ? 'draw' : rec.winner === agentSide ? 'win' : 'loss';
        const k = solver ? agentFirstMistake(rec, agentSide, solver) : null;
        const mistake = k === null ? null : k + 1;
        const report: GameReport = {
          seed,
          agentFirst,
          result,
          plies: rec.plies,
          moves: rec.moves,
          agentFirstMistake: mistake,
          agentMs: rec.log.filter((m) => m.player === agentSide).map((m) => Math.round(m.ms)),
          opponentMs: rec.log.filter((m) => m.player !== agentSide).map((m) => Math.round(m.ms)),
        };
        games.push(report);
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        progress(`game ${games.length}/${total} seed ${seed} agent ${agentFirst ? 'first' : 'second'}: ${describe(report)} (${secs} s)`);
        onGame(matchResult({ ...cfg, mirrorAverage }, sha256, colours, games));
      }
    }
  } finally {
    await evaluator.dispose?.();
  }
  return matchResult({ ...cfg, mirrorAverage }, sha256, colours, games);
}

/** The record of `games` (all of the match's, or those played so far). */
export function matchResult(config: MatchConfig, modelSha256: string, colours: boolean[], games: readonly GameReport[]): MatchResult {
  const byColour = colours.map((agentFirst) => {
    const mine = games.filter((g) => g.agentFirst === agentFirst);
    return {
      agentFirst,
      games: mine.length,
      wins: mine.filter((g) => g.result === 'win').length,
      draws: mine.filter((g) => g.result === 'draw').length,
      losses: mine.filter((g) => g.result === 'loss').length,
      plies: mine.map((g) => g.plies),
    };
  });
  const agentMs = games.flatMap((g) => g.agentMs);
  const opponentMs = games.flatMap((g) => g.opponentMs);
  const stat = (xs: number[]) => ({ mean: xs.length ? mean(xs) : 0, median: xs.length ? median(xs) : 0 });
  return {
    config,
    modelSha256,
    date: new Date().toISOString(),
    byColour,
    games: [...games],
    timing: { agentMsPerMove: stat(agentMs), opponentMsPerMove: stat(opponentMs) },
  };
}

/** Rows of the summary table printed by the CLI. */
export function summaryRows(r: MatchResult): string[][] {
  return r.byColour.map((c) => {
    const mine = r.games.filter((g) => g.agentFirst === c.agentFirst);
    const secs = (xs: number[]) => (xs.length ? (median(xs) / 1000).toFixed(3) : '-');
    return [
      c.agentFirst ? 'first' : 'second',
      String(c.games),
      String(c.wins),
      String(c.draws),
      String(c.losses),
      c.plies.join(' '),
      secs(mine.flatMap((g) => g.agentMs)),
      secs(mine.flatMap((g) => g.opponentMs)),
    ];
  });
}
