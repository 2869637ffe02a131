/**
 * Browser tests of the agent and the analysis: the broken-model paths
 * (missing file, corrupt file, a stalled download) and a stalled opening
 * book, with their messages and ways out (Retry), whole
 * games against the agent as first and as second player, undo against the
 * agent, the hint, and the solver's scores.
 *
 * The games use the network-free agent (MCTS with random playouts) so that
 * they run whether or not a model has been trained; the shipped model has
 * its own test, which plays with it when models/*.onnx exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TEST_MODEL_PATH, check } from './harness.mjs';
import { choosePlayers, ready } from './game.e2e.mjs';

const notation = async (page) => ((await page.getByTestId('notation').textContent()) ?? '').replace('—', '');
const status = async (page) => (await page.getByTestId('status').textContent()) ?? '';
const agentStatus = (page) => page.getByTestId('agent-panel').getAttribute('data-status');

async function waitAgentStatus(page, want, timeout = 30_000) {
  await page.waitForFunction(
    (w) => document.querySelector('[data-testid=agent-panel]')?.getAttribute('data-status') === w,
    want,
    { timeout },
  );
}

/** Switches to the network-free agent through the error panel's button. */
async function useRolloutAgent(page) {
  await page.getByTestId('agent-fallback').click();
  await waitAgentStatus(page, 'idle');
}

/**
 * Plays the player's side until the game ends: each turn the first playable
 * column of `prefs` (then any), alternating click and key. Returns the agent's reply times in ms.
 */
async function playOut(page, me, prefs) {
  const replies = [];
  for (let turn = 0; turn < 30; turn++) {
    if ((await page.getByTestId('result').count()) > 0) return replies;
    const n = (await notation(page)).length;
    const myTurn = (n % 2 === 0 ? 1 : 2) === me;
    check(myTurn, `expected the player's turn after ${n} moves`);
    let col = -1;
    for (const c of [...prefs, 1, 2, 3, 4, 5, 6, 7]) {
      const label = (await page.getByTestId(`column-${c}`).getAttribute('aria-label')) ?? '';
      if (!label.includes('not playable')) {
        col = c;
        break;
      }
    }
    check(col > 0, 'no playable column');
    const t0 = Date.now();
    if (turn % 2 === 0) await page.getByTestId(`column-${col}`).click();
    else await page.keyboard.press(String(col));
    // The agent answers (or the game ends with the player's move).
    await page.waitForFunction(
      (len) => {
        const t = document.querySelector('[data-testid=notation]')?.textContent?.replace('—', '') ?? '';
        return t.length >= len + 2 || document.querySelector('[data-testid=result]') !== null;
      },
      n,
      { timeout: 30_000 },
    );
    if ((await notation(page)).length >= n + 2) replies.push(Date.now() - t0);
  }
  throw new Error('the game did not end within 30 turns');
}

/**
 * Stalls every request matching `glob` (from the page or its workers): the
 * request is taken and never answered, as by a stalled server, until
 * `release()`, after which such requests go through.
 */
async function stall(page, glob) {
  let stalled = true;
  await page.route(glob, (route) => (stalled ? undefined : route.continue()));
  return {
    release() {
      stalled = false;
    },
  };
}

function shippedModels() {
  const dir = join(ROOT, 'models');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.onnx')) : [];
}

export const agentTests = [
  {
    name: 'a missing model file gives a clear message, retry and a way to play on',
    async run({ page, url, allow, screenshot }) {
      allow(/Failed to load resource.*404/);
      await page.goto(`${url}?model=/models/does-not-exist.onnx`);
      await ready(page);
      await waitAgentStatus(page, 'failed');
      const msg = (await page.getByTestId('agent-error').textContent()) ?? '';
      check(/Could not download the model .*(HTTP 404|not found)/.test(msg), `message: ${msg}`);
      await screenshot('agent-missing-model');
      // Retry goes through Loading and fails the same way, without an uncaught error.
      await page.getByTestId('agent-retry').click();
      await waitAgentStatus(page, 'failed');
      // The way out: the network-free agent plays.
      await useRolloutAgent(page);
      await page.keyboard.press('4');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 2);
    },
  },
  {
    name: 'a stalled model download fails after the timeout, with a Retry that loads the model once the server answers',
    async run({ page, url, screenshot }) {
      // The server takes the request and never answers, until `stalled` is cleared.
      const stalled = stall(page, `**${TEST_MODEL_PATH}`);
      // ?download-timeout-ms= shortens the page's download timeout (30 s by default, src/worker/skeleton.ts).
      await page.goto(`${url}?model=${TEST_MODEL_PATH}&download-timeout-ms=1500`);
      await ready(page);
      await waitAgentStatus(page, 'failed', 15_000);
      const msg = (await page.getByTestId('agent-error').textContent()) ?? '';
      check(/Could not download the model .*no whole file within 1\.5 s/.test(msg), `message: ${msg}`);
      await screenshot('agent-stalled-model');
      (await stalled).release();
      await page.getByTestId('agent-retry').click();
      await waitAgentStatus(page, 'idle', 60_000);
    },
  },
  {
    name: "a stalled download of onnxruntime-web's own wasm file fails after the timeout, with a Retry that starts the agent",
    async run({ page, url }) {
      // onnxruntime-web fetches its wasm itself when the first session is made, outside fetchAsset.
      const stalled = stall(page, '**/*.wasm');
      await page.goto(`${url}?model=${TEST_MODEL_PATH}&download-timeout-ms=1500`);
      await ready(page);
      // The download's 1.5 s and 10 s for compiling the wasm (src/worker/agent-worker.ts).
      await waitAgentStatus(page, 'failed', 30_000);
      const msg = (await page.getByTestId('agent-error').textContent()) ?? '';
      check(/Could not start the network's runtime .*not ready within 11\.5 s/.test(msg), `message: ${msg}`);
      (await stalled).release();
      await page.getByTestId('agent-retry').click();
      await waitAgentStatus(page, 'idle', 60_000);
    },
  },
  {
    name: 'a stalled opening-book download is reported under the analysis, with a Retry that loads the book',
    async run({ page, url }) {
      const stalled = stall(page, '**/book/book.bin');
      await page.goto(`${url}?pos=444444335511&download-timeout-ms=1500`);
      await ready(page);
      await choosePlayers(page, 'humans');
      await page.getByTestId('analysis-toggle').check();
      await page.getByTestId('book-problem').waitFor({ timeout: 15_000 });
      const msg = (await page.getByTestId('book-problem').textContent()) ?? '';
      check(/Could not download the opening book .*no whole file within 1\.5 s/.test(msg), `message: ${msg}`);
      (await stalled).release();
      await page.getByTestId('book-retry').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid=analysis-status]')?.textContent?.includes('Solved') && !document.querySelector('[data-testid=book-problem]'),
        undefined,
        { timeout: 60_000 },
      );
    },
  },
  {
    name: 'a corrupt model file gives a clear message',
    async run({ page, url }) {
      await page.goto(`${url}?model=/favicon.svg`);
      await ready(page);
      await waitAgentStatus(page, 'failed');
      const msg = (await page.getByTestId('agent-error').textContent()) ?? '';
      check(/corrupt or not an ONNX model/.test(msg), `message: ${msg}`);
      check((await page.getByTestId('board').count()) === 1, 'the board stays usable');
    },
  },
  {
    name: 'plays a whole game against the agent as first player, with undo and a hint',
    async run({ page, url, screenshot }) {
      await page.goto(`${url}?model=/missing.onnx`);
      await ready(page);
      await waitAgentStatus(page, 'failed').catch(() => {});
      await useRolloutAgent(page);
      // Hint first: the agent suggests a column for the player.
      await page.getByTestId('hint').click();
      await page.getByTestId('hint-text').waitFor();
      check((await notation(page)) === '', 'a hint must not play');
      await page.keyboard.press('4');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 2);
      // While the agent thinks the board is busy: wait for its reply, then undo takes back both moves.
      await page.getByTestId('undo').click();
      check((await notation(page)) === '', `undo against the agent takes back two moves: ${await notation(page)}`);
      const replies = await playOut(page, 1, [4, 3, 5]);
      const st = await status(page);
      check(/wins|Draw/.test(st), `the game ended: ${st}`);
      if (/wins/.test(st)) {
        const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
        check(/Red wins/.test(st) ? verdict === 'You win!' : verdict === 'The agent wins.', `verdict for "${st}": ${verdict}`);
      }
      console.log(`       agent replies (rollout agent): median ${replies.sort((a, b) => a - b)[replies.length >> 1]} ms over ${replies.length}`);
      await screenshot('game-vs-agent-first');
    },
  },
  {
    name: 'plays a whole game against the agent as second player',
    async run({ page, url }) {
      await page.goto(`${url}?model=/missing.onnx`);
      await ready(page);
      await waitAgentStatus(page, 'failed').catch(() => {});
      await useRolloutAgent(page);
      await choosePlayers(page, 'agent-first');
      // The agent opens.
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '').length === 1);
      await playOut(page, 2, [4, 3, 5]);
      check(/wins|Draw/.test(await status(page)), `the game ended: ${await status(page)}`);
    },
  },
  {
    name: 'the analysis shows solver scores for every column',
    async run({ page, url, screenshot }) {
      // 12 stones: near enough the end that the solver needs no book.
      await page.goto(`${url}?pos=444444335511`);
      await ready(page);
      await choosePlayers(page, 'humans');
      await page.getByTestId('analysis-toggle').check();
      await page.waitForFunction(
        () => document.querySelector('[data-testid=analysis-status]')?.textContent?.includes('Solved'),
        undefined,
        { timeout: 60_000 },
      );
      const marks = await page.locator('[data-testid^=mark-]').allTextContents();
      check(marks.length === 6, `one score per playable column (column 4 is full): ${marks}`);
      // Players' words under the columns; the raw score is in the hover text.
      check(marks.every((m) => /^(Win in \d+|Draw|Lose in \d+)$/.test(m)), `scores in words: ${marks}`);
      const title = (await page.getByTestId('mark-1').getAttribute('title')) ?? '';
      check(/solver score [+-]?\d+/.test(title), `hover text keeps the raw score: ${title}`);
      // The position's own verdict, in words, agrees with its best column.
      const verdict = ((await page.getByTestId('analysis-position').textContent()) ?? '').trim();
      const v = /^With best play Red \(to move\) (?:wins in (\d+)|draws|loses in (\d+))\.$/.exec(verdict);
      check(v !== null, `the position's verdict in words: ${verdict}`);
      const bestMark = v?.[1] ? `Win in ${v[1]}` : v?.[2] ? `Lose in ${v[2]}` : 'Draw';
      check(marks.includes(bestMark), `the verdict is the best column's: ${verdict} / ${marks}`);
      await screenshot('analysis');
      // A move updates the scores.
      await page.keyboard.press('3');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=analysis-status]')?.textContent?.includes('Solved'),
        undefined,
        { timeout: 60_000 },
      );
    },
  },
  {
    name: 'a position too hard for the time limit shows "still solving", then what was proven, never a bare "?"; a move supersedes it',
    async run({ page, url }) {
      // 117777: six edge moves, past the opening book's five stones (the
      // position and its columns), far too slow to solve in 2 s.
      await page.goto(`${url}?pos=117777`);
      await ready(page);
      await choosePlayers(page, 'humans');
      await page.getByTestId('analysis-toggle').check();
      await page.getByTestId('analysis-limit').selectOption('2');
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      const statusText = () => page.getByTestId('analysis-status').textContent();
      await page.waitForFunction(() => document.querySelector('[data-testid=analysis-status]')?.textContent?.includes('Still solving'));
      // A move while solving: the old analysis is dropped and the new position is solved (or times out) in its turn.
      await page.keyboard.press('6');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=analysis-status]')?.textContent?.includes('Only partly solved in 2 s'),
        undefined,
        { timeout: 30_000 },
      );
      const marks = await page.locator('[data-testid^=mark-]').allTextContents();
      check(marks.length === 7 && !marks.includes('?'), `no bare "?": ${marks}`);
      check(marks.some((m) => /^(Win|Loss|Draw|Draw or win|Draw or loss|Not solved)$/.test(m)), `unsolved columns show what was proven: ${marks}`);
      check((await notation(page)) === '1177776', 'the analysis is of the position on the board');
      check(/partly solved/.test((await statusText()) ?? ''), 'status');
    },
  },
  {
    name: 'the shipped model loads and answers',
    async run({ page, url, screenshot }) {
      const models = shippedModels();
      await page.goto(url);
      await ready(page);
      if (models.length === 0) {
        await waitAgentStatus(page, 'failed');
        const msg = (await page.getByTestId('agent-error').textContent()) ?? '';
        check(/No model has been shipped yet/.test(msg), `message without a model: ${msg}`);
        console.log('       (no models/*.onnx yet: checked the "no model" message instead)');
        return;
      }
      await waitAgentStatus(page, 'idle', 60_000);
      // The card's training curves are linked and served as an SVG.
      if (existsSync(join(ROOT, 'models', 'agent.curve.svg'))) {
        const href = await page.getByTestId('curves').getAttribute('href');
        const res = await page.request.get(new URL(href, url).href);
        check(res.ok() && (await res.text()).includes('<svg'), `training curves at ${href}: HTTP ${res.status()}`);
      }
      // A whole game at the default level with the shipped network.
      await page.getByTestId('gauge').waitFor();
      const replies = await playOut(page, 1, [4, 3, 5]);
      check(/wins|Draw/.test(await status(page)), `the game ended: ${await status(page)}`);
      const sorted = replies.sort((a, b) => a - b);
      console.log(`       shipped model (${models.join(', ')}): ${await status(page)}; replies median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms`);
      await screenshot('agent-model');
    },
  },
  {
    name: "one full game of the page's own agent (Maximum) against the page's own solver, agent first",
    async run({ page, url }) {
      if (shippedModels().length === 0) {
        console.log('       (no models/*.onnx yet: skipped, nothing to measure)');
        return;
      }
      // The measurement page of npm run match -- --web: the game's agent and solver workers, driven by a script.
      await page.goto(`${url}src/worker/match-page.html`);
      await page.waitForFunction(() => window.c4match !== undefined, null, { timeout: 60_000 });
      await page.evaluate(() => window.c4match.ready);
      const g = await page.evaluate(() => window.c4match.playGame(true, 1, 'max', 120_000));
      check(/^[1-7]+$/.test(g.moves), `moves ${g.moves}`);
      check(g.agentMs.length === Math.ceil(g.moves.length / 2), `one reply time per agent move: ${g.agentMs.length} for ${g.moves.length} plies`);
      // The shipped agent wins moving first, at ply 41 against perfect defence.
      check(g.winner === 1 && g.moves.length === 41, `agent first: winner ${g.winner} at ply ${g.moves.length} (${g.moves})`);
      const sorted = [...g.agentMs].sort((a, b) => a - b);
      console.log(`       page agent vs page solver: won at ply ${g.moves.length}; replies median ${Math.round(sorted[sorted.length >> 1])} ms, max ${Math.round(sorted.at(-1))} ms`);
    },
  },
];

export const onnxTests = [
  {
    name: 'an ONNX network loads in onnxruntime-web and the agent answers with it',
    async run({ page, url, screenshot }) {
      const t0 = Date.now();
      await page.goto(`${url}?model=${TEST_MODEL_PATH}`);
      await ready(page);
      await waitAgentStatus(page, 'idle', 60_000);
      const readyMs = Date.now() - t0;
      const model = (await page.getByTestId('agent-panel').textContent()) ?? '';
      check(model.includes(TEST_MODEL_PATH), `the panel names the model: ${model}`);
      // Maximum level, so that the agent is surely still thinking when the board is tried.
      await page.getByTestId('level').selectOption('max');
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('4');
      const t1 = Date.now();
      // While the agent thinks, the board says so and ignores clicks and keys.
      check((await page.getByTestId('board').getAttribute('aria-busy')) === 'true', 'the board is busy while the agent thinks');
      // The click and the key are tried, and the moves read, in one turn of the page (microtasks only, so that
      // Svelte applies any move they made): the agent's reply, a message from its worker, cannot come in between,
      // as it could between playwright's separate steps on a loaded machine (CI once saw the '2' played after the reply).
      const { during, stillThinking } = await page.evaluate(async () => {
        const busy = () => document.querySelector('[data-testid=board]')?.getAttribute('aria-busy') === 'true';
        const thinking = busy();
        document.querySelector('[data-testid=column-1]')?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true }));
        for (let i = 0; i < 10; i++) await Promise.resolve();
        return { during: document.querySelector('[data-testid=notation]')?.textContent ?? '', stillThinking: thinking && busy() };
      });
      // Only meaningful while the agent still thinks (1024 simulations take about a second here).
      if (stillThinking) check(during.replace('—', '') === '4', `moves while the agent thought must be ignored: ${during}`);
      else console.log('       (the agent answered before the board could be tried)');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').length === 2, undefined, {
        timeout: 30_000,
      });
      const replyMs = Date.now() - t1;
      await page.getByTestId('gauge').waitFor();
      const stats = (await page.getByTestId('agent-move-stats').textContent()) ?? '';
      // The agent searched its whole budget (or proved the result sooner, which an untrained net rarely does at move 2).
      check(/Its last move: 10\d\d positions looked at/.test(stats), `the maximum level searches 1024 simulations: ${stats}`);
      check(replyMs < 15_000, `the agent answered in ${replyMs} ms`);
      console.log(`       load to agent ready ${readyMs} ms; reply at the maximum level ${replyMs} ms; ${stats.trim()}`);
      await screenshot('agent-onnx');
    },
  },
  {
    name: 'a new game cancels the search in flight; the agent opens again when it plays first',
    async run({ page, url }) {
      await page.goto(`${url}?model=${TEST_MODEL_PATH}`);
      await ready(page);
      await waitAgentStatus(page, 'idle', 60_000);
      await page.getByTestId('level').selectOption('max');
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('4');
      await page.getByTestId('new-game').click();
      await waitAgentStatus(page, 'idle');
      await page.waitForTimeout(1500);
      check((await notation(page)) === '', `the cancelled search must not play into the new game: ${await notation(page)}`);
      // Agent first: it opens; a new game makes it open again (same position, new game).
      await page.getByTestId('level').selectOption('easy');
      await choosePlayers(page, 'agent-first');
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '').length === 1);
      await page.getByTestId('new-game').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid=notation]')?.textContent ?? '').replace('—', '').length === 1);
    },
  },
];
