/**
 * Training state as plain data, the check both trainers make before they
 * restore one (`checkArrays`), the fitting of a state to a model that gained
 * or lost an auxiliary head (opponent reply, moves left), and a compact binary form for checkpoints:
 * a little-endian u32 header length, a JSON header (names, shapes, step,
 * learning rate, user metadata), then every array's float32 data in order.
 * Exact: a state written and read back is bit-identical.
 */
import { AUX_HEADS, type AuxHead } from './model.js';

/** One named float32 array (a weight or an optimizer slot). */
export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface TrainerState {
  /** Optimizer steps taken. */
  step: number;
  /** Learning rate of the next step. */
  learningRate: number;
  /** Every model weight in `model.weights` order, BN moving statistics included. */
  weights: NamedArray[];
  /** Optimizer slots in order (`<weight>/m`, `<weight>/v`). */
  slots: NamedArray[];
}

/**
 * Throws unless `arrays` are the `expected` ones, in order, by name and size
 * (`what` names the group in the message: 'weights', 'optimizer slots').
 */
export function checkArrays(what: string, expected: readonly { name: string; size: number }[], arrays: readonly NamedArray[]): void {
  if (expected.length !== arrays.length) throw new Error(`${what}: expected ${expected.length} arrays, got ${arrays.length}`);
  expected.forEach((e, i) => {
    const a = arrays[i];
    if (a.name !== e.name || a.data.length !== e.size) throw new Error(`${what} ${i}: state has ${a.name} (${a.data.length}), model has ${e.name} (${e.size})`);
  });
}

const headOf = (name: string): AuxHead | undefined => AUX_HEADS.find((h) => name.startsWith(`${h}/`));

/**
 * `saved` fitted to a trainer whose current state is `current` when the two
 * differ only in auxiliary heads (the opponent-reply head, the moves-left
 * head): a head the state lacks starts as `current` has it (fresh weights,
 * zero optimizer slots), a head the model lacks is dropped. So a run can
 * switch train.opponentReplyWeight or train.movesLeftWeight on or off when
 * it goes on from a checkpoint. Any other difference is left for
 * `checkArrays` to report. `changes` lists the heads added or dropped.
 */
export function fitHeads(saved: TrainerState, current: TrainerState): { state: TrainerState; changes: { head: AuxHead; change: 'added' | 'dropped' }[] } {
  const has = (s: TrainerState, h: AuxHead) => s.weights.some((a) => headOf(a.name) === h);
  const changes = AUX_HEADS.filter((h) => has(saved, h) !== has(current, h)).map((head) => ({ head, change: has(current, head) ? ('added' as const) : ('dropped' as const) }));
  if (changes.length === 0) return { state: saved, changes };
  const fit = (arrays: NamedArray[], now: NamedArray[]): NamedArray[] => {
    const names = new Set(now.map((a) => a.name));
    const kept = arrays.filter((a) => headOf(a.name) === undefined || names.has(a.name));
    const byName = new Map(kept.map((a) => [a.name, a]));
    for (const a of now) if (headOf(a.name) !== undefined && !byName.has(a.name)) byName.set(a.name, a);
    return byName.size === now.length && now.every((a) => byName.has(a.name)) ? now.map((a) => byName.get(a.name)!) : kept;
  };
  return { state: { ...saved, weights: fit(saved.weights, current.weights), slots: fit(saved.slots, current.slots) }, changes };
}

interface Header {
  format: 'c4-trainer-state';
  version: 1;
  step: number;
  learningRate: number;
  weights: { name: string; shape: number[] }[];
  slots: { name: string; shape: number[] }[];
  meta?: unknown;
}

/** Serialises a state (plus optional JSON-able `meta`, e.g. the NetConfig) to bytes. */
export function stateToBytes(state: TrainerState, meta?: unknown): Uint8Array {
  const header: Header = {
    format: 'c4-trainer-state',
    version: 1,
    step: state.step,
    learningRate: state.learningRate,
    weights: state.weights.map(({ name, shape }) => ({ name, shape })),
    slots: state.slots.map(({ name, shape }) => ({ name, shape })),
    meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = (4 + json.length + 3) & ~3; // float data 4-byte aligned
  const floats = [...state.weights, ...state.slots].reduce((n, a) => n + a.data.length, 0);
  const bytes = new Uint8Array(start + 4 * floats);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const f = new Float32Array(bytes.buffer, start, floats);
  let o = 0;
  for (const a of [...state.weights, ...state.slots]) {
    f.set(a.data, o);
    o += a.data.length;
  }
  return bytes;
}

/** Reads bytes from `stateToBytes`; `meta` is whatever was stored with them. */
export function stateFromBytes(bytes: Uint8Array): { state: TrainerState; meta: unknown } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as Header;
  if (header.format !== 'c4-trainer-state' || header.version !== 1) throw new Error('not a trainer state (bad header)');
  const start = (4 + len + 3) & ~3;
  let o = bytes.byteOffset + start;
  const take = (spec: { name: string; shape: number[] }): NamedArray => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (o + 4 * size > bytes.byteOffset + bytes.byteLength) throw new Error(`trainer state truncated at ${spec.name}`);
    // Copy out: the source buffer may be unaligned or reused by the caller.
    const data = new Float32Array(bytes.buffer.slice(o, o + 4 * size));
    o += 4 * size;
    return { name: spec.name, shape: spec.shape, data };
  };
  const weights = header.weights.map(take);
  const slots = header.slots.map(take);
  if (o !== bytes.byteOffset + bytes.byteLength) throw new Error('trainer state has trailing bytes');
  return { state: { step: header.step, learningRate: header.learningRate, weights, slots }, meta: header.meta };
}
