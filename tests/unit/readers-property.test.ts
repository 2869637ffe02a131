/**
 * Property tests (fast-check) of every reader of a file from disk or the
 * network: shards, checkpoints, the opening book, metrics lines, match and
 * eval records. Each must accept the files its writer makes, and given
 * random or mutated input either accept it or refuse it with an Error whose
 * message is one line: never hang, never throw a TypeError's stack from deep
 * inside, never throw anything but an Error. The runs are few and the seed
 * fixed, so the file takes a few seconds and fails the same way each time.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Position, WIDTH } from '../../src/engine/index.js';
import { BookFormatError, OpeningBook } from '../../src/solver/index.js';
import { crc32 } from '../../src/solver/crc32.js';
import { matchResult } from '../../training/match/match.js';
import { parseEvalRecord, type EvalRecord } from '../../training/records/eval.js';
import { withChecksum } from '../../training/records/fields.js';
import { parseMatchRecord } from '../../training/records/match.js';
import { parseMetrics } from '../../training/records/metrics.js';
import { parseShard, shardLine } from '../../training/records/shard.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../training/run/checkpoint.js';
import type { SelfPlayGame } from '../../training/selfplay/games.js';
import { v1Bytes } from './checkpoint-fixtures.js';

/** Fixed seed and few runs: the same cases each time, a few seconds in all. */
const RUNS = { seed: 30, numRuns: 150 };

/**
 * Runs `read`: it must return, or throw an Error whose message is one
 * non-empty line (unless `oneLine` is false), and do either within a
 * second. Returns the error, if any.
 */
function acceptsOrRefusesInOneLine(read: () => unknown, { oneLine = true } = {}): Error | null {
  const t0 = performance.now();
  let error: Error | null = null;
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    error = e as Error;
    expect(error.message.length).toBeGreaterThan(0);
    if (oneLine) expect(error.message, 'one line').not.toMatch(/[\r\n]/);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
  return error;
}

/** A change to a byte string: flip bits of a byte, cut it, insert or delete bytes. */
type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; n: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
);
const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

/** `bytes` with `mutations` applied (positions taken modulo the length then). */
function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const m of mutations) {
    const at = m.at % (b.length + 1);
    if (m.kind === 'flip' && b.length > 0) b[at % b.length] ^= m.xor;
    else if (m.kind === 'cut') b = b.slice(0, at);
    else if (m.kind === 'insert') b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
    else if (m.kind === 'delete') b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.n)]);
  }
  return b;
}

const mutateText = (text: string, mutations: readonly Mutation[]): string => Buffer.from(mutate(Buffer.from(text), mutations)).toString('utf8');

/** Replaces (or, with `undefined`, deletes) the value at one place in a JSON value, chosen by `pick`. */
function mutateJson(value: unknown, pick: number, replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const places: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (places.push([v, i]), walk(x)));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (places.push([v as Record<string, unknown>, k]), walk(x));
  };
  walk(copy);
  if (places.length === 0) return replacement;
  const [parent, key] = places[pick % places.length];
  if (replacement === undefined && !Array.isArray(parent)) delete parent[key as string];
  else (parent as Record<string | number, unknown>)[key] = replacement;
  return copy;
}

const jsonMutationArb = fc.tuple(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)));

// ---------------------------------------------------------------- shards

/** A finished game from `choices` (each picks one of the legal columns), its samples after `opening` moves. */
function gameOf(choices: readonly number[], openingShare: number): SelfPlayGame {
  const pos = new Position();
  const moves: number[] = [];
  const positions: Position[] = [];
  for (let i = 0; !pos.isOver; i++) {
    const legal = [...Array(WIDTH).keys()].filter((c) => pos.canPlay(c));
    positions.push(pos.clone());
    const col = legal[choices[i % choices.length] % legal.length];
    moves.push(col);
    pos.play(col);
  }
  const winner = pos.won ? ((pos.moves & 1) === 1 ? 1 : 2) : 0;
  const opening = Math.floor(openingShare * moves.length);
  const samples = positions.slice(opening).map((p) => {
    const legal = [...Array(WIDTH).keys()].filter((c) => p.canPlay(c));
    const policy = new Float32Array(WIDTH);
    for (const c of legal) policy[c] = 1 / legal.length;
    return { pos: p, policy, z: winner === 0 ? 0 : p.sideToMove === winner ? 1 : -1, q: 0.25, full: true };
  });
  return { moves, winner, samples };
}

const gameArb = fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 42 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([c, o]) => gameOf(c, o));
const SHA = 'ab'.repeat(32);
const shardOf = (games: readonly SelfPlayGame[]) => games.map((g) => `${shardLine(g, { model: 'gen-0001.onnx', config: SHA, network: SHA })}\n`).join('');

/**
 * parseShard puts a line's values into its messages as they are: a string
 * holding a newline (or a carriage return, which JSON.parse's message
 * quotes) makes a message of two lines. Until shard.ts quotes them (its
 * owner's, issue 30), the properties below check everything but that, and
 * the test after them lists the cases: it is expected to fail, and turns
 * red (to be made a plain test) once they are one line.
 */
const SHARD_ONE_LINE = { oneLine: false };

describe('parseShard (training/records/shard.ts)', () => {
  test('accepts the shards shardLine writes, with the same games', () => {
    fc.assert(
      fc.property(fc.array(gameArb, { minLength: 1, maxLength: 3 }), (games) => {
        const back = parseShard(shardOf(games), 's.jsonl');
        expect(back.map((g) => [g.moves, g.winner, g.samples.length])).toEqual(games.map((g) => [g.moves, g.winner, g.samples.length]));
      }),
      RUNS,
    );
  });

  test('mutated shards: games or a one-line Error', () => {
    fc.assert(
      fc.property(fc.array(gameArb, { minLength: 1, maxLength: 2 }), mutationsArb, (games, mutations) => {
        acceptsOrRefusesInOneLine(() => parseShard(mutateText(shardOf(games), mutations), 's.jsonl'), SHARD_ONE_LINE);
      }),
      RUNS,
    );
  });

  test('a line with one field of a valid game replaced: games or a one-line Error', () => {
    fc.assert(
      fc.property(gameArb, jsonMutationArb, (game, [pick, replacement]) => {
        const line = mutateJson(JSON.parse(shardOf([game])), pick, replacement);
        acceptsOrRefusesInOneLine(() => parseShard(`${JSON.stringify(line)}\n`, 's.jsonl'), SHARD_ONE_LINE);
      }),
      RUNS,
    );
  });

  test('random text and random JSON lines: games or a one-line Error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.json({ maxDepth: 3 }), { maxLength: 4 }).map((ls) => ls.join('\n'))), (text) => {
        acceptsOrRefusesInOneLine(() => parseShard(text, 's.jsonl'), SHARD_ONE_LINE);
      }),
      RUNS,
    );
  });

  test('a value holding a newline or a carriage return still gives a message of one line', () => {
    const line = (o: object) => JSON.stringify({ v: 2, model: 'm', config: SHA, network: SHA, moves: [], winner: 0, opening: 0, policy: [], q: [], full: [], ...o });
    for (const text of [line({ moves: ['a\nb'], opening: 1 }), line({ winner: 'a\nb' }), JSON.stringify({ v: 'x\ny' }), '\r\u0000']) {
      acceptsOrRefusesInOneLine(() => parseShard(text, 's.jsonl'));
    }
  });
});

// ---------------------------------------------------------------- checkpoints

const checkpointArb: fc.Arbitrary<Checkpoint> = fc.record({
  header: fc.record({
    version: fc.constant(2 as const),
    generation: fc.nat({ max: 10_000 }),
    rng: fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 })),
    metrics: fc.array(fc.record({ generation: fc.nat() }), { maxLength: 3 }),
    baseline: fc.record({ win: fc.double({ min: 0, max: 1, noNaN: true }), block: fc.double({ min: 0, max: 1, noNaN: true }) }),
  }),
  trainer: fc.uint8Array({ maxLength: 200 }),
  replay: fc.uint8Array({ maxLength: 200 }),
});


describe('decodeCheckpoint (training/run/checkpoint.ts)', () => {
  test('accepts what encodeCheckpoint writes, unchanged', () => {
    fc.assert(
      fc.property(checkpointArb, (ck) => {
        const back = decodeCheckpoint(encodeCheckpoint(ck), 'ck.bin');
        expect(back).toEqual({ header: JSON.parse(JSON.stringify(ck.header)), trainer: ck.trainer, replay: ck.replay });
      }),
      RUNS,
    );
  });

  test('any change to a version 2 file is refused in one line naming it', () => {
    fc.assert(
      fc.property(checkpointArb, mutationsArb, (ck, mutations) => {
        const bytes = encodeCheckpoint(ck);
        const changed = mutate(bytes, mutations);
        fc.pre(Buffer.compare(changed, bytes) !== 0);
        const error = acceptsOrRefusesInOneLine(() => decodeCheckpoint(changed, 'ck.bin'));
        expect(error?.message).toMatch(/^ck\.bin: /);
      }),
      RUNS,
    );
  });

  test('version 1 files with any JSON header, mutated or not: a checkpoint or a one-line Error', () => {
    const headerArb = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.tuple(checkpointArb, jsonMutationArb).map(([ck, [pick, r]]) => JSON.stringify(mutateJson({ ...ck.header, version: 1 }, pick, r))),
    );
    fc.assert(
      fc.property(headerArb, fc.uint8Array({ maxLength: 50 }), fc.option(mutationsArb), (json, part, mutations) => {
        const bytes = v1Bytes(json, part, part);
        acceptsOrRefusesInOneLine(() => decodeCheckpoint(mutations ? mutate(bytes, mutations) : bytes, 'ck.bin'));
      }),
      RUNS,
    );
  });

  test('random bytes are refused in one line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }).map((b) => Uint8Array.from([0x43, 0x34, 0x43, 0x4b, ...b]))), (bytes) => {
        expect(acceptsOrRefusesInOneLine(() => decodeCheckpoint(bytes, 'ck.bin'))).not.toBeNull();
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- the opening book

/** A book of the positions reached by random lines, with random scores and flags. */
const bookArb = fc
  .array(fc.tuple(fc.array(fc.nat(6), { maxLength: 12 }), fc.integer({ min: -64, max: 63 }), fc.boolean()), { maxLength: 20 })
  .map((entries) => {
    const book = new OpeningBook();
    for (const [cols, score, verified] of entries) {
      const pos = new Position();
      for (const c of cols) if (!pos.isOver && pos.canPlay(c) && !pos.isWinningMove(c)) pos.play(c);
      book.set(pos.canonicalKey(), score, verified);
    }
    return book;
  });

/** `bytes` with the book checksum made again, so that the checks behind it are reached. */
function resealed(bytes: Uint8Array): Uint8Array {
  const b = Uint8Array.from(bytes);
  if (b.length >= 16) new DataView(b.buffer).setUint32(12, crc32(b.subarray(16), crc32(b.subarray(0, 12))), true);
  return b;
}

describe('OpeningBook.fromBytes (src/solver/book.ts)', () => {
  test('accepts what toBytes writes, with the same entries', () => {
    fc.assert(
      fc.property(bookArb, (book) => {
        expect(OpeningBook.fromBytes(book.toBytes()).list()).toEqual(book.list());
      }),
      RUNS,
    );
  });

  test('any change to a book file is refused with a one-line BookFormatError', () => {
    fc.assert(
      fc.property(bookArb, mutationsArb, (book, mutations) => {
        const bytes = book.toBytes();
        const changed = mutate(bytes, mutations);
        fc.pre(Buffer.compare(changed, bytes) !== 0);
        expect(acceptsOrRefusesInOneLine(() => OpeningBook.fromBytes(changed))).toBeInstanceOf(BookFormatError);
      }),
      RUNS,
    );
  });

  test('changed and resealed (a valid checksum over bad entries): a book or a one-line BookFormatError', () => {
    fc.assert(
      fc.property(bookArb, mutationsArb, (book, mutations) => {
        const error = acceptsOrRefusesInOneLine(() => OpeningBook.fromBytes(resealed(mutate(book.toBytes(), mutations))));
        if (error) expect(error).toBeInstanceOf(BookFormatError);
      }),
      RUNS,
    );
  });

  test('random bytes: a one-line BookFormatError', () => {
    const magic = (m: string) => fc.uint8Array({ maxLength: 80 }).map((b) => Uint8Array.from([...Buffer.from(m, 'latin1'), ...b]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), magic('C4B2'), magic('C4B1')), (bytes) => {
        expect(acceptsOrRefusesInOneLine(() => OpeningBook.fromBytes(bytes))).toBeInstanceOf(BookFormatError);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- records

const metricsText = readFileSync('models/runs/default-2026-11-29.metrics.jsonl', 'utf8').split('\n').filter((l) => l.includes('"gate"')).slice(0, 2).join('\n');

const matchRecord = JSON.parse(
  JSON.stringify(
    matchResult(
      { model: 'm.onnx', games: 1, colours: 'both', budget: { sims: 50 }, pruneLosing: false, mirrorAverage: true, seed: 1, opponent: 'solver', depth: 4, book: 'default' },
      SHA,
      [true, false],
      [
        { seed: 1, agentFirst: true, result: 'win', plies: 41, moves: '4444', agentFirstMistake: null, agentMs: [5], opponentMs: [1] },
        { seed: 1, agentFirst: false, result: 'loss', plies: 30, moves: '4444', agentFirstMistake: 12, agentMs: [5], opponentMs: [1] },
      ],
    ),
  ),
) as unknown;
const committedMatch = JSON.parse(readFileSync('models/gen440/agent.match-solver-first.json', 'utf8')) as unknown;
const evalRecord = withChecksum({
  schema: 3,
  model: 'm.onnx',
  modelSha256: SHA,
  simulations: 200,
  pruneLosing: false,
  mirrorAverage: true,
  limit: null,
  date: '2026-01-01T00:00:00.000Z',
  sets: [{ set: 'L2_R2', positions: 100, unjudged: 0, rawErrors: 10, rawRate: 0.1, searchErrors: 2, searchRate: 0.02, searchOutcomeMisses: [{ moves: '44', column: 3 }] }],
} satisfies EvalRecord);
const committedEval = JSON.parse(readFileSync('models/gen440/agent.eval-L2_R2-full.json', 'utf8')) as unknown;

describe('the record parsers (training/records/)', () => {
  test('accept the records their writers make and the committed ones', () => {
    expect(parseMetrics(metricsText, 'm.jsonl')).toHaveLength(2);
    expect(parseMatchRecord(matchRecord, 'r.json').games).toHaveLength(2);
    expect(parseMatchRecord(committedMatch, 'r.json').games.length).toBeGreaterThan(0);
    expect(parseEvalRecord(evalRecord, 'e.json').sets).toHaveLength(1);
    expect(parseEvalRecord(committedEval, 'e.json').sets.length).toBeGreaterThan(0);
  });

  test('parseMetrics on mutated and random text: lines or a one-line Error', () => {
    const textArb = fc.oneof(
      mutationsArb.map((m) => mutateText(metricsText, m)),
      jsonMutationArb.map(([pick, r]) => JSON.stringify(mutateJson(JSON.parse(metricsText.split('\n')[1]), pick, r))),
      fc.array(fc.json({ maxDepth: 3 }), { maxLength: 3 }).map((ls) => ls.join('\n')),
      fc.string({ unit: 'binary', maxLength: 100 }),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        acceptsOrRefusesInOneLine(() => parseMetrics(text, 'm.jsonl'));
      }),
      RUNS,
    );
  });

  test.each([
    ['parseMatchRecord, a new record', parseMatchRecord, matchRecord],
    ['parseMatchRecord, a committed record', parseMatchRecord, committedMatch],
    ['parseEvalRecord, a new record', parseEvalRecord, evalRecord],
    ['parseEvalRecord, a committed record', parseEvalRecord, committedEval],
  ])('%s with one field replaced, or random JSON: the record or a one-line Error', (_what, parse: (v: unknown, where: string) => unknown, valid) => {
    const valueArb = fc.oneof(
      jsonMutationArb.map(([pick, r]) => mutateJson(valid, pick, r)),
      fc.tuple(jsonMutationArb, jsonMutationArb).map(([[p1, r1], [p2, r2]]) => mutateJson(mutateJson(valid, p1, r1), p2, r2)),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(valueArb, (value) => {
        acceptsOrRefusesInOneLine(() => parse(value, 'r.json'));
      }),
      RUNS,
    );
  });

  test('a new record with any field changed is refused (its checksum)', () => {
    fc.assert(
      fc.property(fc.constantFrom(['match', matchRecord] as const, ['eval', evalRecord] as const), jsonMutationArb, ([kind, valid], [pick, r]) => {
        const changed = mutateJson(valid, pick, r);
        fc.pre(JSON.stringify(changed) !== JSON.stringify(valid));
        const parse = kind === 'match' ? parseMatchRecord : parseEvalRecord;
        expect(acceptsOrRefusesInOneLine(() => parse(changed, 'r.json'))).not.toBeNull();
      }),
      RUNS,
    );
  });
});
