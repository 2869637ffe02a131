/**
 * The two engines' drivers for EngineClient: how to start each engine's
 * workers (one agent, a pool of solvers), load them, run work and supersede it. Browser-only (they create Workers).
 */
import * as Comlink from 'comlink';
import type { EngineDriver } from './client.js';
import type { AgentApi, AgentBackend, AgentInfo, AgentResult, AgentWork, SolverApi, SolverInfo, SolverInit, SolverResult, SolverWork } from './protocol.js';
import { SolverPool, workerTableSize, type PoolMember } from './solver-pool.js';
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

export interface SolverDriverOptions extends Omit<SolverInit, 'cancel' | 'tableSize'> {
  /** Solver workers to start (poolSize of solver-pool.ts); those that fail to start are left out. */
  workers: number;
}

/**
 * The analysis on a pool of solver workers (solver-pool.ts), each with a
 * table of workerTableSize slots. Loading fails only when no worker starts;
 * a worker that fails later is terminated and the pool goes on without it.
 */
export function solverDriver(opts: SolverDriverOptions, onInfo: (i: SolverInfo) => void): EngineDriver<SolverRequest, SolverResult> {
  let handles: WorkerHandle<SolverApi>[] = [];
  let pool: SolverPool | null = null;
  let newest = 0;
  // With cross-origin isolation a shared word carries the newest id into every busy solver at once.
  const cancel = globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const { workers, ...init } = opts;
  return {
    async load() {
      const tableSize = workerTableSize(workers);
      const started = Array.from(
        { length: workers },
        (_, i) => new WorkerHandle<SolverApi>(() => new Worker(new URL('./solver-worker.ts', import.meta.url), { type: 'module', name: `solver ${i + 1}` })),
      );
      handles = started;
      const loads = await Promise.allSettled(started.map((h) => h.call((api) => api.init({ ...init, tableSize, cancel }))));
      const ok = started.filter((_, i) => loads[i].status === 'fulfilled');
      for (const h of started) if (!ok.includes(h)) h.terminate();
      const first = loads.find((l) => l.status === 'fulfilled');
      if (!first || first.status !== 'fulfilled') throw (loads[0] as PromiseRejectedResult).reason;
      handles = ok;
      const members = new Map<PoolMember, WorkerHandle<SolverApi>>(ok.map((h) => [{ range: (id, moves, job) => h.call((api) => api.range(id, moves, job)) }, h]));
      pool = new SolverPool([...members.keys()], (m) => members.get(m)?.terminate());
      onInfo({ ...first.value, workers: ok.length, tableSize });
    },
    async run(id, work, progress) {
      if (!pool) throw new Error('the solver is not loaded');
      try {
        return await pool.analyze({ ...work, id }, { superseded: () => newest > id, progress, now: () => performance.now() });
      } finally {
        // An analysis can end (every column solved) while a worker still searches for it (the position):
        // stop that search now, not at its time limit, so the next analysis has every worker. The next id is
        // at least id + 1, so it is not stopped by this.
        if (cancel && Atomics.load(cancel, 0) <= id) Atomics.store(cancel, 0, id + 1);
      }
    },
    supersede(id) {
      newest = Math.max(newest, id);
      if (cancel) Atomics.store(cancel, 0, id);
      for (const h of handles) void h.api.supersede(id);
    },
    destroy() {
      for (const h of handles) h.terminate();
      handles = [];
      pool = null;
    },
  };
}
