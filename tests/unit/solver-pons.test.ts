/**
 * Pascal Pons' six benchmark sets (../shared/data/pons-test-sets), an optional
 * extra: skipped with a notice when ../shared is absent. Every score must be
 * exact. To keep the unit tests within their time budget, the slow sets are
 * sampled by default: L2_R2 every other line, L1_R2 every 40th line, L1_R3
 * lines 2, 3 and 6 (three of its first eight, 0.4-1.4 s each on a quiet
 * core, where line 1 takes 17 s and lines 4, 5, 7 and 8 5-10 s). The four
 * take about 12 s together here. PONS_FULL=1 runs all lines of all sets and
 * the first 50 of L1_R3 (about 7 min for L1_R2 and 10-15 min for L1_R3
 * here). `npm run bench:solver` also checks every score it times.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import { Solver } from '../../src/solver/index.js';

const DIR = resolve(import.meta.dirname, '../../../shared/data/pons-test-sets');
const present = existsSync(DIR);
const full = process.env.PONS_FULL === '1';
if (!present) console.log(`solver-pons.test.ts: ${DIR} not found, Pons' test sets skipped`);

/** [set, which lines] */
const PLAN: [string, (i: number) => boolean][] = [
  ['L3_R1', () => true],
  ['L2_R1', () => true],
  ['L1_R1', () => true],
  ['L2_R2', full ? () => true : (i) => i % 2 === 0],
  ['L1_R2', full ? () => true : (i) => i % 40 === 0],
  ['L1_R3', full ? (i) => i < 50 : (i) => i === 1 || i === 2 || i === 5],
];

describe.skipIf(!present)("Pons' test sets", () => {
  // The table is not cleared between positions: scores stay exact, and
  // clearing 40 MB per position would cost more than many of the solves.
  const solver = new Solver({ tableSize: 1 << 23 });

  test.each(PLAN)(
    'Test_%s: every score exact',
    (set, keep) => {
      const lines = readFileSync(resolve(DIR, `Test_${set}`), 'utf8').trim().split('\n');
      const wrong: string[] = [];
      let n = 0;
      const t0 = performance.now();
      lines.forEach((line, i) => {
        if (!keep(i)) return;
        const [moves, score] = line.trim().split(/\s+/);
        const s = solver.solve(parseMoves(moves));
        n++;
        if (s !== Number(score)) wrong.push(`${moves}: expected ${score}, got ${s}`);
      });
      console.log(`Test_${set}: ${n} positions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(n).toBeGreaterThan(0);
      expect(wrong).toEqual([]);
    },
    1_800_000,
  );
});
