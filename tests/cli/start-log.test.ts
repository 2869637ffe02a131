/**
 * What `npm start` prints: its `vite build` and `vite preview` run without
 * a word from vite-plugin-svelte (issue 29: "no Svelte config found", which
 * svelte.config.js silences) and without any other warning. The build goes
 * to a temporary folder, so dist/ (the browser tests' copy) is left alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const OUT = mkdtempSync(join(tmpdir(), 'c4-start-log-'));

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

/** Lines a quiet start must not print: the plugin's notes and any warning. */
const NOISE = [/\[vite-plugin-svelte\]/, /no Svelte config found/i, /warn/i];

function noise(log: string): string[] {
  return log.split('\n').filter((line) => NOISE.some((re) => re.test(line)));
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => res(port));
    });
  });
}

/** Runs `vite preview` of OUT until it answers HTTP (or 30 s pass) and returns what it printed. */
async function previewLog(): Promise<{ log: string; answered: boolean }> {
  const port = await freePort();
  const child = spawn(process.execPath, [VITE, 'preview', '--outDir', OUT, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let answered = false;
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && child.exitCode === null; ) {
      try {
        answered = (await fetch(`http://127.0.0.1:${port}/`)).ok;
        if (answered) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } finally {
    child.kill();
  }
  return { log, answered };
}

describe('npm start prints no warnings', () => {
  test('vite build, as npm start runs it: no "no Svelte config found", no warning', () => {
    const r = spawnSync(process.execPath, [VITE, 'build', '--outDir', OUT, '--emptyOutDir'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(noise(r.stdout + r.stderr)).toEqual([]);
  });

  test('vite preview of that build: no "no Svelte config found", no warning', async () => {
    const { log, answered } = await previewLog();
    expect(answered).toBe(true);
    expect(noise(log)).toEqual([]);
  });
});
