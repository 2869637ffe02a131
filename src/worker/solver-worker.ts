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
import { fetchAsset, WorkIds } from './skeleton.js';

let solver: Solver | null = null;
/** A newer request supersedes the search in progress; the page's shared cancel word reaches it while it blocks. */
let ids = new WorkIds();

async function loadBook(url: string, downloadTimeoutMs?: number): Promise<{ book: OpeningBook | null; problem: string | null }> {
  try {
    return { book: OpeningBook.fromBytes(await fetchAsset(url, 'the opening book', downloadTimeoutMs)), problem: null };
  } catch (e) {
    return { book: null, problem: e instanceof Error ? e.message : String(e) };
  }
}

const api: SolverApi = {
  async init(opts: SolverInit): Promise<SolverInfo> {
    const t0 = performance.now();
    const cancel = opts.cancel;
    ids = new WorkIds(cancel ? () => Atomics.load(cancel, 0) : undefined);
    solver = new Solver({ tableSize: opts.tableSize });
    const { book, problem } = opts.bookUrl ? await loadBook(opts.bookUrl, opts.downloadTimeoutMs) : { book: null, problem: 'no book configured' };
    solver.setBook(book);
    return { bookEntries: book?.size ?? 0, bookProblem: problem, loadMs: performance.now() - t0 };
  },

  analyze(work: SolverWork, progress?: Progress<SolverResult>): Promise<SolverResult | null> {
    return ids.run(work.id, progress, (isCurrent) => {
      if (!solver) throw new Error('the solver is not loaded');
      return analyzeColumns(solver, work, { superseded: () => !isCurrent(), progress, now: () => performance.now() });
    });
  },

  supersede(id: number): void {
    ids.supersede(id);
  },
};

Comlink.expose(api);
