import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { fetchAsset, WorkIds } from '../../src/worker/skeleton.js';

describe('worker skeleton: WorkIds', () => {
  test('a newer request supersedes the work in progress, an older one never runs', async () => {
    const ids = new WorkIds();
    const seen: string[] = [];
    const first = ids.run(1, undefined, async (isCurrent) => {
      seen.push('1 starts');
      while (isCurrent()) await new Promise((r) => setTimeout(r, 1));
      seen.push('1 stops');
      return null;
    });
    await new Promise((r) => setTimeout(r, 5));
    const second = ids.run(2, undefined, () => 'two');
    const stale = ids.run(1, undefined, () => 'stale');
    expect(await Promise.all([first, second, stale])).toEqual([null, 'two', null]);
    expect(seen).toEqual(['1 starts', '1 stops']);
  });

  test('reads the shared cancel word while the work blocks', async () => {
    let word = 0;
    const ids = new WorkIds(() => word);
    const out = ids.run(3, undefined, (isCurrent) => {
      const before = isCurrent();
      word = 4; // the page wrote a newer id
      return [before, isCurrent()];
    });
    expect(await out).toEqual([true, false]);
  });

  test('supersede() without a new request stops the work too', async () => {
    const ids = new WorkIds();
    ids.supersede(7);
    expect(await ids.run(6, undefined, () => 'ran')).toBeNull();
    expect(await ids.run(7, undefined, () => 'ran')).toBe('ran');
  });
});

/** A local server whose answer `answer` chooses per test; `stall` never answers (a stalled download). */
async function withServer(answer: (res: ServerResponse) => void, body: (url: string) => Promise<void>): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => answer(res));
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}/model.onnx`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
}

/** The timeout for downloads that do arrive: long enough for a loaded CI machine (CI once took over 0.2 s). */
const ANSWER_MS = 4000;

describe('worker skeleton: fetchAsset', () => {
  test.each<[string, (res: ServerResponse) => void, RegExp]>([
    ['no answer at all', () => {}, /^Could not download the model \(.*\): no whole file within 0\.2 s/],
    ['the headers, then a stall in the body', (res) => (res.writeHead(200, { 'content-length': '100' }), res.write('half')), /^Could not download the model \(.*\): no whole file within 0\.2 s/],
    ['HTTP 404', (res) => (res.writeHead(404, 'Not Found'), res.end()), /HTTP 404 Not Found$/],
    ['a web page instead of the file', (res) => (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html>')), /the server sent a web page instead/],
    ['an empty file', (res) => (res.writeHead(200), res.end()), /^The model \(.*\) is an empty file$/],
  ])('%s: fails with a message for people, within the timeout', { timeout: 5000 }, async (_name, answer, message) => {
    // Only the stalls need the short timeout; the answers that arrive get a slow machine's margin.
    const stalls = message.source.includes('within');
    await withServer(answer, async (url) => {
      await expect(fetchAsset(url, 'the model', stalls ? 200 : ANSWER_MS)).rejects.toThrow(message);
    });
  });

  test('a whole file is returned', async () => {
    await withServer(
      (res) => (res.writeHead(200, { 'content-type': 'application/octet-stream' }), res.end(Buffer.from([1, 2, 3]))),
      async (url) => expect(await fetchAsset(url, 'the model', ANSWER_MS)).toEqual(new Uint8Array([1, 2, 3])),
    );
  });
});
