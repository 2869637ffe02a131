/**
 * The strength gate's record (training/match/gate.ts), written inside the
 * metrics line of each gated generation and read by the card and the tests.
 * Its version is GATE_SCHEMA in the record's `schema` field (absent: 1, the
 * records written before the field; the same shape).
 */
import { asObject, checkFields, schemaOf } from './fields.js';

/** Schema of a gate record. 1: the first shape (no field); 2: `schema`. */
export const GATE_SCHEMA = 2;

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
  /** GATE_SCHEMA; absent in records written before the field. */
  schema?: number;
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

const COLOUR_FIELDS = { games: 'number', wins: 'number', draws: 'number', losses: 'number', plies: 'array' };
const GATE_FIELDS = {
  generation: 'number',
  simulations: 'number',
  mirrorAverage: 'boolean',
  first: 'object',
  second: 'object',
  perfect: 'boolean',
  seconds: 'number',
  cpuSeconds: 'number',
  wallHours: 'number',
  cpuHours: 'number',
};

/** Checks that `v` is a gate record this program reads; a RecordError naming `where` and the field when not. */
export function checkGateRecord(v: unknown, where: string): GateRecord {
  const o = asObject(v, where);
  schemaOf(o, GATE_SCHEMA, where);
  checkFields(o, GATE_FIELDS, where);
  for (const side of ['first', 'second']) checkFields(asObject(o[side], `${where}.${side}`), COLOUR_FIELDS, `${where}.${side}`);
  return o as unknown as GateRecord;
}
