/**
 * The broad strength measure (training/eval/broad.ts): which sets it reads
 * (Pons' with their verdict tables, refused when a table falls short; our
 * own without ../shared), the error counts it records for a network that
 * always plays one column, and the metrics line that carries the record.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Position } from '../../src/engine/index.js';
import type { Evaluation, Evaluator } from '../../src/mcts/index.js';
import { Solver } from '../../src/solver/index.js';
import { broadDue, broadMeasure, broadPoints, broadSets, broadSummary, PONS_SETS, totalsAt } from '../../training/eval/broad.js';
import { parseLabelled, positionCount } from '../../training/eval/labels.js';
import { buildVerdictTable } from '../../training/eval/verdict-table.js';
import { withChecksum } from '../../training/records/fields.js';
import { METRICS_SCHEMA, parseMetrics } from '../../training/records/metrics.js';
import { tempDir } from '../temp-dir.js';

/** A network that puts all its policy on `col` (the search follows it where it is legal and not refuted). */
const playing = (col: number): Evaluator => ({
  evaluate: async (positions: readonly Position[]): Promise<Evaluation[]> =>
    positions.map(() => ({ policy: Float32Array.from({ length: 7 }, (_, c) => (c === col ? 1 : 0)), value: 0 })),
});

/** Six tiny Pons-format sets (positions of our end set, one score each) and their tables, in a scratch folder. */
function fakePons(perSet: number, tableLimit = perSet) {
  const dir = tempDir('c4-broad-');
  const pons = join(dir, 'pons');
  const verdicts = join(dir, 'verdicts');
  mkdirSync(pons);
  mkdirSync(verdicts);
  const rows = readFileSync('seeds/positions/end.txt', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [moves, ...cols] = l.split(' ');
      return `${moves} ${Math.max(...cols.filter((c) => c !== 'x').map(Number))}`;
    });
  const solver = new Solver({ tableSize: 1 << 20 });
  PONS_SETS.forEach((name, k) => {
    const text = `${rows.slice(k * perSet, (k + 1) * perSet).join('\n')}\n`;
    writeFileSync(join(pons, `Test_${name}`), text);
    const bytes = new TextEncoder().encode(text);
    buildVerdictTable(join(verdicts, `${name}.txt`), { name, bytes, positions: positionCount(text), items: parseLabelled(text, name) }, solver, { limit: tableLimit });
  });
  return { pons, verdicts, own: 'seeds/positions' };
}

describe('broadSets', () => {
  test("Pons' six sets with their tables when the folder is there", () => {
    const { sets, source } = broadSets(3, fakePons(3));
    expect(source).toBe('pons');
    expect(sets.map((s) => s.name)).toEqual(PONS_SETS);
    expect(sets.every((s) => s.items.length === 3)).toBe(true);
  });

  test('a table shorter than perSet stops the run before it starts', () => {
    expect(() => broadSets(3, fakePons(3, 2))).toThrow(/covers 2 positions, not the 3 asked .*npm run verdicts -- --limit 3/);
  });

  test('our own labelled sets without the Pons folder', () => {
    const { sets, source } = broadSets(4, { pons: '/nonexistent', own: 'seeds/positions' });
    expect(source).toBe('own');
    expect(sets.map((s) => s.name)).toEqual(['early', 'end', 'middle']);
    expect(sets.every((s) => s.items.length === 4)).toBe(true);
  });
});

describe('broadMeasure', () => {
  test('counts, per set and budget, the moves that lose the exact score and the outcome', async () => {
    const dirs = fakePons(4);
    const { sets } = broadSets(4, dirs);
    const col = 3;
    const r = await broadMeasure(playing(col), sets, [20]);
    expect(r.sets).toEqual(PONS_SETS);
    expect(r.positions).toEqual([4, 4, 4, 4, 4, 4]);
    // The raw policy plays column 4 wherever it is legal: its errors are the table's verdicts of column 4.
    sets.forEach((s, k) => {
      const exact = s.items.filter((it) => !s.judge(it, it.pos.canPlay(col) ? col : -1).exact).length;
      expect(r.raw.exact[k], s.name).toBe(exact);
    });
    expect(r.search).toHaveLength(1);
    expect(r.search[0].simulations).toBe(20);
    r.search[0].outcome.forEach((n, k) => expect(n).toBeLessThanOrEqual(r.search[0].exact[k]));
    expect(broadSummary(r)).toMatch(/^raw \d+\/\d+, 20: \d+\/\d+ \(exact\/outcome errors of 24 positions/);
  });

  test('is due every `every` generations from `from`, and at the last one', () => {
    const p = { every: 10, from: 5, perSet: 1, simulations: [] };
    expect([1, 5, 10, 15, 25, 30].map((g) => broadDue(p, g, false))).toEqual([false, true, false, true, true, false]);
    expect(broadDue(p, 31, true)).toBe(true);
    expect(broadDue({ ...p, every: 0 }, 31, true)).toBe(false);
  });
});

describe('the metrics line', () => {
  const broad = { sets: ['a', 'b'], positions: [2, 2], raw: { exact: [1, 0], outcome: [0, 0] }, search: [{ simulations: 8, exact: [0, 0], outcome: [0, 0] }], seconds: 1, cpuSeconds: 1 };
  const line = (b: unknown) => JSON.stringify(withChecksum({ schema: METRICS_SCHEMA, generation: 3, time: 't', seconds: 1, cpuSeconds: 1, broad: b }));

  test('carries the broad record', () => {
    expect(parseMetrics(line(broad), 'm')[0].broad).toEqual(broad);
  });

  test('a record whose counts do not match its sets is refused', () => {
    expect(() => parseMetrics(line({ ...broad, raw: { exact: [1], outcome: [0, 0] } }), 'm')).toThrow(/m:1: broad: not a broad measure/);
  });
});

describe('broadPoints (npm run ab)', () => {
  test("a run's hours at each measurement leave out the CPU its broad measures took", () => {
    const broad = (cpuSeconds: number) => ({ sets: ['a'], positions: [1], raw: { exact: [0], outcome: [0] }, search: [], seconds: cpuSeconds, cpuSeconds });
    const points = broadPoints([
      { generation: 1, cpuHours: 0.5 },
      { generation: 2, cpuHours: 1.0, broad: broad(360) },
      { generation: 3, cpuHours: 1.5 },
      { generation: 4, cpuHours: 2.2, broad: broad(720) },
    ]);
    expect(points.map((p) => [p.generation, +p.trainCpuHours.toFixed(3)])).toEqual([
      [2, 0.9],
      [4, 1.9],
    ]);
  });
});

describe('totalsAt (npm run ab)', () => {
  const rec = (rawOut: number, searchOut: number) => ({ sets: ['a', 'b'], positions: [5, 5], raw: { exact: [rawOut, 10], outcome: [rawOut, 0] }, search: [{ simulations: 800, exact: [searchOut, 0], outcome: [searchOut, 0] }], seconds: 0, cpuSeconds: 0 });
  const points = [
    { generation: 8, trainCpuHours: 0.1, broad: rec(40, 20) },
    { generation: 16, trainCpuHours: 0.3, broad: rec(20, 10) },
  ];

  test('reads a run\'s totals off its curve, linearly between measurements', () => {
    expect(totalsAt(points, 0.2, [800])).toEqual([
      { outcome: 30, exact: 40 },
      { outcome: 15, exact: 15 },
    ]);
    expect(totalsAt(points, 0.3, [800])![0]).toEqual({ outcome: 20, exact: 30 });
    expect(totalsAt(points, 0.05, [800])).toBeNull();
    expect(totalsAt(points, 0.4, [800])).toBeNull();
    expect(totalsAt(points, 0.1, [16000])![1].outcome).toBeNaN();
  });
});
