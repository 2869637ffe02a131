/**
 * The committed verdict tables (seeds/verdicts) against Pons' sets in
 * ../shared (an extra check that skips itself, with a notice, where the
 * folder is absent): each table is bound to its set file's SHA-256, every
 * judged position has a column that keeps its score, and a sample of lines
 * of the cheap sets is judged again by the solver, identically.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Solver } from '../../src/solver/index.js';
import { PONS_DIR, PONS_SETS, VERDICTS_DIR } from '../../training/eval/broad.js';
import { parseLabelled } from '../../training/eval/labels.js';
import { judgeAll, readVerdictTable, setSha256 } from '../../training/eval/verdict-table.js';

const pons = existsSync(PONS_DIR);
if (!pons) process.stderr.write(`note: ${PONS_DIR} not found: the committed verdict tables are not checked against Pons' sets\n`);

describe('seeds/verdicts', () => {
  test('holds a table for each of the six sets, and nothing else', () => {
    expect(readdirSync(VERDICTS_DIR).sort()).toEqual(PONS_SETS.map((s) => `${s}.txt`).sort());
  });

  test.skipIf(!pons).each(PONS_SETS)("%s: bound to Pons' file, a column keeps each position's score", (name) => {
    const table = readVerdictTable(join(VERDICTS_DIR, `${name}.txt`));
    const bytes = readFileSync(join(PONS_DIR, `Test_${name}`));
    expect(table.set).toBe(name);
    expect(table.sha256).toBe(setSha256(bytes));
    expect(table.lines.length).toBeGreaterThanOrEqual(200);
    for (const line of table.lines) if (line !== '.') expect(line).toContain('E');
  });

  test.skipIf(!pons).each(['L3_R1', 'L2_R1', 'L1_R1'])('%s: 10 lines judged again by the solver are the same', (name) => {
    const table = readVerdictTable(join(VERDICTS_DIR, `${name}.txt`));
    const items = parseLabelled(readFileSync(join(PONS_DIR, `Test_${name}`), 'utf8'), name, table.lines.length);
    const solver = new Solver({ tableSize: 1 << 20 });
    for (let k = 0; k < 10; k++) {
      const it = items[(k * 97 + 13) % items.length];
      expect(judgeAll(it.pos, it.score, solver), `${name} position ${it.index + 1}`).toBe(table.lines[it.index]);
    }
  });
});
