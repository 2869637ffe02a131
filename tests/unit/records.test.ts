/** The run's records (training/records/metrics.ts): metrics lines parsed with clear errors, and the time to perfect play. */
import { describe, expect, test } from 'vitest';
import { machinesOf, parseMetrics, thisMachine, timeToPerfect, type GateRecord, type MetricsLine } from '../../training/records/metrics.js';

const gate = (generation: number, perfect: boolean): GateRecord => ({
  generation,
  simulations: 16_000,
  mirrorAverage: true,
  first: { games: perfect ? 20 : 0, wins: perfect ? 20 : 0, draws: 0, losses: 0, plies: [] },
  second: { games: perfect ? 20 : 1, wins: 0, draws: 0, losses: perfect ? 20 : 1, plies: [] },
  perfect,
  seconds: 10,
  cpuSeconds: 12,
  wallHours: generation / 60,
  cpuHours: generation / 30,
});

const line = (generation: number, g?: GateRecord): MetricsLine =>
  ({ schema: 2, generation, time: '', seconds: 60, cpuSeconds: 120, wallHours: generation / 60, cpuHours: generation / 30, ...(g ? { gate: g } : {}) }) as unknown as MetricsLine;

describe('timeToPerfect', () => {
  test('the first perfect gate, not a later one; null without one', () => {
    const lines = [line(1), line(5, gate(5, false)), line(10, gate(10, true)), line(15, gate(15, true))];
    expect(timeToPerfect(lines)?.generation).toBe(10);
    expect(timeToPerfect(lines)?.wallHours).toBeCloseTo(10 / 60, 9);
    expect(timeToPerfect(lines.slice(0, 2))).toBeNull();
    expect(timeToPerfect([])).toBeNull();
  });
});

describe('parseMetrics', () => {
  test.each([
    ['{"generation":1}\n{"generation":2', /m\.jsonl:2: not a JSON line \(.*\): is the file truncated\?/],
    ['{"time":"x"}', /m\.jsonl:1: a metrics line without "generation"/],
    ['{"generation":1,"schema":99}', /schema 99 is newer/],
  ])('%j is refused with file and line', (text, message) => {
    expect(() => parseMetrics(text, 'm.jsonl')).toThrow(message);
  });

  test('blank lines are skipped; lines without a schema are version 1', () => {
    expect(parseMetrics('{"generation":1}\n\n{"generation":2,"schema":2}\n', 'm.jsonl').map((m) => m.generation)).toEqual([1, 2]);
  });
});

describe('machinesOf', () => {
  test('names each machine the generations ran on, once, and null when none was recorded', () => {
    const here = thisMachine();
    expect(here.cores).toBeGreaterThan(0);
    const a = { ...here, cores: 2, cpu: 'A', os: 'linux x64', node: 'v20.0.0' };
    const b = { ...a, cpu: 'B' };
    const lines = [a, a, b].map((machine, i) => ({ generation: i + 1, machine }) as unknown as MetricsLine);
    expect(machinesOf(lines)).toBe('2 cores (A), linux x64, Node v20.0.0; 2 cores (B), linux x64, Node v20.0.0');
    expect(machinesOf([{ generation: 1 } as unknown as MetricsLine])).toBeNull();
  });
});
