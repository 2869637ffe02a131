/**
 * The match record (`npm run match`: MODEL.match-*.json beside the model):
 * the agent against the solver or a baseline, W/D/L per colour, every
 * game's length, moves and the agent's first mistake, and time per move.
 * Written by training/match/match.ts (and web.ts), read by the card and the
 * tests through this type. Version: MATCH_SCHEMA in `schema` (absent: 1,
 * the records written before the field; the same shape). From schema 3 on
 * it carries a `checksum` (./fields.ts), and one that does not match is
 * refused: the card publishes these numbers.
 */
import type { Budget } from '../../src/agent/agent.js';
import { asObject, checkChecksum, checkFields, checkItems, schemaOf } from './fields.js';

/** Schema of a match record. 1: before the field; 2: `schema`; 3: `checksum`. */
export const MATCH_SCHEMA = 3;
/** The first schema whose records must carry a checksum. */
const CHECKSUM_SINCE = 3;

export interface MatchConfig {
  /** Path of the agent's ONNX model. */
  model: string;
  /** Games per colour. */
  games: number;
  /** The agent's colour(s). */
  colours: 'first' | 'second' | 'both';
  budget: Budget;
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

export interface MatchRecord {
  /** MATCH_SCHEMA; absent in records written before the field. */
  schema?: number;
  config: MatchConfig;
  /** sha256 of the model file the agent played with. */
  modelSha256: string;
  date: string;
  byColour: { agentFirst: boolean; games: number; wins: number; draws: number; losses: number; plies: number[] }[];
  games: GameReport[];
  timing: { agentMsPerMove: { mean: number; median: number }; opponentMsPerMove: { mean: number; median: number } };
  /** sha256 of the record's JSON without this field (./fields.ts withChecksum); absent before schema 3. */
  checksum?: string;
}

const MATCH_FIELDS = { config: 'object', modelSha256: 'string?', date: 'string', byColour: 'array', games: 'array', timing: 'object' };
const CONFIG_FIELDS = { opponent: 'string', colours: 'string', games: 'number', seed: 'number', budget: 'object', pruneLosing: 'boolean?', mirrorAverage: 'boolean?', book: 'string|null' };
const COLOUR_FIELDS = { agentFirst: 'boolean', games: 'number', wins: 'number', draws: 'number', losses: 'number', plies: 'array' };
const GAME_FIELDS = { seed: 'number', agentFirst: 'boolean', result: 'string', plies: 'number', moves: 'string', agentFirstMistake: 'number|null' };
const PER_MOVE_FIELDS = { mean: 'number', median: 'number' };

/** The match record `v` read from `where`, checked; a RecordError naming the file and the field when it is not one. */
export function parseMatchRecord(v: unknown, where: string): MatchRecord {
  const o = asObject(v, where);
  checkChecksum(o, schemaOf(o, MATCH_SCHEMA, where), CHECKSUM_SINCE, where);
  checkFields(o, MATCH_FIELDS, where);
  checkFields(asObject(o.config, `${where}: config`), CONFIG_FIELDS, `${where}: config`);
  checkItems(o, 'byColour', COLOUR_FIELDS, where);
  checkItems(o, 'games', GAME_FIELDS, where);
  const timing = asObject(o.timing, `${where}: timing`);
  for (const k of ['agentMsPerMove', 'opponentMsPerMove']) checkFields(asObject(timing[k], `${where}: timing.${k}`), PER_MOVE_FIELDS, `${where}: timing.${k}`);
  return o as unknown as MatchRecord;
}
