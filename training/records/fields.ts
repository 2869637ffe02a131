/**
 * Checking a record read from disk against its type, field by field, so
 * that a file of the wrong shape is refused with one line naming the file
 * and the field, never a TypeError deep inside the reader. Each record
 * module lists its fields as a table: name -> kinds, e.g. 'number|null',
 * with a trailing '?' for a field that older records may lack. Records
 * that the card publishes (match, eval) also carry a checksum, so that one
 * changed after it was written (by hand, or a bad merge) is refused too.
 */
import { createHash } from 'node:crypto';

/** A record that is not what its type says. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/** The JSON kind of a value: 'null', 'array', or its typeof. */
function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** `v` as an object, or a RecordError naming `where`. */
export function asObject(v: unknown, where: string): Record<string, unknown> {
  if (kindOf(v) !== 'object') throw new RecordError(`${where} is not a record: expected an object, found ${kindOf(v)}`);
  return v as Record<string, unknown>;
}

/** Checks every field of `o` listed in `spec` (name -> 'kind|kind', '?' at the end: may be absent). */
export function checkFields(o: Record<string, unknown>, spec: Readonly<Record<string, string>>, where: string): void {
  for (const [key, kinds] of Object.entries(spec)) {
    const optional = kinds.endsWith('?');
    const v = o[key];
    if (v === undefined) {
      if (optional) continue;
      throw new RecordError(`${where}: "${key}" is missing`);
    }
    const allowed = (optional ? kinds.slice(0, -1) : kinds).split('|');
    if (!allowed.includes(kindOf(v))) throw new RecordError(`${where}: "${key}" should be ${allowed.join(' or ')}, found ${kindOf(v)}`);
  }
}

/** `o[key]` as an array of objects, each checked against `spec`. */
export function checkItems(o: Record<string, unknown>, key: string, spec: Readonly<Record<string, string>>, where: string): void {
  const items = o[key];
  if (!Array.isArray(items)) throw new RecordError(`${where}: "${key}" should be array, found ${kindOf(items)}`);
  items.forEach((item, i) => checkFields(asObject(item, `${where}: ${key}[${i}]`), spec, `${where}: ${key}[${i}]`));
}

/**
 * The record's schema version (`field` absent: 1, a record written before
 * versions); a RecordError when it is newer than `current`, the newest this
 * program reads.
 */
export function schemaOf(o: Record<string, unknown>, current: number, where: string, field = 'schema'): number {
  const v = o[field] ?? 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RecordError(`${where}: "${field}" should be a positive integer, found ${JSON.stringify(v)}`);
  if (v > current) throw new RecordError(`${where}: schema ${v} is newer than this program's ${current}: update the program`);
  return v;
}

/**
 * The checksum of a record: the sha256 (hex) of its JSON without the
 * `checksum` field. JSON.parse then JSON.stringify gives back the same text
 * (keys in their order, numbers in their shortest form), so the reader
 * recomputes what the writer computed whatever the file's indentation.
 */
export function recordChecksum(record: object): string {
  const { checksum: _, ...rest } = record as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** `record` with its `checksum` as the last field: the one way a writer adds it (matchResult, the eval CLI's record()). */
export function withChecksum<T extends object>(record: T): T & { checksum: string } {
  const { checksum: _, ...rest } = record as T & { checksum?: unknown };
  return { ...(rest as T), checksum: recordChecksum(rest) };
}

/**
 * Checks a record's `checksum`: it must match the record when present, and
 * be present from schema `since` on (records written before it have none
 * and stay readable). A RecordError naming `where` when not.
 */
export function checkChecksum(o: Record<string, unknown>, schema: number, since: number, where: string): void {
  checkFields(o, { checksum: schema >= since ? 'string' : 'string?' }, where);
  if (o.checksum === undefined) return;
  const computed = recordChecksum(o);
  if (o.checksum !== computed) {
    const short = (x: string) => JSON.stringify(x.length > 16 ? `${x.slice(0, 16)}...` : x);
    throw new RecordError(`${where}: checksum mismatch (the record's sha256 is ${short(computed)}, its "checksum" says ${short(o.checksum as string)}): was it changed after it was written?`);
  }
}
