/**
 * Checking a record read from disk against its type, field by field, so
 * that a file of the wrong shape is refused with one line naming the file
 * and the field, never a TypeError deep inside the reader. Each record
 * module lists its fields as a table: name -> kinds, e.g. 'number|null',
 * with a trailing '?' for a field that older records may lack.
 */

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
