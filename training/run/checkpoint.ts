/**
 * Checkpoints that lose nothing: trainer state (weights, optimizer slots,
 * step, learning rate), replay buffer, RNG state, generation and the metrics
 * history, in ONE file written atomically (temporary file, fsync, rename), so
 * a kill at any moment leaves either the old or the new checkpoint whole.
 *
 * Layout (little-endian):
 *   "C4CK", u32 JSON length, JSON header, u32 trainer length, trainer bytes,
 *   u32 replay length, replay bytes, and from version 2 on a u32 CRC-32
 *   (src/solver/crc32.ts) of every byte before it.
 * The header's `version` says which: 1 (the committed portable.bin files,
 * no checksum) or 2. A file that does not read is refused with one line
 * naming it and what is wrong, never resumed: corrupt replay bytes would
 * otherwise be trained on.
 */
import { readFileSync } from 'node:fs';
import type { RngState } from '../../src/mcts/rng.js';
import { crc32, crcHex } from '../../src/solver/crc32.js';
import { checkFields } from '../records/fields.js';
import { writeAtomic } from '../util/atomic-write.js';

/** The version encodeCheckpoint writes. 1: no checksum; 2: a CRC-32 trailer. */
export const CHECKPOINT_VERSION = 2 as const;

export interface CheckpointHeader {
  /** Format version, 1 or 2 (CHECKPOINT_VERSION); encodeCheckpoint writes CHECKPOINT_VERSION whatever is given. */
  version: 1 | 2;
  /** Generations completed. */
  generation: number;
  rng: RngState;
  /** One metrics object per completed generation. */
  metrics: unknown[];
  /** Raw-policy probe accuracies of the untrained network. */
  baseline: unknown;
}

export interface Checkpoint {
  header: CheckpointHeader;
  trainer: Uint8Array;
  replay: Uint8Array;
}

/** A checkpoint file that cannot be read; the message is one line naming the file. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

const MAGIC = [0x43, 0x34, 0x43, 0x4b]; // "C4CK"
const PART_NAMES = ['header', 'trainer', 'replay'] as const;
const HEADER_FIELDS = { version: 'number', generation: 'number', rng: 'array', metrics: 'array' };

export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const json = Buffer.from(JSON.stringify({ ...ck.header, version: CHECKPOINT_VERSION }));
  const parts = [json, ck.trainer, ck.replay];
  const out = Buffer.alloc(MAGIC.length + parts.reduce((n, p) => n + 4 + p.length, 0) + 4);
  out.set(MAGIC, 0);
  let o = MAGIC.length;
  for (const part of parts) {
    out.writeUInt32LE(part.length, o);
    out.set(part, o + 4);
    o += 4 + part.length;
  }
  out.writeUInt32LE(crc32(out.subarray(0, o)), o);
  return out;
}

/** The checkpoint in `bytes`; a CheckpointError naming `where` when they are not a whole, intact one. */
export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${where}: ${problem}`);
  };
  const { parts, end } = splitParts(bytes, fail);
  const trailing = bytes.length - end;
  if (trailing !== 0 && trailing !== 4) fail(`${trailing} bytes after the replay part: not a checkpoint this program wrote, or a damaged one`);
  const checked = trailing === 4;
  if (checked) {
    const stored = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getUint32(0, true);
    const computed = crc32(bytes.subarray(0, end));
    if (stored !== computed) fail(`checksum mismatch (stored CRC-32 ${crcHex(stored)}, computed ${crcHex(computed)}): the file is corrupt`);
  }
  const header = parseHeader(parts[0], fail);
  if (header.version === 2 && !checked) fail('a version 2 checkpoint without its checksum: is the file cut short?');
  if (header.version === 1 && checked) fail('4 bytes after the replay part of a version 1 checkpoint: a damaged file');
  // Copies, as plain Uint8Arrays (Buffer's slice would be a view of the whole file).
  return { header, trainer: new Uint8Array(parts[1]), replay: new Uint8Array(parts[2]) };
}

/** The magic and the three length-prefixed parts (views into `bytes`), and where the last one ends. */
function splitParts(bytes: Uint8Array, fail: (problem: string) => never): { parts: Uint8Array[]; end: number } {
  if (bytes.length < MAGIC.length + 4) fail(`too short for a checkpoint (${bytes.length} bytes)`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail('not a checkpoint file (it does not start with "C4CK")');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let o = MAGIC.length;
  for (const name of PART_NAMES) {
    if (o + 4 > bytes.length) fail(`truncated before the ${name} part's length (${bytes.length} bytes)`);
    const len = view.getUint32(o, true);
    o += 4;
    if (len > bytes.length - o) fail(`truncated: the ${name} part needs ${len} bytes, ${bytes.length - o} are left`);
    parts.push(bytes.subarray(o, o + len));
    o += len;
  }
  return { parts, end: o };
}

/** The JSON header, checked field by field. */
function parseHeader(json: Uint8Array, fail: (problem: string) => never): CheckpointHeader {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(json).toString('utf8'));
  } catch (e) {
    // V8's message quotes the text, which may hold a newline.
    return fail(`the header is not JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(`the header is not a JSON object: ${JSON.stringify(v).slice(0, 40)}`);
  const o = v as Record<string, unknown>;
  try {
    checkFields(o, HEADER_FIELDS, 'the header');
  } catch (e) {
    return fail((e as Error).message);
  }
  if (o.version !== 1 && o.version !== 2) fail(`unknown checkpoint version ${String(o.version)} (this program reads 1 and 2)`);
  if (!Number.isInteger(o.generation) || (o.generation as number) < 0) fail(`the header's "generation" should be a whole number >= 0, found ${String(o.generation)}`);
  const rng = o.rng as unknown[];
  if (rng.length !== 4 || !rng.every((w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32)) {
    fail(`the header's "rng" should be four 32-bit words, found ${JSON.stringify(rng).slice(0, 60)}`);
  }
  return o as unknown as CheckpointHeader;
}

export function saveCheckpoint(path: string, ck: Checkpoint): void {
  writeAtomic(path, encodeCheckpoint(ck));
}

/** The checkpoint at `path`; a CheckpointError naming the file when it cannot be read or is not an intact checkpoint. */
export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CheckpointError(`${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeCheckpoint(bytes, path);
}
