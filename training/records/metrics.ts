/**
 * The metrics line (runs/<name>/metrics.jsonl, one per generation): one
 * type, a schema version and a parser that refuses what it does not know.
 * The loop writes it; the card and the tests read it through this type. The
 * gate record inside it is ./gate.ts.
 */

import { availableParallelism, cpus, platform, arch } from 'node:os';
import { asObject, checkChecksum, checkFields, RecordError, schemaOf } from './fields.js';
import { checkGateRecord, type GateRecord } from './gate.js';
import type { BroadRecord } from '../eval/broad.js';

export type { GateColour, GateRecord } from './gate.js';

/**
 * Schema of a metrics line. 2: `schema`, `mode`, `wallHours`, `cpuHours`,
 * `gate`; 3: `machine`; 4: `checksum`; 5: `broad`. Lines without `schema` are version 1.
 */
export const METRICS_SCHEMA = 5;

/** The first metrics schema whose lines must carry a checksum. */
export const METRICS_CHECKSUM_SINCE = 4;

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
  loss: { policy: number; value: number; total: number; lastPolicy: number; lastValue: number; reply?: number; movesLeft?: number };
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
  /** Schema 5 on: the broad strength measure (training/eval/broad.ts), in the generations it ran. */
  broad?: BroadRecord;
  /** Schema 3 on. */
  machine?: Machine;
  /** Schema 4 on: sha256 of the line without this field (records/fields.ts), so that an edited line is refused. */
  checksum?: string;
}

/** The first generation whose gate was perfect, with the run's hours up to it. */
export function timeToPerfect(lines: readonly MetricsLine[]): GateRecord | null {
  for (const m of lines) if (m.gate?.perfect) return m.gate;
  return null;
}

/** The kinds of a metrics line's fields; beside `generation`, fields absent in some lines (older runs, the tests' minimal lines) are optional here. */
const METRICS_FIELDS = {
  schema: 'number?',
  generation: 'number',
  time: 'string?',
  mode: 'string?',
  seconds: 'number?',
  cpuSeconds: 'number?',
  wallHours: 'number?',
  cpuHours: 'number?',
  loss: 'object?',
  learningRate: 'number?',
  selfplay: 'object?',
  train: 'object?',
  probes: 'object?',
  probesUntrained: 'object?',
  errors: 'object?',
  matches: 'object?',
  evalSeconds: 'number?',
  gate: 'object?',
  broad: 'object?',
  machine: 'object?',
  checksum: 'string?',
};

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
    const o = asObject(m, `${where}:${i + 1}`);
    if (o.generation === undefined) throw new RecordError(`${where}:${i + 1}: a metrics line without "generation"`);
    const schema = schemaOf(o, METRICS_SCHEMA, `${where}:${i + 1}: metrics`);
    checkChecksum(o, schema, METRICS_CHECKSUM_SINCE, `${where}:${i + 1}`);
    checkFields(o, METRICS_FIELDS, `${where}:${i + 1}`);
    if (m.gate !== undefined) checkGateRecord(m.gate, `${where}:${i + 1}: gate`);
    if (m.broad !== undefined) checkBroadRecord(m.broad, `${where}:${i + 1}: broad`);
    out.push(m);
  }
  return out;
}

/** Checks a broad measure's record: counts per set, one per set named, in every part. */
function checkBroadRecord(v: unknown, where: string): void {
  const o = asObject(v, where);
  checkFields(o, { sets: 'array', positions: 'array', raw: 'object', search: 'array', seconds: 'number', cpuSeconds: 'number' }, where);
  const n = Array.isArray(o.sets) && o.sets.every((x) => typeof x === 'string') ? o.sets.length : -1;
  const counts = (x: unknown) => Array.isArray(x) && x.length === n && x.every((c) => Number.isInteger(c) && c >= 0);
  const errors = (x: unknown) => {
    const e = asObject(x, where);
    return counts(e.exact) && counts(e.outcome);
  };
  const ok = n > 0 && counts(o.positions) && errors(o.raw) && Array.isArray(o.search) && o.search.every((s) => errors(s) && Number.isInteger((s as { simulations?: unknown }).simulations));
  if (!ok) throw new RecordError(`${where}: not a broad measure (sets, then per set: positions, raw and search error counts)`);
}
