/** CRC-32 (src/solver/crc32.ts): the standard check value, continuation over pieces, and zlib's result on random bytes. */
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crc32, crcHex } from '../../src/solver/crc32.js';

const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
/** Node's own CRC-32 (Node 20.15 and later), when there is one. */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

describe('crc32', () => {
  test.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %i', (text, expected) => {
    expect(crc32(ascii(text))).toBe(expected);
  });

  test('continues over pieces: crc32(b, crc32(a)) = crc32(a + b)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        expect(crc32(b, crc32(a))).toBe(crc32(Uint8Array.from([...a, ...b])));
      }),
      { numRuns: 200 },
    );
  });

  test.skipIf(zlibCrc32 === undefined)("agrees with Node's zlib.crc32", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32!(bytes));
      }),
      { numRuns: 200 },
    );
  });

  test('crcHex: eight hex digits', () => {
    expect(crcHex(0xcbf43926)).toBe('0xcbf43926');
    expect(crcHex(7)).toBe('0x00000007');
  });
});
