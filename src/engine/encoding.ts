/**
 * The network input encoding, shared by self-play, training, the ONNX
 * exporter and the browser: two 6 x 7 planes in NHWC order,
 * [row][col][plane] with row 0 = bottom, plane 0 = stones of the side to
 * move, plane 1 = stones of the opponent. Seen from the side to move, the
 * same picture means the same thing for both colours.
 */
import { HEIGHT, LO_COLUMNS, WIDTH, columnShift } from './bitboard.js';
import type { Position } from './position.js';

export const INPUT_PLANES = 2;
/** Floats per encoded position. */
export const INPUT_SIZE = HEIGHT * WIDTH * INPUT_PLANES;
/** Shape of one encoded position, [height, width, planes]. */
export const INPUT_SHAPE = [HEIGHT, WIDTH, INPUT_PLANES] as const;

/** Writes the encoding of `pos` into `out` at `offset` (INPUT_SIZE floats). */
export function encodeInto(pos: Position, out: Float32Array, offset = 0): void {
  for (let c = 0; c < WIDTH; c++) {
    const lo = c < LO_COLUMNS;
    const mine = (lo ? pos.curLo : pos.curHi) >>> columnShift(c);
    const all = (lo ? pos.maskLo : pos.maskHi) >>> columnShift(c);
    for (let r = 0; r < HEIGHT; r++) {
      const i = offset + (r * WIDTH + c) * INPUT_PLANES;
      const occupied = (all >>> r) & 1;
      const own = (mine >>> r) & 1;
      out[i] = own;
      out[i + 1] = occupied & (own ^ 1);
    }
  }
}

/** The encoding of `pos` in a new array. */
export function encode(pos: Position): Float32Array {
  const out = new Float32Array(INPUT_SIZE);
  encodeInto(pos, out);
  return out;
}
