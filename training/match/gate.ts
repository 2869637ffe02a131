/**
 * The strength gate inside the training loop: the new network, played as
 * the shipped agent plays (training/match/agent-loader.ts: mirror-averaged
 * evaluations, the match budget, tree reuse), against the perfect solver
 * with its opening book, moving first on seeds 1..N and moving second on the
 * same seeds. Perfect means every game moving first won at ply 41 and every
 * game moving second lost at ply 41 (the game's value under perfect play).
 * With `stopAtFailure` the gate stops at its first imperfect game: it is
 * then known to fail and the rest would only cost time. The second-mover
 * games go first, since they are the ones a network gets right last (the
 * shipped run: first-mover games perfect from generation 160, second-mover
 * ones from 330), so a failing gate usually costs one or two games.
 */
import { Solver } from '../../src/solver/index.js';
import { readBookFile } from '../book/book-file.js';
import { loadAgentModel } from './agent-loader.js';
import { DEFAULT_MIRROR_AVERAGE, DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { playInOrder } from './runner.js';
import { tally } from './tally.js';
import { AgentPlayer, SolverPlayer } from './players.js';
import { GATE_SCHEMA, type GateColour, type GateRecord } from '../records/gate.js';

export interface GateParams {
  /** Run the gate every this many generations (0 = never). */
  every: number;
  /** First generation that may be gated. */
  from: number;
  /** Games per colour (seeds 1..games). */
  games: number;
  /** Agent simulations per move (DEFAULT_SIMULATIONS: the match budget). */
  simulations: number;
  /** Stop a colour at its first imperfect game. */
  stopAtFailure: boolean;
}

export const DEFAULT_GATE: GateParams = {
  every: 0,
  from: 1,
  games: 40,
  simulations: DEFAULT_SIMULATIONS,
  stopAtFailure: true,
};

/** The game length of perfect play from the empty board: the first player wins with its 21st stone. */
export const PERFECT_PLIES = 41;

export function gateDue(p: GateParams, generation: number, last: boolean): boolean {
  if (p.every <= 0 || generation < p.from) return false;
  return (generation - p.from) % p.every === 0 || last;
}

/** Plays the gate with the ONNX model at `modelPath`; `solver` keeps its table and book between gates. */
export async function runGate(modelPath: string, p: GateParams, solver: Solver, onGame?: (line: string) => void): Promise<Omit<GateRecord, 'generation' | 'wallHours' | 'cpuHours'>> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { evaluator } = await loadAgentModel(modelPath, { mirrorAverage: DEFAULT_MIRROR_AVERAGE });
  const agent = new AgentPlayer(evaluator, { sims: p.simulations });
  const opponent = new SolverPlayer(solver);
  const play = async (agentFirst: boolean): Promise<GateColour> => {
    const seeds = Array.from({ length: p.games }, (_, i) => ({ agentFirst, seed: i + 1 }));
    const played = await playInOrder(agent, opponent, seeds, (g) => {
      onGame?.(`gate: agent ${agentFirst ? 'first' : 'second'} seed ${g.seed}: ${g.result} at ply ${g.game.plies}`);
      const perfect = g.game.plies === PERFECT_PLIES && g.game.winner === 1;
      return perfect || !p.stopAtFailure;
    });
    return { ...tally(played.map((g) => g.result)), plies: played.map((g) => g.game.plies) };
  };
  try {
    const perfectColour = (c: GateColour, won: boolean) => c.games === p.games && (won ? c.wins : c.losses) === p.games && c.plies.every((n) => n === PERFECT_PLIES);
    const second = await play(false);
    const skip = p.stopAtFailure && !perfectColour(second, false);
    const first = skip ? { games: 0, wins: 0, draws: 0, losses: 0, plies: [] } : await play(true);
    return {
      schema: GATE_SCHEMA,
      simulations: p.simulations,
      mirrorAverage: DEFAULT_MIRROR_AVERAGE,
      first,
      second,
      perfect: perfectColour(first, true) && perfectColour(second, false),
      seconds: +((performance.now() - t0) / 1000).toFixed(1),
      cpuSeconds: +(cpuSecondsSince(cpu0)).toFixed(1),
    };
  } finally {
    await evaluator.dispose?.();
  }
}

/** CPU seconds of the whole process (every thread: self-play workers go on during a gate) since `from`. */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

/** A solver with the repository's opening book, for the gate. */
export function gateSolver(): Solver {
  const solver = new Solver();
  solver.setBook(readBookFile());
  return solver;
}
