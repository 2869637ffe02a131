/**
 * The one atomic writer (training/util/atomic-write.ts) on a full disk:
 * a write that stores fewer bytes than asked, or fails with ENOSPC, leaves
 * the old file whole and no temporary file, and the error names the path and
 * the errno in one line. The disk is simulated by an injected writeSync.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';

const disk = vi.hoisted(() => ({ mode: 'ok' as 'ok' | 'short' | 'enospc' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
    if (disk.mode === 'short') return fs.writeSync(fd, buffer, offset ?? 0, Math.min(length ?? buffer.length, 100)) && 0;
    if (disk.mode === 'enospc') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return fs.writeSync(fd, buffer, offset, length);
  };
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const { appendLine, writeAtomic, writeAllAtomic } = await import('../../training/util/atomic-write.js');

const dir = mkdtempSync(join(tmpdir(), 'c4-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => (disk.mode = 'ok'));

describe('writeAtomic on a full disk', () => {
  test.each([
    ['a short write', 'short', /cannot write .*checkpoint\.bin: wrote 0 of 5000 bytes \(is the disk full\?\); the file there is left as it was/],
    ['ENOSPC', 'enospc', /cannot write .*checkpoint\.bin: ENOSPC \(no space left on device, write\); the file there is left as it was/],
  ] as const)('%s: the old file stays whole, no temporary file, one line naming path and errno', (_, mode, message) => {
    const path = join(dir, 'checkpoint.bin');
    writeFileSync(path, 'the old checkpoint');
    disk.mode = mode;
    let error: Error | null = null;
    try {
      writeAtomic(path, new Uint8Array(5000).fill(7));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
    expect(readFileSync(path, 'utf8')).toBe('the old checkpoint');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a set of files: one failing replaces none of them', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, 'old a');
    writeFileSync(b, 'old b');
    disk.mode = 'enospc';
    expect(() => writeAllAtomic([{ path: a, data: 'new a' }, { path: b, data: 'new b' }])).toThrow(/cannot write .*a\.json: ENOSPC/);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['old a', 'old b']);
  });

  test('a whole write replaces the file', () => {
    const path = join(dir, 'ok.bin');
    writeFileSync(path, 'old');
    writeAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});

describe('appendLine on a full disk', () => {
  test('a failed append leaves the file as it was, no torn line, one line naming path and errno', () => {
    const path = join(dir, 'verdicts.jsonl');
    writeFileSync(path, '{"key":"a"}\n');
    disk.mode = 'short';
    expect(() => appendLine(path, '{"key":"b","exact":true}')).toThrow(/^cannot write .*verdicts\.jsonl: wrote 0 of 25 bytes/);
    expect(readFileSync(path, 'utf8')).toBe('{"key":"a"}\n');
    disk.mode = 'ok';
    appendLine(path, '{"key":"b"}');
    expect(readFileSync(path, 'utf8')).toBe('{"key":"a"}\n{"key":"b"}\n');
  });
});
