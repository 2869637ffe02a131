import { describe, expect, test, vi } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import { RolloutEvaluator } from '../../src/mcts/index.js';
import { UniformEvaluator } from '../../src/nn/uniform.js';
import { Solver } from '../../src/solver/index.js';
import { searchInSlices, type WorkerSearchHooks } from '../../src/worker/agent-search.js';
import { EngineClient, type EngineDriver } from '../../src/worker/client.js';
import type { AgentResult, SolverResult, SolverWork } from '../../src/worker/protocol.js';
import { positionRange } from '../../src/worker/analysis-bounds.js';
import { runJob } from '../../src/worker/analysis-plan.js';
import { SolverPool, type PoolHooks, type PoolMember } from '../../src/worker/solver-pool.js';
import type { EngineState } from '../../src/worker/status.js';

/** Hooks with a fake clock that advances 10 ms per call, so progress timing is deterministic. */
function hooks(over: Partial<WorkerSearchHooks> = {}): WorkerSearchHooks {
  let t = 0;
  return { isCurrent: () => true, yieldNow: () => Promise.resolve(), progressMs: 0, now: () => (t += 10), ...over };
}

describe('agent search in slices', () => {
  test.each([
    // moves, simulations, expected best column (0-6) or -1 = any legal
    ['121212', 64, 0], // Red wins at once in column 1
    ['1212123', 64, 1], // Yellow to move wins at once in column 2 (rather than blocking column 1)
    ['1212133', 64, 0], // Yellow must block Red's three in column 1
    ['', 64, -1],
    ['4453', 100, -1],
  ])('%j with %d simulations', async (moves, sims, best) => {
    const r = await searchInSlices(new RolloutEvaluator(4, 3), { id: 1, moves, simulations: sims, progressMs: 0 }, hooks());
    expect(r).not.toBeNull();
    if (!r) return;
    expect(r.final).toBe(true);
    const pos = parseMoves(moves);
    expect(pos.canPlay(r.best)).toBe(true);
    if (best >= 0) expect(r.best).toBe(best);
    const total = r.visitShare.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 5);
    // Either the full budget was searched or the MCTS-solver proved the root.
    expect(r.simulations >= sims || r.proven !== null).toBe(true);
    expect(Math.abs(r.netValue)).toBeLessThanOrEqual(1);
  });

  test('a finished game returns no move', async () => {
    const r = await searchInSlices(new UniformEvaluator(), { id: 3, moves: '4545454', simulations: 10, progressMs: 0 }, hooks());
    expect(r?.best).toBe(-1);
    expect(r?.simulations).toBe(0);
  });

  test('a superseded search stops after the slice in flight and returns null', async () => {
    const ev = new UniformEvaluator();
    let slices = 0;
    const r = await searchInSlices(
      ev,
      { id: 1, moves: '', simulations: 10_000, progressMs: 0 },
      hooks({ isCurrent: () => slices < 2, yieldNow: async () => void slices++ }),
    );
    expect(r).toBeNull();
    expect(slices).toBe(2);
    // Two slices of 32 simulations, not 10,000.
    expect(ev.calls).toBeLessThan(100);
  });

  test('progress reports come while searching, and are not final', async () => {
    const seen: AgentResult[] = [];
    const r = await searchInSlices(
      new UniformEvaluator(),
      { id: 7, moves: '44', simulations: 400, progressMs: 15 },
      hooks({ progress: (p) => seen.push(p), progressMs: 15 }),
    );
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => !p.final && p.id === 7)).toBe(true);
    expect(seen.map((p) => p.simulations)).toEqual([...seen.map((p) => p.simulations)].sort((a, b) => a - b));
    expect(r?.final).toBe(true);
  });
});

/** A pool member on an in-process solver, answering after a tick as a worker would; `newest` is the page's newest id. */
function inProcess(solver: Solver, newest: () => number = () => 0): PoolMember {
  return {
    async range(id, moves, job) {
      await new Promise((r) => setTimeout(r, 0));
      if (newest() > id) return null;
      return runJob(solver, moves, job, () => newest() > id);
    },
  };
}

/** The analysis of `work` on one in-process solver (the single-worker pool) or several. */
function analyse(solvers: Solver | Solver[], w: SolverWork, over: Partial<PoolHooks> = {}): Promise<SolverResult | null> {
  const members = (Array.isArray(solvers) ? solvers : [solvers]).map((s) => inProcess(s));
  return new SolverPool(members).analyze(w, { superseded: () => false, now: () => performance.now(), ...over });
}

describe('solver analysis column by column', () => {
  const solver = new Solver({ tableSize: 1 << 16 });
  const work = (moves: string, timeLimitMs = 60_000, id = 1): SolverWork => ({ id, moves, timeLimitMs });

  test.each([
    ['444444335511', 1],
    ['4444443355', 1],
    ['3344553444', 1],
    ['351617122645211142732334', 1],
    ['351617122645211142732334576424774376365', 1],
    ['444444335511', 3],
    ['3344553444', 2],
    ['351617122645211142732334', 4],
  ])('agrees with Solver.analyze on %j (%i workers)', async (moves, workers) => {
    const solvers = Array.from({ length: workers }, () => new Solver({ tableSize: 1 << 16 }));
    const r = await analyse(solvers, work(moves));
    expect(r).not.toBeNull();
    if (!r) return;
    const pos = parseMoves(moves);
    expect(r.scores).toEqual(solver.analyze(pos));
    expect(r.complete).toBe(true);
    expect(r.solved).toEqual(Array.from({ length: 7 }, (_, c) => pos.canPlay(c)));
  });

  test('a finished game has no scores', async () => {
    const r = await analyse(solver, work('4545454'));
    expect(r?.scores).toEqual([null, null, null, null, null, null, null]);
    expect(r?.complete).toBe(false);
  });

  test('progress after the position, then after each column; the position bounds every column', async () => {
    const seen: SolverResult[] = [];
    const moves = '444444335511';
    await analyse(solver, work(moves), { progress: (p) => seen.push(p) });
    // First the position itself, solved exactly: the best of its columns, and a cap on every column.
    const scores = solver.analyze(parseMoves(moves));
    const exact = Math.max(...(scores.filter((s) => s !== null) as number[]));
    expect(seen[0].position).toEqual([exact, exact]);
    for (const b of seen[0].bounds) if (b) expect(b[1]).toBeLessThanOrEqual(exact);
    // Then at most two searches per playable column (outcome, exact).
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(seen.length).toBeLessThanOrEqual(13);
    expect(seen.at(-1)!.solved).toEqual([true, true, true, false, true, true, true]);
    expect(seen.at(-1)!.position).toEqual([exact, exact]);
  });

  test.each<[string, [number, number] | null, ([number, number] | null)[], [number, number]]>([
    // The empty board: scores from -21 to 21.
    ['nothing searched, nothing known', null, [null, null, null, null, null, null, null], [-21, 21]],
    ['one winning column proves a win', null, [null, null, [2, 5], null, null, null, null], [2, 21]],
    ['every column bounded', null, [[-3, -1], [-2, 0], [-5, -5], [-4, -2], [-9, -1], [-3, -3], [-1, -1]], [-1, 0]],
    ['the position search narrows the columns', [0, 3], [[-3, -1], [-2, 0], [-5, -5], [-4, -2], [-9, -1], [-3, -3], [-1, -1]], [0, 0]],
    ['the columns narrow the position search', [-18, 18], [null, null, [4, 4], null, null, null, null], [4, 18]],
  ])('positionRange: %s', (_name, searched, bounds, expected) => {
    expect(positionRange(searched, bounds, parseMoves(''))).toEqual(expected);
  });

  test('a superseded analysis returns null', async () => {
    let calls = 0;
    const r = await analyse(solver, work('444444335511'), { superseded: () => ++calls > 2 });
    expect(r).toBeNull();
  });

  test('the time limit gives back what was solved, marked timed out', async () => {
    // An early position without a book: far too hard for 30 ms.
    const r = await analyse(new Solver({ tableSize: 1 << 16 }), work('4', 30));
    expect(r?.timedOut).toBe(true);
    expect(r?.complete).toBe(false);
    // Whatever was proven holds the exact scores (TRAINING-NOTES: after 4, -4 -2 -2 -1 -2 -2 -4).
    const exact = [-4, -2, -2, -1, -2, -2, -4];
    r!.bounds.forEach((b, c) => {
      if (b === null) return;
      expect(b[0]).toBeLessThanOrEqual(exact[c]);
      expect(b[1]).toBeGreaterThanOrEqual(exact[c]);
    });
  });

  test.each([
    // Pons' L2_R2-like middle positions: hard to solve exactly in a few ms, their outcome much easier.
    ['3344553444', 5, 1],
    ['4444443355', 5, 1],
    ['351617122645', 5, 1],
    ['3344553444', 5, 2],
    ['351617122645', 5, 3],
  ])('with a short limit (%j, %i ms, %i workers) every bound holds the exact score', async (moves, ms, workers) => {
    const pos = parseMoves(moves);
    const exact = new Solver({ tableSize: 1 << 20 }).analyze(pos);
    const solvers = Array.from({ length: workers }, () => new Solver({ tableSize: 1 << 18 }));
    const r = (await analyse(solvers, work(moves, ms)))!;
    r.bounds.forEach((b, c) => {
      if (b === null) return expect(pos.canPlay(c) && !r.timedOut).toBe(false);
      expect(b[0]).toBeLessThanOrEqual(exact[c]!);
      expect(b[1]).toBeGreaterThanOrEqual(exact[c]!);
      if (r.solved[c]) expect(r.scores[c]).toBe(exact[c]);
    });
    // The position's range holds its exact score (the best column's).
    const best = Math.max(...(exact.filter((s) => s !== null) as number[]));
    expect([r.position![0] <= best, r.position![1] >= best]).toEqual([true, true]);
  });
});

/** A real in-process engine: the single-worker solver pool behind the EngineDriver interface. */
function solverDriverInProcess(failFirstLoad: boolean): EngineDriver<Omit<SolverWork, 'id'>, SolverResult> {
  let newest = 0;
  let loads = 0;
  const pool = new SolverPool([inProcess(new Solver({ tableSize: 1 << 16 }), () => newest)]);
  return {
    async load() {
      if (failFirstLoad && loads++ === 0) throw new Error('could not fetch the book');
    },
    async run(id, w) {
      await new Promise((r) => setTimeout(r, 5));
      return pool.analyze({ ...w, id }, { superseded: () => newest > id, now: () => performance.now() });
    },
    supersede(id) {
      newest = Math.max(newest, id);
    },
    destroy() {},
  };
}

describe('EngineClient: the newest request wins', () => {
  const settle = () => new Promise((r) => setTimeout(r, 60));
  /** Waits for the client to answer: a loaded machine can take far longer than `settle`. */
  const answered = (client: EngineClient<Omit<SolverWork, 'id'>, SolverResult>) =>
    vi.waitFor(() => expect([client.snapshot.status, client.snapshot.final]).toEqual(['idle', true]), {
      timeout: 10_000,
      interval: 20,
    });

  test('two quick requests: only the second answer is shown', async () => {
    const states: EngineState<SolverResult>[] = [];
    const client = new EngineClient(solverDriverInProcess(false), (s) => states.push(s));
    await settle();
    client.start({ moves: '444444335511', timeLimitMs: 10_000 });
    client.start({ moves: '4444443355', timeLimitMs: 10_000 });
    await answered(client);
    const last = client.snapshot;
    expect(last.status).toBe('idle');
    expect(last.result?.moves).toBe('4444443355');
    expect(states.some((s) => s.result?.moves === '444444335511')).toBe(false);
    client.destroy();
  });

  test('a failed load shows Failed; work asked meanwhile runs after retry', async () => {
    const client = new EngineClient(solverDriverInProcess(true), () => {});
    await settle();
    expect(client.snapshot.status).toBe('failed');
    expect(client.snapshot.error).toBe('could not fetch the book');
    client.start({ moves: '4444443355', timeLimitMs: 10_000 });
    client.retry();
    await answered(client);
    expect(client.snapshot.status).toBe('idle');
    expect(client.snapshot.result?.moves).toBe('4444443355');
    client.destroy();
  });

  test('stop drops the answer in flight', async () => {
    const client = new EngineClient(solverDriverInProcess(false), () => {});
    await settle();
    client.start({ moves: '444444335511', timeLimitMs: 10_000 });
    client.stop();
    await settle();
    expect(client.snapshot.status).toBe('idle');
    expect(client.snapshot.result).toBeNull();
    client.destroy();
  });
});
