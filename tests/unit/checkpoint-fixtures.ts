/** Checkpoint bytes laid out by hand, for the tests of training/run/checkpoint.ts. */

/** A version 1 checkpoint (no trailer): "C4CK", then u32-length-prefixed header JSON (`header`: an object, or JSON text as is), trainer and replay. */
export function v1Bytes(header: unknown, trainer: Uint8Array, replay: Uint8Array): Uint8Array {
  const parts = [Buffer.from(typeof header === 'string' ? header : JSON.stringify(header)), trainer, replay];
  const out = Buffer.alloc(4 + parts.reduce((n, p) => n + 4 + p.length, 0));
  out.write('C4CK', 0, 'latin1');
  let o = 4;
  for (const p of parts) {
    out.writeUInt32LE(p.length, o);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}
