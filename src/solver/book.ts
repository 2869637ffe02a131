/**
 * The opening book: exact scores of early positions, looked up by the solver
 * before it searches (Pons, blog part 12 "opening book"; his book stores the
 * positions up to a fixed depth, ours only those a match can reach, see
 * training/cli/book.ts).
 *
 * Positions are keyed by their canonical key (the smaller of the key and the
 * mirror image's key, as Position.canonicalKey()), so one entry serves a
 * position and its mirror image: their scores are equal.
 *
 * File format C4B2 (little-endian), compact enough to fetch in the browser:
 *   bytes 0-3   magic "C4B2"
 *   bytes 4-7   uint32 number of entries N
 *   byte  8     largest ply (stones on the board) of any entry
 *   bytes 9-11  reserved, 0
 *   bytes 12-15 uint32 CRC-32 (./crc32.ts) of bytes 0-11 and then the entries:
 *               an altered score would otherwise be played as exact
 *   then N entries of 8 bytes, sorted by key:
 *     bytes 0-6 the 49-bit canonical key
 *     byte  7   bits 0-6: score + 64; bit 7: set when the score is unverified
 *               (seeded from a published value and not yet re-solved by us)
 * The first format, C4B1, is the same with bytes 9-15 reserved and no
 * checksum; it is read only when asked for (`npm run book` converts it).
 */
import { KEY_HI_WEIGHT, WIDTH, popcount } from '../engine/bitboard.js';
import { crc32, crcHex } from './crc32.js';

const MAGIC = [0x43, 0x34, 0x42, 0x32]; // "C4B2"
const MAGIC_UNCHECKED = [0x43, 0x34, 0x42, 0x31]; // "C4B1", before the checksum
const HEADER_BYTES = 16;
/** Where the CRC-32 sits in the header; the bytes before it are covered by it. */
const CRC_AT = 12;
const ENTRY_BYTES = 8;
const SCORE_OFFSET = 64;
const UNVERIFIED = 0x80;

/** Thrown by OpeningBook.fromBytes on a malformed file. */
export class BookFormatError extends Error {
  override readonly name = 'BookFormatError';
}

/** How OpeningBook.fromBytes reads. */
export interface BookReadOptions {
  /** Also read the old format C4B1, which has no checksum (to convert it); default false. */
  acceptUnchecked?: boolean;
}

/** Whether `bytes` start like a book of the old format C4B1, which has no checksum. */
export function isUncheckedBook(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_UNCHECKED.length && MAGIC_UNCHECKED.every((m, i) => bytes[i] === m);
}

/** The checksum of a book file: its header up to the CRC field, then its entries. */
function bookCrc(bytes: Uint8Array): number {
  return crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(0, CRC_AT)));
}

/** The mirror image's key of key (keyLo, keyHi): column c <-> 6 - c, no allocation. */
export function mirrorKeyOf(keyLo: number, keyHi: number): number {
  const lo =
    ((keyHi >>> 14) & 127) | (((keyHi >>> 7) & 127) << 7) | ((keyHi & 127) << 14) | (((keyLo >>> 21) & 127) << 21);
  const hi = ((keyLo >>> 14) & 127) | (((keyLo >>> 7) & 127) << 7) | ((keyLo & 127) << 14);
  return hi * KEY_HI_WEIGHT + lo;
}

/** The canonical key (min of the key and its mirror's) of key (keyLo, keyHi). */
export function canonicalKeyOf(keyLo: number, keyHi: number): number {
  return Math.min(keyHi * KEY_HI_WEIGHT + keyLo, mirrorKeyOf(keyLo, keyHi));
}

/**
 * Stones on the board of a position given by its key (cur + mask): in each
 * column the key's top set bit sits just above the top stone (Pons' key
 * trick), so a column of h stones has a key part in [2^h - 1, 2^(h+1) - 2].
 */
export function plyOfKey(key: number): number {
  const lo = key % KEY_HI_WEIGHT;
  const hi = Math.floor(key / KEY_HI_WEIGHT);
  let ply = 0;
  for (let c = 0; c < WIDTH; c++) {
    const part = ((c < 4 ? lo >>> (7 * c) : hi >>> (7 * (c - 4))) & 127) + 1;
    ply += 31 - Math.clz32(part);
  }
  return ply;
}

export interface BookEntry {
  /** Canonical key of the position. */
  key: number;
  /** Exact score, Pons' convention, for the side to move. */
  score: number;
  /** False when the score was seeded from a published value and not re-solved. */
  verified: boolean;
}

export class OpeningBook {
  /** Canonical key -> score byte (score + 64, bit 7 = unverified). */
  private readonly entries = new Map<number, number>();
  /** Largest ply of any entry; -1 when empty, so the solver can skip lookups deeper than this. */
  maxPly = -1;

  get size(): number {
    return this.entries.size;
  }

  /** Stores the exact score of the position with canonical key `key`. */
  set(key: number, score: number, verified = true): void {
    if (!Number.isInteger(score) || score < -SCORE_OFFSET || score >= SCORE_OFFSET) throw new RangeError(`bad score ${score}`);
    this.entries.set(key, (score + SCORE_OFFSET) | (verified ? 0 : UNVERIFIED));
    this.maxPly = Math.max(this.maxPly, plyOfKey(key));
  }

  has(key: number): boolean {
    return this.entries.has(key);
  }

  /** The entry for canonical key `key`, or undefined. */
  entry(key: number): BookEntry | undefined {
    const b = this.entries.get(key);
    if (b === undefined) return undefined;
    return { key, score: (b & 127) - SCORE_OFFSET, verified: (b & UNVERIFIED) === 0 };
  }

  /**
   * Score of the position with key words (keyLo, keyHi) (any orientation), or
   * NaN when absent or when it is unverified and `trustUnverified` is false.
   */
  lookup(keyLo: number, keyHi: number, trustUnverified: boolean): number {
    const b = this.entries.get(canonicalKeyOf(keyLo, keyHi));
    if (b === undefined || (!trustUnverified && (b & UNVERIFIED) !== 0)) return NaN;
    return (b & 127) - SCORE_OFFSET;
  }

  /** All entries, sorted by key. */
  list(): BookEntry[] {
    return [...this.entries.keys()].sort((a, b) => a - b).map((k) => this.entry(k) as BookEntry);
  }

  /** The book in the binary file format above. */
  toBytes(): Uint8Array {
    const list = [...this.entries.keys()].sort((a, b) => a - b);
    const out = new Uint8Array(HEADER_BYTES + ENTRY_BYTES * list.length);
    out.set(MAGIC, 0);
    new DataView(out.buffer).setUint32(4, list.length, true);
    out[8] = Math.max(0, this.maxPly);
    let at = HEADER_BYTES;
    for (const key of list) {
      let k = key;
      for (let i = 0; i < 7; i++) {
        out[at + i] = k % 256;
        k = Math.floor(k / 256);
      }
      out[at + 7] = this.entries.get(key) as number;
      at += ENTRY_BYTES;
    }
    new DataView(out.buffer).setUint32(CRC_AT, bookCrc(out), true);
    return out;
  }

  /** Parses a book file (format C4B2; C4B1 too with `acceptUnchecked`). Throws BookFormatError. */
  static fromBytes(bytes: Uint8Array, opts: BookReadOptions = {}): OpeningBook {
    const checked = MAGIC.every((m, i) => bytes[i] === m);
    if (!checked && !isUncheckedBook(bytes)) throw new BookFormatError('not an opening book (bad magic)');
    if (!checked && !opts.acceptUnchecked) {
      throw new BookFormatError('an opening book in the old format C4B1, which has no checksum: convert it with `npm run book -- --book FILE`');
    }
    if (bytes.length < HEADER_BYTES) throw new BookFormatError(`too short for an opening book (${bytes.length} bytes)`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = view.getUint32(4, true);
    if (bytes.length !== HEADER_BYTES + ENTRY_BYTES * count) {
      throw new BookFormatError(`book of ${count} entries must be ${HEADER_BYTES + ENTRY_BYTES * count} bytes, got ${bytes.length}`);
    }
    if (checked) {
      const stored = view.getUint32(CRC_AT, true);
      const computed = bookCrc(bytes);
      if (stored !== computed) throw new BookFormatError(`checksum mismatch (stored CRC-32 ${crcHex(stored)}, computed ${crcHex(computed)}): the book is corrupt`);
    }
    const book = new OpeningBook();
    for (let i = 0, at = HEADER_BYTES; i < count; i++, at += ENTRY_BYTES) {
      let key = 0;
      for (let b = 6; b >= 0; b--) key = key * 256 + bytes[at + b];
      const v = bytes[at + 7];
      const score = (v & 127) - SCORE_OFFSET;
      if (popcountKeyInvalid(key)) throw new BookFormatError(`entry ${i}: key ${key} is not a position`);
      book.set(key, score, (v & UNVERIFIED) === 0);
    }
    return book;
  }
}

/** True when a key cannot be a position's key (a sentinel bit is set in some column's part). */
function popcountKeyInvalid(key: number): boolean {
  if (!Number.isSafeInteger(key) || key < 0 || key >= 2 ** 49) return true;
  const lo = key % KEY_HI_WEIGHT;
  const hi = Math.floor(key / KEY_HI_WEIGHT);
  // A column holding h stones has key part < 2^(h+1) - 1 <= 127; the part
  // 127 (seven ones) would need seven stones.
  for (let c = 0; c < WIDTH; c++) {
    const part = (c < 4 ? lo >>> (7 * c) : hi >>> (7 * (c - 4))) & 127;
    if (part === 127) return true;
  }
  return popcount(hi >>> 21) !== 0;
}
