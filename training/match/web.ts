/**
 * `npm run match -- --web`: the games played in headless Chromium by the
 * game page's own agent worker (onnxruntime-web, the level's budget, tree
 * reuse) and solver worker, through tests/e2e/match-web.mjs and the
 * measurement page src/worker/match-page.ts, one JSON line per game. Here
 * each game becomes the same report as a Node match's: result, length, the
 * agent's first mistake (judged by the Node solver with the book), and the
 * reply times measured in the page.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { levelById } from '../../src/agent/levels.js';
import { columnsOf, parseMoves } from '../../src/engine/index.js';
import type { WebGame } from '../../src/worker/match-page.js';
import type { PlayedGame } from './game.js';
import { coloursOf, describe, makeOpponent, matchResult, reportOf, type GameReport, type MatchConfig, type MatchRecord } from './match.js';
import { resultFor } from './tally.js';

const SCRIPT = fileURLToPath(new URL('../../tests/e2e/match-web.mjs', import.meta.url));

export async function runWebMatch(cfg: MatchConfig, progress: (line: string) => void = () => {}, onGame: (partial: MatchRecord) => void = () => {}): Promise<MatchRecord> {
  const level = levelById(cfg.web!.level);
  const config: MatchConfig = { ...cfg, budget: { sims: level.simulations }, web: { level: level.id } };
  // The page bundles models/agent.onnx: the record names those bytes.
  const sha256 = createHash('sha256').update(readFileSync(cfg.model)).digest('hex');
  const { solver } = makeOpponent({ ...cfg, opponent: 'solver' });
  const colours = coloursOf(cfg);
  const child = spawn(process.execPath, [SCRIPT, '--level', level.id, '--games', String(cfg.games), '--colours', cfg.colours, '--seed', String(cfg.seed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    for (const line of String(d).split('\n')) if (line.startsWith('e2e:')) progress(line);
  });
  const games: GameReport[] = [];
  const total = cfg.games * colours.length;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{')) continue;
    const report = webReportOf(JSON.parse(line) as WebGame, solver!);
    games.push(report);
    progress(`web game ${games.length}/${total} seed ${report.seed} agent ${report.agentFirst ? 'first' : 'second'}: ${describe(report)}`);
    onGame(matchResult(config, sha256, colours, games));
  }
  const code: number = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (c) => r(c ?? 1))));
  if (code !== 0) throw new Error(`the browser match failed:\n${stderr.trim().split('\n').slice(-5).join('\n')}`);
  if (games.length !== total) throw new Error(`the browser match played ${games.length} of ${total} games`);
  return matchResult(config, sha256, colours, games);
}

/** A page game as a match report; the agent's first mistake is judged by the Node solver. */
function webReportOf(g: WebGame, solver: NonNullable<ReturnType<typeof makeOpponent>['solver']>): GameReport {
  const agentSide = g.agentFirst ? 1 : 2;
  const pos = parseMoves('');
  const log: PlayedGame['log'] = [];
  for (const col of columnsOf(g.moves)) {
    const player = pos.sideToMove;
    // The solver's analysis before each of its moves, as SolverPlayer records it.
    const scores = player === agentSide ? undefined : solver.analyze(pos);
    log.push({ player, ms: 0, info: { col, ...(scores ? { scores } : {}) } });
    pos.play(col);
  }
  const game: PlayedGame = { start: '', moves: g.moves, plies: g.moves.length, winner: g.winner, log };
  const played = { agentFirst: g.agentFirst, seed: g.seed, agentSide, game, result: resultFor(g.winner, agentSide) } as const;
  return reportOf(played, solver, { agent: g.agentMs.map((x) => Math.round(x)), opponent: g.opponentMs.map((x) => Math.round(x)) });
}
