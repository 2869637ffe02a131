/**
 * A solver module worker: the perfect solver (src/solver) with the opening
 * book fetched from public/, exposed with comlink as SolverApi. The page
 * runs several (solver-pool.ts), each answering one search at a time of
 * the analysis that analysis-plan.ts schedules. The solver blocks the
 * worker while it searches, so a newer request reaches it through a shared
 * Int32Array (when the page is cross-origin isolated) that the solver
 * polls; otherwise the search's time limit bounds it.
 */
import * as Comlink from 'comlink';
import { OpeningBook, Solver } from '../solver/index.js';
import { runJob } from './analysis-plan.js';
import type { RangeAnswer, RangeJob, SolverApi, SolverInfo, SolverInit } from './protocol.js';
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
    return { bookEntries: book?.size ?? 0, bookProblem: problem, loadMs: performance.now() - t0, workers: 1, tableSize: opts.tableSize };
  },

  range(id: number, moves: string, job: RangeJob): Promise<RangeAnswer | null> {
    return ids.run(id, undefined, (isCurrent) => {
      if (!solver) throw new Error('the solver is not loaded');
      const answer = runJob(solver, moves, job, () => !isCurrent());
      return isCurrent() ? answer : null;
    });
  },

  supersede(id: number): void {
    ids.supersede(id);
  },
};

Comlink.expose(api);
