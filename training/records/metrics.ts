/**
 * The shape of the training run's records on disk, one type each, with a
 * schema version: the metrics line (runs/<name>/metrics.jsonl, one per
 * generation) and the gate record inside it. The loop writes them; the card
 * and the tests read them through these types.
 */

import { availableParallelism, cpus, platform, arch } from 'node:os';

/**
 * Schema of a metrics line. 2: `schema`, `mode`, `wallHours`, `cpuHours`,
 * `gate`; 3: `machine`. Lines without `schema` are version 1.
 */
export const METRICS_SCHEMA = 3;

/** The machine a generation ran on (a run resumed elsewhere says so line by line). */
export interface Machine {
  /** Cores the process may use. */
  cores: number;
  cpu: string;
  os: string;
  node: string;
}

export function thisMachine(): Machine {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown', os: `${platform()} ${arch()}`, node: process.version };
}

/** "2 cores (CPU model), linux x64, Node v20.x": each distinct machine of `lines`, or null when none recorded one. */
export function machinesOf(lines: readonly MetricsLine[]): string | null {
  const seen = new Set<string>();
  for (const m of lines) if (m.machine) seen.add(`${m.machine.cores} cores (${m.machine.cpu}), ${m.machine.os}, Node ${m.machine.node}`);
  return seen.size === 0 ? null : [...seen].join('; ');
}

/** One colour of a gate: the agent moving first (or second) against the solver on seeds 1..games. */
export interface GateColour {
  games: number;
  wins: number;
  draws: number;
  losses: number;
  /** Length of each game in plies. */
  plies: number[];
}

/** The strength gate's result (training/match/gate.ts). */
export interface GateRecord {
  generation: number;
  /** Agent simulations per move. */
  simulations: number;
  mirrorAverage: boolean;
  first: GateColour;
  second: GateColour;
  /** Every game first won at ply 41 and every game second lost at ply 41. */
  perfect: boolean;
  /** Wall and process CPU seconds of the gate itself (counted in the generation's). */
  seconds: number;
  cpuSeconds: number;
  /** The run's wall and CPU hours up to the end of this generation (all its processes). */
  wallHours: number;
  cpuHours: number;
}

export interface SelfPlayMetrics {
  games: number;
  firstWins: number;
  secondWins: number;
  draws: number;
  meanLength: number;
  samples: number;
  /** Wall seconds the trainer spent on self-play (serial) or waiting for games (async). */
  seconds: number;
  gamesPerHour: number;
  networkEvalsPerSecond: number;
  cacheHitRate: number;
  meanBatch: number;
  /** Async: games taken from shard files in the run's shards/ folder. */
  shardGames?: number;
  /** Async: generations behind the newest network, mean over the games taken. */
  staleness?: number;
}

export interface TrainMetrics {
  steps: number;
  samplesPerSecond: number;
  /** Absent in the oldest runs. */
  replaySize?: number;
  replayDistinct?: number;
  /** What computed the gradients (config `train.engine`); absent: 'tfjs' (runs before the onnxruntime trainer). */
  engine?: 'tfjs' | 'onnxruntime';
}

export interface MetricsLine {
  schema?: number;
  generation: number;
  time: string;
  /** 'serial' (self-play then training, deterministic) or 'async' (worker threads beside training). */
  mode?: 'serial' | 'async';
  /** Wall and process CPU seconds of this generation, gate included. */
  seconds: number;
  cpuSeconds: number;
  /** Sums of `seconds` and `cpuSeconds` up to this generation, in hours. */
  wallHours?: number;
  cpuHours?: number;
  loss: { policy: number; value: number; total: number; lastPolicy: number; lastValue: number };
  /** Absent in the oldest runs, like probesUntrained and evalSeconds. */
  learningRate?: number;
  selfplay: SelfPlayMetrics;
  train: TrainMetrics;
  probes: { win: number; block: number };
  probesUntrained?: { win: number; block: number };
  errors: Record<string, { raw: number; search: number }>;
  matches: Record<string, { score: number; w: number; d: number; l: number }>;
  evalSeconds?: number;
  gate?: GateRecord;
  /** Schema 3 on. */
  machine?: Machine;
}

/** The first generation whose gate was perfect, with the run's hours up to it. */
export function timeToPerfect(lines: readonly MetricsLine[]): GateRecord | null {
  for (const m of lines) if (m.gate?.perfect) return m.gate;
  return null;
}

/** Parses metrics.jsonl text; `where` names it in errors (a truncated last line is reported, not thrown as a SyntaxError). */
export function parseMetrics(text: string, where: string): MetricsLine[] {
  const out: MetricsLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let m: MetricsLine;
    try {
      m = JSON.parse(lines[i]) as MetricsLine;
    } catch (e) {
      throw new Error(`${where}:${i + 1}: not a JSON line (${(e as Error).message}): is the file truncated?`);
    }
    if (typeof m.generation !== 'number') throw new Error(`${where}:${i + 1}: a metrics line without "generation"`);
    if ((m.schema ?? 1) > METRICS_SCHEMA) throw new Error(`${where}:${i + 1}: metrics schema ${m.schema} is newer than this program's ${METRICS_SCHEMA}`);
    out.push(m);
  }
  return out;
}
