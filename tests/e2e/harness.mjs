/**
 * The browser-test harness: builds the app when its sources are newer than
 * dist/, serves dist/ with `vite preview` on a free port, launches Debian's
 * Chromium through playwright-core with a fresh profile, and runs named
 * tests, each in its own page, failing any test whose page logs a console
 * error or throws. Plain ESM for Node, no test framework: the script owns
 * its server and browser so that `npm run test:e2e` needs nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's package. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Flags for a quiet, reproducible headless run in containers (root needs --no-sandbox). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Newest modification time under `path` (a file or a folder tree), 0 when absent. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

/** Runs `vite build` unless dist/ is newer than every input of the build. */
export function buildIfNeeded() {
  const inputs = ['src', 'public', 'models', 'index.html', 'vite.config.ts', 'package-lock.json'];
  // dist/index.html is written by every build (dist/e2e/ is not, so it must not count).
  const built = existsSync(join(ROOT, 'dist/index.html')) ? statSync(join(ROOT, 'dist/index.html')).mtimeMs : 0;
  const source = Math.max(...inputs.map((p) => newest(join(ROOT, p))));
  if (built > source && !process.env.E2E_FORCE_BUILD) {
    console.log('e2e: dist/ is up to date, not rebuilding');
    return;
  }
  console.log('e2e: building the app (vite build)');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed with status ${r.status}`);
}

/** URL path (under the preview server) of the untrained test network. */
export const TEST_MODEL_PATH = '/e2e/test-4x32.onnx';

/**
 * Puts an untrained 4x32 network (tests/e2e/make-test-model.ts) into
 * dist/e2e/, so the tests drive the real onnxruntime-web path whether or not
 * a trained model has been shipped. Generated once into tests/artifacts/.
 */
export function prepareTestModel() {
  const cached = join(ARTIFACTS, 'fixtures/test-4x32.onnx');
  if (!existsSync(cached)) {
    console.log('e2e: exporting an untrained 4x32 test network');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tests/e2e/make-test-model.ts'), cached], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('could not export the test network');
  }
  mkdirSync(join(ROOT, 'dist/e2e'), { recursive: true });
  copyFileSync(cached, join(ROOT, 'dist', TEST_MODEL_PATH));
}

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/** Starts `vite preview` (the built app) on a free port; resolves once it answers HTTP. */
export function startPreview() {
  return startVite(['preview']);
}

/** Starts the `vite` dev server on a free port (for the dev-mode smoke test). */
export function startDev() {
  return startVite([]);
}

async function startVite(command) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), ...command, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited early:\n${log}`);
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite did not answer on ${url} within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { url, stop: () => child.kill() };
}

/** Launches Chromium with a fresh user-data dir; returns the context and a cleanup. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'c4-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 860 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Vite's dev client announcing its own connection: the dev server's words, not the page's. */
const VITE_CLIENT = /^\[vite\] (connecting|connected)/;

/**
 * A new page that records every console message (any level: a player's
 * console stays silent) and page errors. `problems()` lists them; tests may
 * expect some with `allow(regex)` (for example the 404 of a deliberately
 * missing model).
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const seen = [];
  const allowed = [];
  page.on('console', (m) => {
    if (!VITE_CLIENT.test(m.text())) seen.push(`console.${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  return {
    page,
    allow(re) {
      allowed.push(re);
    },
    problems() {
      return seen.filter((s) => !allowed.some((re) => re.test(s)));
    },
  };
}

/** Saves a full-page screenshot as tests/artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  // animations: 'disabled' fast-forwards the drop so the picture shows where discs land.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Throws with `message` unless `cond`. */
/** Starts the review of the game on screen at a 2 s limit per position and waits until it has judged every move. */
export async function reviewWholeGame(page) {
  await page.getByTestId('review-start').click();
  await page.getByTestId('analysis-limit').selectOption('2');
  await page.waitForFunction(
    () => {
      const p = document.querySelector('[data-testid=review-progress]');
      return p && p.getAttribute('data-judged') === p.getAttribute('data-total') && p.getAttribute('data-working') === 'false';
    },
    undefined,
    { timeout: 90_000 },
  );
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Runs each test in a fresh page against `url`; returns { passed, failed }.
 * A test is `{ name, run({ page, url, allow, screenshot }) }`.
 */
export async function runTests(tests, { context, url, only, suite = '' }) {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !`${suite} ${t.name}`.includes(only)) continue;
    const started = Date.now();
    const w = await watchedPage(context);
    try {
      await t.run({ page: w.page, url, allow: w.allow, screenshot: (n) => screenshot(w.page, n) });
      // Let late errors (workers, animations) surface before judging.
      await w.page.waitForTimeout(100);
      const problems = w.problems();
      if (problems.length) throw new Error(`the page reported errors:\n  ${problems.join('\n  ')}`);
      passed++;
      console.log(`  ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${t.name} (${Date.now() - started} ms)\n       ${String(e?.stack ?? e).split('\n').join('\n       ')}`);
      try {
        await screenshot(w.page, `FAILED-${t.name.replace(/[^a-z0-9]+/gi, '-')}`);
      } catch {
        // The page may be gone.
      }
    } finally {
      // Saved preferences (localStorage) must not leak from one test into the next.
      await w.page.evaluate(() => localStorage.clear()).catch(() => {});
      await w.page.close();
    }
  }
  return { passed, failed };
}

/**
 * Builds the app if needed, serves it and opens the measurement page
 * (src/worker/match-page.html: the game's own workers, `window.c4match`),
 * runs `body(page)`, then closes everything. Errors the page reports fail
 * the run. `query` is added to its address (e.g. "solver-workers=1").
 * Used by `match --web`, `bench:analysis` and `bench:ort`.
 */
export async function withMeasurementPage(body, query = '') {
  buildIfNeeded();
  const server = await startPreview();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}src/worker/match-page.html${query ? `?${query}` : ''}`);
    await page.waitForFunction(() => window.c4match !== undefined, null, { timeout: 60_000 });
    const out = await body(page);
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    return out;
  } finally {
    await browser.close();
    server.stop();
  }
}
