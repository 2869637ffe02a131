/**
 * The two engines' drivers for EngineClient: how to start each worker, load
 * it, run work and supersede it. Browser-only (they create Workers).
 */
import * as Comlink from 'comlink';
import type { EngineDriver } from './client.js';
import type { AgentApi, AgentBackend, AgentInfo, AgentResult, AgentWork, SolverApi, SolverInfo, SolverInit, SolverResult, SolverWork } from './protocol.js';
import { WorkerHandle } from './worker-handle.js';

/** Work as the UI gives it: the client adds the id. */
export type AgentRequest = Omit<AgentWork, 'id'>;
export type SolverRequest = Omit<SolverWork, 'id'>;

export function agentDriver(backend: () => AgentBackend, onInfo: (i: AgentInfo) => void): EngineDriver<AgentRequest, AgentResult> {
  let handle: WorkerHandle<AgentApi> | null = null;
  return {
    async load() {
      handle = new WorkerHandle<AgentApi>(() => new Worker(new URL('./agent-worker.ts', import.meta.url), { type: 'module', name: 'agent' }));
      onInfo(await handle.call((api) => api.init(backend())));
    },
    run(id, work, progress) {
      if (!handle) return Promise.reject(new Error('the agent is not loaded'));
      return handle.call((api) => api.think({ ...work, id }, Comlink.proxy(progress)));
    },
    supersede(id) {
      void handle?.api.supersede(id);
    },
    destroy() {
      handle?.terminate();
      handle = null;
    },
  };
}

export type SolverDriverOptions = Omit<SolverInit, 'cancel'>;

export function solverDriver(opts: SolverDriverOptions, onInfo: (i: SolverInfo) => void): EngineDriver<SolverRequest, SolverResult> {
  let handle: WorkerHandle<SolverApi> | null = null;
  // With cross-origin isolation a shared word carries the newest id into the busy solver at once.
  const cancel = globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  return {
    async load() {
      handle = new WorkerHandle<SolverApi>(() => new Worker(new URL('./solver-worker.ts', import.meta.url), { type: 'module', name: 'solver' }));
      onInfo(await handle.call((api) => api.init({ ...opts, cancel })));
    },
    run(id, work, progress) {
      if (!handle) return Promise.reject(new Error('the solver is not loaded'));
      return handle.call((api) => api.analyze({ ...work, id }, Comlink.proxy(progress)));
    },
    supersede(id) {
      if (cancel) Atomics.store(cancel, 0, id);
      void handle?.api.supersede(id);
    },
    destroy() {
      handle?.terminate();
      handle = null;
    },
  };
}
