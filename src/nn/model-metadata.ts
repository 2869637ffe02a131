/**
 * The metadata an ONNX file carries (ModelProto.metadata_props, field 14:
 * StringStringEntryProto { key = 1; value = 2; }), read straight from the
 * protobuf bytes: onnxruntime's JavaScript sessions do not expose it. The
 * exporter (training/onnx/export.ts) writes `c4.*` entries; the agent reads
 * `c4.lengthWeight`, the value scale its network was trained on, and
 * `c4.movesLeftSlope`/`c4.movesLeftCap`, the moves-left utility its search
 * used in training (a model with a moves-left head).
 */
import type { MovesLeftUtility } from '../mcts/evaluator.js';


/** Key of the value targets' length weight (the run's replay.lengthWeight). */
export const LENGTH_WEIGHT_KEY = 'c4.lengthWeight';
/** Keys of the moves-left utility (SearchParams.movesLeftSlope, movesLeftCap). */
export const MOVES_LEFT_SLOPE_KEY = 'c4.movesLeftSlope';
export const MOVES_LEFT_CAP_KEY = 'c4.movesLeftCap';

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.bytes[this.pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
      if (scale > 2 ** 63) throw new Error('varint too long');
    }
  }
  /** Skips a field of `wireType`; returns the [start, end) of a length-delimited one. */
  skip(wireType: number): [number, number] | null {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else if (wireType === 2) {
      const n = this.varint();
      const start = this.pos;
      this.pos += n;
      if (this.pos > this.end) throw new Error('truncated field');
      return [start, this.pos];
    } else throw new Error(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new Error('truncated field');
    return null;
  }
}

const utf8 = new TextDecoder();

/** The key/value metadata of an ONNX model's bytes ({} when it has none); throws on bytes that are not protobuf. */
export function onnxMetadata(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const r = new Reader(bytes);
  while (r.pos < r.end) {
    const tag = r.varint();
    const span = r.skip(tag % 8);
    if (Math.floor(tag / 8) !== 14 || !span) continue;
    const e = new Reader(bytes, span[1]);
    e.pos = span[0];
    let key = '';
    let value = '';
    while (e.pos < e.end) {
      const t = e.varint();
      const s = e.skip(t % 8);
      if (!s) continue;
      if (Math.floor(t / 8) === 1) key = utf8.decode(bytes.subarray(s[0], s[1]));
      else if (Math.floor(t / 8) === 2) value = utf8.decode(bytes.subarray(s[0], s[1]));
    }
    out[key] = value;
  }
  return out;
}

/**
 * The length weight w of a model's value targets, z (1 - w pliesLeft / 42),
 * from its metadata: 0 when absent (models trained before it was recorded,
 * or without length scaling) or when the bytes cannot be read as protobuf
 * (the session that loads them says what is wrong). Throws on a recorded
 * value outside [0, 1].
 */
export function modelLengthWeight(bytes: Uint8Array): number {
  const raw = readableMetadata(bytes)[LENGTH_WEIGHT_KEY];
  if (raw === undefined) return 0;
  const w = Number(raw);
  if (!(w >= 0 && w <= 1)) throw new Error(`the model's ${LENGTH_WEIGHT_KEY} metadata is ${JSON.stringify(raw)}, not a number in [0, 1]`);
  return w;
}

/** The metadata, or {} when the bytes cannot be read as protobuf (the session that loads them says what is wrong). */
function readableMetadata(bytes: Uint8Array): Record<string, string> {
  try {
    return onnxMetadata(bytes);
  } catch {
    return {};
  }
}

/**
 * The moves-left utility a model's search was trained with, from its
 * metadata: undefined when absent (a model without a moves-left head).
 * Throws on a recorded slope that is not a number >= 0 or a cap outside [0, 1].
 */
export function modelMovesLeftUtility(bytes: Uint8Array): MovesLeftUtility | undefined {
  const meta = readableMetadata(bytes);
  const slope = meta[MOVES_LEFT_SLOPE_KEY];
  const cap = meta[MOVES_LEFT_CAP_KEY];
  if (slope === undefined && cap === undefined) return undefined;
  const u = { slope: Number(slope), cap: Number(cap) };
  if (!(u.slope >= 0 && u.slope < Infinity)) throw new Error(`the model's ${MOVES_LEFT_SLOPE_KEY} metadata is ${JSON.stringify(slope)}, not a number >= 0`);
  if (!(u.cap >= 0 && u.cap <= 1)) throw new Error(`the model's ${MOVES_LEFT_CAP_KEY} metadata is ${JSON.stringify(cap)}, not a number in [0, 1]`);
  return u;
}

/** What a model's metadata tells its agent's search (agentEvaluator's options): its value scale and moves-left utility. */
export function modelSearchHints(bytes: Uint8Array): { lengthWeight: number; movesLeftUtility?: MovesLeftUtility } {
  const utility = modelMovesLeftUtility(bytes);
  return { lengthWeight: modelLengthWeight(bytes), ...(utility ? { movesLeftUtility: utility } : {}) };
}
