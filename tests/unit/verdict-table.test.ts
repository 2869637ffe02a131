/**
 * The committed verdict tables (training/eval/verdict-table.ts): the
 * solver's line for each position agrees with our own sets' per-column
 * scores (seeds/positions, every column solved by Solver.analyze), a wrong
 * label is caught, a build resumes after a kill and matches one run straight
 * through, and a table is refused for any other file than its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Solver } from '../../src/solver/index.js';
import { labelVerdict } from '../../training/eval/error-rate.js';
import { parseLabelled, positionCount, readLabelled } from '../../training/eval/labels.js';
import { buildVerdictTable, judgeAll, parseVerdictTable, readVerdictTable, setSha256, tableFor, tableHeader, verdictOf } from '../../training/eval/verdict-table.js';
import { tempDir } from '../temp-dir.js';

const solver = new Solver({ tableSize: 1 << 20 });
const tmp = () => tempDir('c4-verdicts-');

describe('judgeAll', () => {
  // Every column of these is labelled: the line must say what the labels say.
  const items = [...readLabelled('seeds/positions/middle.txt', 25), ...readLabelled('seeds/positions/end.txt', 25)];

  test('agrees with every labelled column of 50 positions of our own sets', () => {
    for (const it of items) {
      const line = judgeAll(it.pos, it.score, solver);
      for (let c = 0; c < 7; c++) {
        if (it.columns![c] === null) expect(line[c], `${it.moves} column ${c + 1}`).toBe('-');
        else expect(verdictOf(line, c), `${it.moves} column ${c + 1}`).toEqual(labelVerdict(it.columns!, it.score, c));
      }
    }
  });

  test('a label above or below the position\'s score is an error', () => {
    const it = items[1]; // 477574511163143627: columns -11 -10 -11 2 -10 -11 -11
    expect(() => judgeAll(it.pos, it.score - 1, solver)).toThrow(/scores above the set's score/);
    expect(() => judgeAll(it.pos, it.score + 1, solver)).toThrow(/no column reaches/);
  });
});

/** A Pons-format set (one score a position) made from our labelled positions, with a finished game in it. */
function ponsSet(): { text: string; bytes: Uint8Array } {
  const rows = readFileSync('seeds/positions/end.txt', 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .slice(0, 6)
    .map((l) => {
      const [moves, ...cols] = l.split(' ');
      return `${moves} ${Math.max(...cols.filter((c) => c !== 'x').map(Number))}`;
    });
  rows.splice(3, 0, '1212121 -18'); // a finished game: the first player has won
  const text = `${rows.join('\n')}\n`;
  return { text, bytes: new TextEncoder().encode(text) };
}

describe('buildVerdictTable', () => {
  test('resumes after a kill, cut-off line and all, to the same table as one run', () => {
    const dir = tmp();
    const { text, bytes } = ponsSet();
    const set = { name: 'T', bytes, positions: positionCount(text), items: parseLabelled(text, 'T') };
    expect(set.positions).toBe(7);
    expect(set.items.length).toBe(6);
    const whole = join(dir, 'whole.txt');
    expect(buildVerdictTable(whole, set, solver)).toEqual({ judged: 7, total: 7 });
    const parts = join(dir, 'parts.txt');
    buildVerdictTable(parts, set, solver, { limit: 4 });
    writeFileSync(parts, `${readFileSync(parts, 'utf8')}EO`); // killed while appending
    expect(readVerdictTable(parts).lines.length).toBe(4);
    expect(buildVerdictTable(parts, set, solver)).toEqual({ judged: 3, total: 7 });
    expect(readFileSync(parts, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    const table = readVerdictTable(whole);
    expect(table.lines[3]).toBe('.');
    const judge = tableFor(table, bytes, whole);
    for (const it of set.items) expect(judge(it, 0)).toEqual(verdictOf(table.lines[it.index], 0));
  });

  test('a table serves only the file it was built from', () => {
    const dir = tmp();
    const { text, bytes } = ponsSet();
    const path = join(dir, 't.txt');
    buildVerdictTable(path, { name: 'T', bytes, positions: positionCount(text), items: parseLabelled(text, 'T') }, solver, { limit: 2 });
    const other = new TextEncoder().encode(text.replace(/\n$/, '\n4 1\n'));
    expect(() => tableFor(readVerdictTable(path), other, path)).toThrow(/another file of set T/);
    expect(() => buildVerdictTable(path, { name: 'T', bytes: other, positions: 8, items: parseLabelled(text, 'T') }, solver)).toThrow(/move it away to rebuild/);
  });

  test('a malformed table is an error naming its line; only a last line may be cut short', () => {
    const head = tableHeader('T', setSha256('x'));
    expect(() => parseVerdictTable(`${head}\nEEEEEEE\nEE\n`, 'f')).toThrow(/f:5: "EE" is not a verdict line/);
    expect(() => parseVerdictTable(`${head}\nEEEEEEE\nEE\nEEEEEEE\n`, 'f')).toThrow(/f:5: "EE"/);
    expect(parseVerdictTable(`${head}\nEEEEEEE\nEE`, 'f').lines).toEqual(['EEEEEEE']);
    expect(() => parseVerdictTable('EEEEEEE\n', 'f')).toThrow(/not a verdict table/);
  });
});
