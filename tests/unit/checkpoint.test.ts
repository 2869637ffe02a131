/**
 * The checkpoint file (training/run/checkpoint.ts): a round trip, the CRC-32
 * that refuses a corrupt file instead of training on it, the committed
 * version-1 files (no checksum) still read, and every read error one line
 * that names the file and what is wrong with it.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../training/run/checkpoint.js';
import { v1Bytes } from './checkpoint-fixtures.js';
import { tempDir } from '../temp-dir.js';

const dir = tempDir('c4-checkpoint-');

const sample = (): Checkpoint => ({
  header: { version: 2, generation: 3, rng: [1, 2, 3, 4], metrics: [{ generation: 1 }, { generation: 2 }, { generation: 3 }], baseline: { win: 0.1, block: 0.2 } },
  trainer: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255),
  replay: Uint8Array.from({ length: 500 }, (_, i) => (i * 13) & 255),
});

/** `bytes` written to a new file in the test folder; its path. */
function fileOf(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}


describe('checkpoint file', () => {
  test('round trip keeps the header, trainer and replay bytes, and writes version 2', () => {
    const ck = sample();
    const path = join(dir, 'round.bin');
    saveCheckpoint(path, { ...ck, header: { ...ck.header, version: 1 } });
    const back = loadCheckpoint(path);
    expect(back.header).toEqual(ck.header);
    expect(back.trainer).toEqual(ck.trainer);
    expect(back.replay).toEqual(ck.replay);
  });

  test('a version 1 file (no checksum) still reads', () => {
    const ck = sample();
    const back = loadCheckpoint(fileOf('v1.bin', v1Bytes({ ...ck.header, version: 1 }, ck.trainer, ck.replay)));
    expect(back.header.version).toBe(1);
    expect(back.header.generation).toBe(3);
    expect(back.replay).toEqual(ck.replay);
  });

  const committed = readdirSync('models/runs').filter((f) => f.endsWith('.bin'));
  // Files from before version 2 (no checksum) and after it: each must still load.
  test.each(committed)('the committed models/runs/%s still loads', (f) => {
    const ck = loadCheckpoint(join('models/runs', f));
    expect([1, 2]).toContain(ck.header.version);
    expect(ck.header.generation).toBeGreaterThan(0);
    expect(ck.trainer.length).toBeGreaterThan(100_000);
  });

  test.each([
    ['a replay byte', (n: number) => n - 10],
    ['a trainer byte', (n: number) => n - 4 - 500 - 4 - 150],
    ['a header byte', () => 30],
  ])('%s changed: refused by the checksum, naming the file', (_what, at) => {
    const bytes = encodeCheckpoint(sample());
    const i = at(bytes.length);
    bytes[i] ^= bytes[i] === 0x22 ? 0x01 : 0x20; // never turns a quote into another quote
    const path = fileOf('flipped.bin', bytes);
    expect(() => loadCheckpoint(path)).toThrow(new RegExp(`^${path}: .*checksum`));
  });

  const valid = encodeCheckpoint(sample());
  const jsonLength = new DataView(valid.buffer).getUint32(4, true);
  test.each([
    ['an empty file', new Uint8Array(0), /too short/],
    ['a 6-byte file', Uint8Array.of(0x43, 0x34, 0x43, 0x4b, 0, 0), /too short|truncated/],
    ['another magic', Uint8Array.from(Buffer.from('PK\x03\x04 and then some more bytes')), /not a checkpoint/],
    ['a file cut in the trainer part', valid.slice(0, 8 + jsonLength + 4 + 100), /truncated/],
    ['bytes after the replay part', Uint8Array.from([...valid, 1, 2, 3]), /after the replay/],
    ['a header that is not JSON', v1Bytes('#not json', new Uint8Array(1), new Uint8Array(0)), /header is not JSON/],
    ['a header that is null', v1Bytes('null', new Uint8Array(1), new Uint8Array(0)), /header/],
    ['a header without rng', v1Bytes({ version: 1, generation: 1, metrics: [] }, new Uint8Array(1), new Uint8Array(0)), /"rng"/],
    ['a header whose generation is text', v1Bytes({ version: 1, generation: '1', rng: [1, 2, 3, 4], metrics: [] }, new Uint8Array(1), new Uint8Array(0)), /"generation"/],
    ['a header with 3 rng words', v1Bytes({ version: 1, generation: 1, rng: [1, 2, 3], metrics: [] }, new Uint8Array(1), new Uint8Array(0)), /"rng"/],
    ['an unknown version', v1Bytes({ version: 7, generation: 1, rng: [1, 2, 3, 4], metrics: [] }, new Uint8Array(1), new Uint8Array(0)), /version 7/],
    ['a version 2 header without its checksum', v1Bytes({ version: 2, generation: 1, rng: [1, 2, 3, 4], metrics: [] }, new Uint8Array(1), new Uint8Array(0)), /checksum/],
  ])('%s: one line naming the file and what is wrong', (_what, bytes, message) => {
    const path = fileOf('bad.bin', bytes);
    let error: unknown;
    try {
      loadCheckpoint(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const text = (error as Error).message;
    expect(text).not.toContain('\n');
    expect(text.startsWith(`${path}: `), text).toBe(true);
    expect(text).toMatch(message);
  });

  test('a missing file: one line naming it', () => {
    const path = join(dir, 'missing.bin');
    expect(() => loadCheckpoint(path)).toThrow(new RegExp(`^${path}: `));
  });

  test('decodeCheckpoint names what it was given', () => {
    expect(() => decodeCheckpoint(new Uint8Array(3), 'somewhere.bin')).toThrow(/^somewhere\.bin: /);
  });
});
