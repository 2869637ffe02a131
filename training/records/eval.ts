/**
 * The eval record (`npm run eval`: MODEL.eval*.json beside the model): move
 * error rates per labelled set, raw policy and with search, with the
 * settings they were measured at. Written by training/cli/eval.ts, read by
 * the card and the tests through this type. Version: EVAL_SCHEMA in
 * `schema` (absent: 1, the records written before the field; the same
 * shape, some fields absent in the oldest). From schema 3 on it carries a
 * `checksum` (./fields.ts), and one that does not match is refused.
 */
import { asObject, checkChecksum, checkFields, checkItems, schemaOf } from './fields.js';

/** Schema of an eval record. 1: before the field; 2: `schema`; 3: `checksum`. */
export const EVAL_SCHEMA = 3;
/** The first schema whose records must carry a checksum. */
const CHECKSUM_SINCE = 3;

/** One set's error counts and rates. */
export interface SetErrors {
  set: string;
  positions: number;
  /** Positions whose judgement needed a solve that ran out of time: left out of both rates. */
  unjudged: number;
  rawErrors: number;
  rawRate: number;
  searchErrors: number | null;
  searchRate: number | null;
  /** The same counts by the outcome criterion (win/draw/loss kept). */
  rawOutcomeErrors: number;
  rawOutcomeRate: number;
  searchOutcomeErrors: number | null;
  searchOutcomeRate: number | null;
  /** Each position where the searched move changed the outcome: its moves and the column played (1-7, Pons' notation). */
  searchOutcomeMisses: { moves: string; column: number }[];
}

/** The settings an eval was measured at: a record with other settings is another measurement. */
export interface EvalSettings {
  /** Simulations per move; null: raw policy only. */
  simulations: number | null;
  /** Whether the search pruned moves that lose at once; null without search; absent in records written before the option (no pruning). */
  pruneLosing?: boolean | null;
  /** Whether each evaluation was averaged with its mirror image's; absent in records written before the option (no averaging). */
  mirrorAverage?: boolean;
  /** Positions per set (--limit); null: all. */
  limit: number | null;
}

export interface EvalRecord extends EvalSettings {
  /** EVAL_SCHEMA; absent in records written before the field. */
  schema?: number;
  /** The model file measured, and its sha256 (absent in the oldest records). */
  model?: string;
  modelSha256?: string;
  date: string;
  /** Error counts are absent in the oldest records, like the outcome rates. */
  sets: (Pick<SetErrors, 'set' | 'positions' | 'unjudged' | 'rawRate' | 'searchRate'> & Partial<Omit<SetErrors, 'set' | 'positions' | 'unjudged' | 'rawRate' | 'searchRate'>>)[];
  /** sha256 of the record's JSON without this field (./fields.ts withChecksum); absent before schema 3. */
  checksum?: string;
}

const EVAL_FIELDS = {
  model: 'string?',
  modelSha256: 'string?',
  simulations: 'number|null',
  pruneLosing: 'boolean|null?',
  mirrorAverage: 'boolean?',
  limit: 'number|null',
  date: 'string',
  sets: 'array',
};
const SET_FIELDS = {
  set: 'string',
  positions: 'number',
  unjudged: 'number',
  rawRate: 'number',
  searchRate: 'number|null',
  rawErrors: 'number?',
  searchErrors: 'number|null?',
  rawOutcomeErrors: 'number?',
  rawOutcomeRate: 'number?',
  searchOutcomeErrors: 'number|null?',
  searchOutcomeRate: 'number|null?',
  searchOutcomeMisses: 'array?',
};

/** The eval record `v` read from `where`, checked; a RecordError naming the file and the field when it is not one. */
export function parseEvalRecord(v: unknown, where: string): EvalRecord {
  const o = asObject(v, where);
  checkChecksum(o, schemaOf(o, EVAL_SCHEMA, where), CHECKSUM_SINCE, where);
  checkFields(o, EVAL_FIELDS, where);
  checkItems(o, 'sets', SET_FIELDS, where);
  return o as unknown as EvalRecord;
}
