/**
 * The match: the agent against the solver or a baseline, game by game, each
 * game from its own seed (seed, seed + 1, ...), with the record that the
 * strength claim rests on: W/D/L per colour, each game's length and moves,
 * the agent's first mistake (found by the solver) and time per move.
 */
import { Solver } from '../../src/solver/index.js';
import { DEFAULT_BOOK_PATH, readBookFile, withoutPath } from '../book/book-file.js';
import { mean, median } from '../util/stats.js';
import { loadAgentModel } from './agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE } from '../../src/agent/defaults.js';
import { levelById } from '../../src/agent/levels.js';
import { playInOrder, type Played } from './runner.js';
import { tally } from './tally.js';
import { agentFirstMistake } from './mistakes.js';
import { AgentPlayer, BaselinePlayer, SolverPlayer, type MatchPlayer } from './players.js';
import { MATCH_SCHEMA, type GameReport, type MatchConfig, type MatchRecord } from '../records/match.js';
import { withChecksum } from '../records/fields.js';

export type { GameReport, MatchConfig, MatchRecord } from '../records/match.js';

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
      throw new Error(`cannot read the book ${path}: ${withoutPath((e as Error).message, path)}`);
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
  onGame: (partial: MatchRecord) => void = () => {},
): Promise<MatchRecord> {
  // Resolved here, so that the record says what was played even when the caller left it to the default.
  const mirrorAverage = cfg.mirrorAverage ?? DEFAULT_MIRROR_AVERAGE;
  const { evaluator, sha256 } = await loadAgentModel(cfg.model, { mirrorAverage });
  const agent = new AgentPlayer(evaluator, cfg.budget, { pruneLosing: cfg.pruneLosing }, 'agent', cfg.level ? levelById(cfg.level) : null);
  const { player: opponent, solver } = makeOpponent(cfg);
  const colours = coloursOf(cfg);
  const config = { ...cfg, mirrorAverage };
  const games: GameReport[] = [];
  const total = cfg.games * colours.length;
  const pairings = colours.flatMap((agentFirst) => Array.from({ length: cfg.games }, (_, g) => ({ agentFirst, seed: cfg.seed + g })));
  let t0 = performance.now();
  try {
    await playInOrder(agent, opponent, pairings, (played) => {
      const report = reportOf(played, solver);
      games.push(report);
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      progress(`game ${games.length}/${total} seed ${report.seed} agent ${report.agentFirst ? 'first' : 'second'}: ${describe(report)} (${secs} s)`);
      onGame(matchResult(config, sha256, colours, games));
      t0 = performance.now();
    });
  } finally {
    await evaluator.dispose?.();
  }
  return matchResult(config, sha256, colours, games);
}

/** The agent's colours of a match: first, second, or both (first, then second). */
export function coloursOf(cfg: Pick<MatchConfig, 'colours'>): boolean[] {
  return cfg.colours === 'both' ? [true, false] : [cfg.colours === 'first'];
}

/** A played game as the record's report; the agent's first mistake is judged by `solver` (solver games only). */
export function reportOf(p: Played, solver: Solver | null, ms?: { agent: number[]; opponent: number[] }): GameReport {
  const k = solver ? agentFirstMistake(p.game, p.agentSide, solver) : null;
  return {
    seed: p.seed,
    agentFirst: p.agentFirst,
    result: p.result,
    plies: p.game.plies,
    moves: p.game.moves,
    agentFirstMistake: k === null ? null : k + 1,
    agentMs: ms?.agent ?? p.game.log.filter((m) => m.player === p.agentSide).map((m) => Math.round(m.ms)),
    opponentMs: ms?.opponent ?? p.game.log.filter((m) => m.player !== p.agentSide).map((m) => Math.round(m.ms)),
  };
}

/** The record of `games` (all of the match's, or those played so far), with its checksum. */
export function matchResult(config: MatchConfig, modelSha256: string, colours: boolean[], games: readonly GameReport[]): MatchRecord {
  const byColour = colours.map((agentFirst) => {
    const mine = games.filter((g) => g.agentFirst === agentFirst);
    return { agentFirst, ...tally(mine.map((g) => g.result)), plies: mine.map((g) => g.plies) };
  });
  const agentMs = games.flatMap((g) => g.agentMs);
  const opponentMs = games.flatMap((g) => g.opponentMs);
  const stat = (xs: number[]) => ({ mean: xs.length ? mean(xs) : 0, median: xs.length ? median(xs) : 0 });
  return withChecksum({
    schema: MATCH_SCHEMA,
    config,
    modelSha256,
    date: new Date().toISOString(),
    byColour,
    games: [...games],
    timing: { agentMsPerMove: stat(agentMs), opponentMsPerMove: stat(opponentMs) },
  });
}

/** Rows of the summary table printed by the CLI. */
export function summaryRows(r: MatchRecord): string[][] {
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
