#!/usr/bin/env node
/**
 * `npm run bench:web`: the browser figures in real Chromium, medians of
 * several runs (the machine is shared and noisy):
 *   - time from navigation to a playable agent (model loaded, status Ready),
 *     at a desktop size (1280 x 800) and a phone's (390 x 844);
 *   - the agent's reply time and simulations per second at each level;
 *   - wasm threads 1 vs 2 (cross-origin isolation makes threads possible);
 *   - our JavaScript gzipped (all built .js, onnxruntime's .wasm excluded).
 * Uses models/agent.onnx (or the shipped model) when present, else the
 * untrained 4x32 test network of the same architecture. Writes
 * tests/artifacts/bench-web.json. BENCH_RUNS=n sets the runs (default 3);
 * BENCH_ONLY=load measures only the time to a playable agent.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ARTIFACTS, ROOT, TEST_MODEL_PATH, buildIfNeeded, launchBrowser, prepareTestModel, startPreview } from './harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LEVELS = ['easy', 'medium', 'strong', 'max'];
/** The sizes the time to a playable agent is measured at. */
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

function bundleSize() {
  const dir = join(ROOT, 'dist/assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const rows = files.map((f) => {
    const b = readFileSync(join(dir, f));
    return { file: f, bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
  });
  return { files: rows, gzipTotal: rows.reduce((a, r) => a + r.gzip, 0) };
}

async function waitStatus(page, want) {
  await page.waitForFunction((w) => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') === w, want, {
    timeout: 120_000,
  });
}

/**
 * Milliseconds from navigation to the page being interactive (app mounted),
 * to a playable agent (its model loaded: the status leaves "Getting ready",
 * so it can answer a move) and to its first estimate of the position on
 * screen (the status back to Ready after that search).
 */
async function loadToReady(context, url, viewport = SIZES.desktop) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  const app = Date.now() - t0;
  await page.waitForFunction(() => !['loading', undefined, null].includes(document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status')), null, {
    timeout: 120_000,
    polling: 10,
  });
  const playable = Date.now() - t0;
  await waitStatus(page, 'idle');
  const agent = Date.now() - t0;
  await page.close();
  return { app, playable, agent };
}

/** Agent reply times at one level: the player opens 4, then answers in column order, for `moves` agent replies. */
async function replies(context, url, level, moves) {
  const page = await context.newPage();
  await page.goto(url);
  await waitStatus(page, 'idle');
  await page.getByTestId('level').selectOption(level);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const out = [];
  for (let i = 0; i < moves; i++) {
    const n = ((await page.getByTestId('notation').textContent()) ?? '').replace('—', '').length;
    if ((await page.getByTestId('result').count()) > 0) break;
    const col = [4, 3, 5, 2, 6, 1, 7][i % 7];
    const t0 = Date.now();
    await page.keyboard.press(String(col));
    await page.waitForFunction(
      (len) =>
        (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '').length >= len + 2 ||
        document.querySelector('[data-testid=result]') !== null,
      n,
      { timeout: 120_000 },
    );
    const ms = Date.now() - t0;
    const stats = (await page.getByTestId('agent-move-stats').textContent()) ?? '';
    const m = /(\d+) positions? looked at in (\d+) ms/.exec(stats);
    if (m && Number(m[1]) > 1) out.push({ ms, sims: Number(m[1]), searchMs: Number(m[2]) });
  }
  await page.close();
  return out;
}

/** Reply times and simulations/s at each level, and with 1 and 2 wasm threads, into `result`. */
async function levelsAndThreads(context, url, result) {
  result.levels = {};
  for (const level of LEVELS) {
    const r = [];
    for (let i = 0; i < RUNS; i++) r.push(...(await replies(context, url, level, level === 'max' ? 2 : 4)));
    result.levels[level] = {
      replyMs: median(r.map((x) => x.ms)),
      simulations: median(r.map((x) => x.sims)),
      simsPerSecond: Math.round(median(r.map((x) => (x.sims * 1000) / Math.max(1, x.searchMs)))),
      samples: r.length,
    };
    console.log(`level ${level}: ${JSON.stringify(result.levels[level])}`);
  }
  result.threads = {};
  for (const t of [1, 2]) {
    const sep = url.includes('?') ? '&' : '?';
    const r = [];
    for (let i = 0; i < RUNS; i++) r.push(...(await replies(context, `${url}${sep}threads=${t}`, 'max', 2)));
    result.threads[t] = { simsPerSecond: Math.round(median(r.map((x) => (x.sims * 1000) / Math.max(1, x.searchMs)))), samples: r.length };
    console.log(`threads ${t}: ${JSON.stringify(result.threads[t])}`);
  }
}

async function main() {
  buildIfNeeded();
  prepareTestModel();
  const shipped = readdirSync(join(ROOT, 'models')).filter((f) => f.endsWith('.onnx'));
  const modelParam = shipped.length ? '' : `?model=${TEST_MODEL_PATH}`;
  const modelName = shipped.length ? `models/${shipped.includes('agent.onnx') ? 'agent.onnx' : shipped.sort().at(-1)}` : `${TEST_MODEL_PATH} (untrained 4x32)`;
  const server = await startPreview();
  const browser = await launchBrowser();
  const result = { date: new Date().toISOString(), model: modelName, runs: RUNS, note: 'medians; 2 shared CPU cores, noisy' };
  try {
    const url = server.url + modelParam;
    // Each run is a fresh page on a warm HTTP cache (the first load below primes it).
    await loadToReady(browser.context, url);
    result.load = {};
    for (const [size, viewport] of Object.entries(SIZES)) {
      const ready = [];
      for (let i = 0; i < RUNS; i++) ready.push(await loadToReady(browser.context, url, viewport));
      result.load[size] = {
        viewport,
        interactiveMs: median(ready.map((r) => r.app)),
        playableAgentMs: median(ready.map((r) => r.playable)),
        firstEstimateMs: median(ready.map((r) => r.agent)),
      };
      const l = result.load[size];
      console.log(`${size} ${viewport.width}x${viewport.height}: interactive board ${l.interactiveMs} ms, playable agent ${l.playableAgentMs} ms, first estimate ${l.firstEstimateMs} ms`);
    }
    // The desktop figures under their old names, for readers of older records.
    result.loadToInteractiveMs = result.load.desktop.interactiveMs;
    result.loadToReadyMs = result.load.desktop.firstEstimateMs;
    if (process.env.BENCH_ONLY !== 'load') await levelsAndThreads(browser.context, url, result);
  } finally {
    await browser.close();
    server.stop();
  }
  result.bundle = bundleSize();
  if (process.env.BENCH_ONLY === 'load') result.note += '; load only';
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bench-web.json'), JSON.stringify(result, null, 2));
  for (const [size, l] of Object.entries(result.load)) console.log(`${size}: load to interactive board ${l.interactiveMs} ms; to a playable agent ${l.playableAgentMs} ms; to its first estimate ${l.firstEstimateMs} ms (medians of ${RUNS})`);
  console.log(`our JavaScript gzipped: ${(result.bundle.gzipTotal / 1024).toFixed(1)} KB (${result.bundle.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')})`);
  console.log('wrote tests/artifacts/bench-web.json');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
