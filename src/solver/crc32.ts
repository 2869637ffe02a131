/**
 * CRC-32, the checksum of the project's binary files: the opening book
 * (./book.ts, read by the page and by Node) and the training checkpoint
 * (training/run/checkpoint.ts). Written here in TypeScript because the book
 * is checked in the browser, which has no Node API and no synchronous
 * checksum of its own. The CRC catches what these files meet: bit rot, a
 * torn copy, a byte changed by hand; it is no defence against a forger, who
 * can recompute it.
 *
 * The CRC-32 of zlib, PNG and Ethernet (ISO-HDLC: the reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF), so any tool can check a
 * file: crc32("123456789") = 0xCBF43926. Table-driven, one byte at a time
 * (Sarwate, "Computation of cyclic redundancy checks via table look-up",
 * CACM 1988): a few hundred MB/s in V8, 12 MB of checkpoint in tens of ms.
 */

/** TABLE[b]: the CRC register after shifting byte b through it, eight steps of the polynomial. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[b] = c >>> 0;
  }
  return t;
})();

/**
 * The CRC-32 of `bytes`, as an unsigned 32-bit number. `previous` continues
 * a checksum over several pieces, as zlib's crc32(data, value):
 * crc32(b, crc32(a)) is the CRC-32 of a followed by b.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** `crc` as eight hex digits, as error messages show it. */
export function crcHex(crc: number): string {
  return `0x${(crc >>> 0).toString(16).padStart(8, '0')}`;
}
