/**
 * Checkpoints that lose nothing: trainer state (weights, optimizer slots,
 * step, learning rate), replay buffer, RNG state, generation and the metrics
 * history, in ONE file written atomically (temporary file, fsync, rename), so
 * a kill at any moment leaves either the old or the new checkpoint whole.
 * Layout: "C4CK", u32 JSON length, JSON header, then u32-length-prefixed
 * trainer bytes and replay bytes.
 */
import { readFileSync } from 'node:fs';
import type { RngState } from '../../src/mcts/rng.js';
import { writeAtomic } from '../util/atomic-write.js';

export interface CheckpointHeader {
  version: 1;
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

const MAGIC = [0x43, 0x34, 0x43, 0x4b];

export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const json = Buffer.from(JSON.stringify(ck.header));
  const out = Buffer.alloc(4 + 4 + json.length + 4 + ck.trainer.length + 4 + ck.replay.length);
  let o = 0;
  out.set(MAGIC, o);
  o += 4;
  for (const part of [json, ck.trainer, ck.replay]) {
    out.writeUInt32LE(part.length, o);
    o += 4;
    out.set(part, o);
    o += part.length;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!MAGIC.every((b, i) => buf[i] === b)) throw new Error('not a checkpoint file');
  let o = 4;
  const parts: Uint8Array[] = [];
  for (let k = 0; k < 3; k++) {
    const len = buf.readUInt32LE(o);
    o += 4;
    if (o + len > buf.length) throw new Error('checkpoint is truncated');
    parts.push(new Uint8Array(buf.subarray(o, o + len)));
    o += len;
  }
  const header = JSON.parse(Buffer.from(parts[0]).toString()) as CheckpointHeader;
  if (header.version !== 1) throw new Error(`unknown checkpoint version ${header.version}`);
  return { header, trainer: parts[1].slice(), replay: parts[2].slice() };
}

export function saveCheckpoint(path: string, ck: Checkpoint): void {
  writeAtomic(path, encodeCheckpoint(ck));
}

export function loadCheckpoint(path: string): Checkpoint {
  return decodeCheckpoint(readFileSync(path));
}
