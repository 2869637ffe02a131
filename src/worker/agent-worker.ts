/**
 * The agent's module worker: the shipped ONNX model in onnxruntime-web
 * (wasm) behind the MCTS evaluator, exposed with comlink as AgentApi.
 * Loading errors are turned into messages for people (missing file, not an
 * ONNX model, wrong outputs); searches run in slices so that a newer
 * request supersedes an older one within one slice (./skeleton.ts).
 */
import * as Comlink from 'comlink';
import { Position } from '../engine/index.js';
import { RolloutEvaluator, type Evaluator } from '../mcts/index.js';
import { Agent } from '../agent/agent.js';
import { agentEvaluator } from '../agent/evaluators.js';
import { OnnxEvaluator } from '../nn/onnx-evaluator.js';
import { modelSearchHints } from '../nn/model-metadata.js';
import { createWebSession } from '../nn/web-session.js';
import { SLICE, searchInSlices } from './agent-search.js';
import { DOWNLOAD_TIMEOUT_MS, fetchAsset, StartTimeoutError, withinTime, WorkIds, yieldNow } from './skeleton.js';

/** Beyond the download timeout, how long onnxruntime-web may take to compile its wasm and make the session (ms). */
const WASM_START_ALLOWANCE_MS = 10_000;
import type { AgentApi, AgentBackend, AgentInfo, AgentResult, AgentWork, Progress } from './protocol.js';

let evaluator: Evaluator | null = null;
/** The agent whose tree follows the game on screen (tree reuse between replies). */
let agent: Agent | null = null;
const ids = new WorkIds();

async function loadOnnx(modelUrl: string, threads: number, downloadTimeoutMs?: number): Promise<{ evaluator: Evaluator; bytes: number }> {
  const bytes = await fetchAsset(modelUrl, 'the model', downloadTimeoutMs);
  let session;
  try {
    // The download's time plus compiling the wasm, which takes seconds on a loaded machine: only a stall runs past it.
    const startMs = (downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS) + WASM_START_ALLOWANCE_MS;
    session = await withinTime(createWebSession(bytes, { threads }), "the network's runtime (onnxruntime-web's wasm files)", startMs);
  } catch (e) {
    if (e instanceof StartTimeoutError) throw e;
    throw new Error(`The model file (${modelUrl}) is corrupt or not an ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ev = new OnnxEvaluator(session);
  // One evaluation proves that the model speaks our input/output contract.
  try {
    const [r] = await ev.evaluate([new Position()]);
    if (!(Math.abs(r.value) <= 1) || r.policy.some((p) => !(p >= 0))) throw new Error('outputs out of range');
  } catch (e) {
    await ev.dispose();
    throw new Error(`The model (${modelUrl}) does not fit this game: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The agent the matches and error rates measure: the same evaluator stack (mirror averaging, cache).
  return { evaluator: agentEvaluator(ev, modelSearchHints(bytes)), bytes: bytes.length };
}

const api: AgentApi = {
  async init(backend: AgentBackend): Promise<AgentInfo> {
    const t0 = performance.now();
    await evaluator?.dispose?.();
    evaluator = null;
    agent = null;
    if (backend.kind === 'rollout') {
      evaluator = new RolloutEvaluator(backend.rollouts);
      agent = new Agent(evaluator, { budget: { sims: 1 }, slice: SLICE });
      return { backend: 'rollout', modelBytes: 0, threads: 1, loadMs: performance.now() - t0 };
    }
    const threads = self.crossOriginIsolated ? backend.threads : 1;
    const loaded = await loadOnnx(backend.modelUrl, threads, backend.downloadTimeoutMs);
    evaluator = loaded.evaluator;
    agent = new Agent(evaluator, { budget: { sims: 1 }, slice: SLICE });
    return { backend: 'onnx', modelBytes: loaded.bytes, threads, loadMs: performance.now() - t0 };
  },

  think(work: AgentWork, progress?: Progress<AgentResult>): Promise<AgentResult | null> {
    return ids.run(work.id, progress, (isCurrent) => {
      if (!agent) throw new Error('the agent is not loaded');
      return searchInSlices(work.fresh ? agent.evaluator : agent, work, { isCurrent, yieldNow, progress, progressMs: work.progressMs, now: () => performance.now() });
    });
  },

  supersede(id: number): void {
    ids.supersede(id);
  },
};
Comlink.expose(api);
