/**
 * The run's records (training/records/): metrics lines parsed with clear
 * errors, the time to perfect play, and the checksum that match and eval
 * records carry so that one changed after it was written is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { matchResult } from '../../training/match/match.js';
import { parseEvalRecord, type EvalRecord } from '../../training/records/eval.js';
import { withChecksum } from '../../training/records/fields.js';
import { parseMatchRecord, type GameReport, type MatchConfig, type MatchRecord } from '../../training/records/match.js';
import { machinesOf, METRICS_SCHEMA, parseMetrics, thisMachine, timeToPerfect, type GateRecord, type MetricsLine } from '../../training/records/metrics.js';

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

/** `v` as the writers put it on disk (writeJsonAtomic: indented JSON) and read back. */
const onDisk = (v: unknown): Record<string, unknown> => JSON.parse(`${JSON.stringify(v, null, 2)}\n`) as Record<string, unknown>;
/** A deep copy to change. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('match record checksum', () => {
  const config: MatchConfig = { model: 'm.onnx', games: 2, colours: 'first', budget: { sims: 50 }, pruneLosing: false, mirrorAverage: true, seed: 1, opponent: 'solver', depth: 4, book: 'default' };
  const game = (seed: number, result: GameReport['result']): GameReport => ({ seed, agentFirst: true, result, plies: 41, moves: '4444', agentFirstMistake: null, agentMs: [5, 6], opponentMs: [1] });
  const record = onDisk(matchResult(config, 'ab'.repeat(32), [true], [game(1, 'win'), game(2, 'draw')]));

  test('matchResult writes a sha256 checksum, and the record as written parses', () => {
    expect(record.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(parseMatchRecord(record, 'r.json').byColour[0].wins).toBe(1);
  });

  test.each([
    ['wins made 999', (r: MatchRecord) => (r.byColour[0].wins = 999)],
    ['a game result changed', (r: MatchRecord) => (r.games[1].result = 'win')],
    ['the model hash changed', (r: MatchRecord) => (r.modelSha256 = 'cd'.repeat(32))],
    ['a field added', (r: MatchRecord) => Object.assign(r, { note: 'checked by hand' })],
    ['the checksum changed', (r: MatchRecord) => (r.checksum = '0'.repeat(64))],
  ])('%s: refused in one line naming the file', (_what, change) => {
    const r = copy(record) as unknown as MatchRecord;
    change(r);
    expect(() => parseMatchRecord(r, 'models/agent.match-solver-first.json')).toThrow(/^models\/agent\.match-solver-first\.json: .*checksum/);
  });

  test('from schema 3 on the checksum is required; it must be a string', () => {
    const { checksum: _, ...without } = copy(record);
    expect(() => parseMatchRecord(without, 'r.json')).toThrow(/^r\.json: .*"checksum" is missing/);
    expect(() => parseMatchRecord({ ...copy(record), checksum: 7 }, 'r.json')).toThrow(/^r\.json: "checksum" should be string/);
  });
});

describe('eval record checksum', () => {
  const evalRecord = (): EvalRecord => ({
    schema: 3,
    model: 'm.onnx',
    modelSha256: 'ab'.repeat(32),
    simulations: 200,
    pruneLosing: false,
    mirrorAverage: true,
    limit: null,
    date: '2026-01-01T00:00:00.000Z',
    sets: [{ set: 'L2_R2', positions: 100, unjudged: 0, rawErrors: 10, rawRate: 0.1, searchErrors: 2, searchRate: 0.02 }],
  });
  // withChecksum: what the eval CLI's record() calls, as matchResult does.
  test('a record with its checksum parses; changed after, it is refused naming the file', () => {
    const r = onDisk(withChecksum(evalRecord()));
    expect(parseEvalRecord(r, 'e.json').sets[0].rawRate).toBe(0.1);
    const changed = copy(r) as unknown as EvalRecord;
    changed.sets[0].rawRate = 0.001;
    expect(() => parseEvalRecord(changed, 'models/agent.eval.json')).toThrow(/^models\/agent\.eval\.json: .*checksum/);
  });

  test('a checksum that does not match is refused', () => {
    expect(() => parseEvalRecord({ ...evalRecord(), checksum: 'f'.repeat(64) }, 'e.json')).toThrow(/^e\.json: .*checksum/);
  });
});

describe('the committed records (no checksum: written before it) still parse', () => {
  const inFolder = (dir: string, kind: RegExp) => readdirSync(dir).filter((f) => kind.test(f)).map((f) => join(dir, f));
  const matches = [...inFolder('models', /\.match-.*\.json$/), ...inFolder('models/runs', /\.match-.*\.json$/)];
  const evals = [...inFolder('models', /\.eval.*\.json$/), ...inFolder('models/runs', /\.eval.*\.json$/)];

  test('there are some of each', () => {
    expect(matches.length).toBeGreaterThan(5);
    expect(evals.length).toBeGreaterThan(5);
  });
  test.each(matches)('%s', (path) => {
    expect(parseMatchRecord(JSON.parse(readFileSync(path, 'utf8')), path).games.length).toBeGreaterThan(0);
  });
  test.each(evals)('%s', (path) => {
    expect(parseEvalRecord(JSON.parse(readFileSync(path, 'utf8')), path).sets.length).toBeGreaterThan(0);
  });
});

describe('the metrics line checksum (schema 4)', () => {
  const line = withChecksum({ schema: METRICS_SCHEMA, generation: 7, time: 't', seconds: 1, cpuSeconds: 1, matches: { random: { score: 1, w: 10, d: 0, l: 0 } } });
  test('a line as written is read back; an edited one is refused with its file and line', () => {
    expect(parseMetrics(`${JSON.stringify(line)}\n`, 'm.jsonl')[0].generation).toBe(7);
    const edited = JSON.stringify(line).replace('"w":10', '"w":999');
    expect(() => parseMetrics(`${JSON.stringify(line)}\n${edited}\n`, 'm.jsonl')).toThrow(/^m\.jsonl:2: checksum mismatch/);
  });
  test('a schema 4 line without its checksum is refused; older lines need none', () => {
    const { checksum: _, ...bare } = line;
    expect(() => parseMetrics(JSON.stringify(bare), 'm.jsonl')).toThrow(/"checksum" is missing/);
    expect(parseMetrics(JSON.stringify({ ...bare, schema: 3 }), 'm.jsonl')).toHaveLength(1);
  });
});
