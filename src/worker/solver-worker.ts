/**
 * The analysis module worker: the perfect solver (src/solver) with the
 * opening book fetched from public/, exposed with comlink as SolverApi.
 * The solver blocks the worker while it searches, so a newer request
 * reaches it through a shared Int32Array (when the page is cross-origin
 * isolated) that the solver polls; otherwise the time limit bounds it.
 */
import * as Comlink from 'comlink';
import { OpeningBook, Solver } from '../solver/index.js';
import type { Progress, SolverApi, SolverInfo, SolverInit, SolverResult, SolverWork } from './protocol.js';
import { analyzeColumns } from './solver-analysis.js';
import { releaseCallback } from './release.js';

let solver: Solver | null = null;
let cancel: Int32Array | null = null;
let newest = 0;

const latestId = () => (cancel ? Atomics.load(cancel, 0) : newest);

async function loadBook(url: string): Promise<{ book: OpeningBook | null; problem: string | null }> {
  try {
    const res = await fetch(url);
    if (!res.ok) return { book: null, problem: `no opening book at ${url} (HTTP ${res.status})` };
    // Single-page servers answer a missing file with index.html.
    if ((res.headers.get('content-type') ?? '').includes('text/html')) return { book: null, problem: `no opening book at ${url}` };
    return { book: OpeningBook.fromBytes(new Uint8Array(await res.arrayBuffer())), problem: null };
  } catch (e) {
    return { book: null, problem: `the opening book could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const api: SolverApi = {
  async init(opts: SolverInit): Promise<SolverInfo> {
    const t0 = performance.now();
    cancel = opts.cancel;
    solver = new Solver({ tableSize: opts.tableSize });
    const { book, problem } = opts.bookUrl ? await loadBook(opts.bookUrl) : { book: null, problem: 'no book configured' };
    solver.setBook(book);
    return { bookEntries: book?.size ?? 0, bookProblem: problem, loadMs: performance.now() - t0 };
  },

  async analyze(work: SolverWork, progress?: Progress<SolverResult>): Promise<SolverResult | null> {
    try {
      if (work.id > newest) newest = work.id;
      // Let queued messages (a newer request) in before a long synchronous search.
      await new Promise((r) => setTimeout(r, 0));
      if (!solver) throw new Error('the solver is not loaded');
      if (latestId() > work.id || newest > work.id) return null;
      return analyzeColumns(solver, work, {
        superseded: () => latestId() > work.id || newest > work.id,
        progress,
        now: () => performance.now(),
      });
    } finally {
      releaseCallback(progress);
    }
  },

  supersede(id: number): void {
    if (id > newest) newest = id;
  },
};

Comlink.expose(api);
