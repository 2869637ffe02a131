/**
 * `npm run card` as a process on a small fake run: it copies the chosen
 * generation into the models folder and writes the card from the run's
 * metrics and the match/eval records found there; bad options fail with a
 * usage line.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { restartsFromEmptyBuffer, type Metrics } from '../../training/card/data.js';
import { tempDir } from '../temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
let run = '';
let models = '';

function card(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'training/cli/card.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const metric = (generation: number, cpuSeconds: number, replaySize = 9000 * generation) => ({
  generation,
  time: `2026-01-01T00:0${generation}:00.000Z`,
  seconds: 60,
  cpuSeconds,
  loss: { policy: 2 - generation / 10, value: 0.5 },
  selfplay: { games: 256, samples: 9000 + generation, firstWins: 100, secondWins: 100, draws: 56, meanLength: 30 },
  train: { steps: 100, samplesPerSecond: 800, replaySize },
  probes: { win: 0.2, block: 0.5 },
  errors: { middle: { raw: 0.6, search: 0.05 } },
  matches: { random: { score: 1, w: 20, d: 0, l: 0 }, alphaBeta4: { score: 0.25 * generation, w: 5 * generation, d: 0, l: 20 - 5 * generation } },
});

beforeAll(() => {
  const dir = tempDir('c4-card-');
  run = join(dir, 'run');
  models = join(dir, 'models');
  mkdirSync(run);
  mkdirSync(models);
  writeFileSync(join(run, 'config.json'), JSON.stringify({ name: 'tiny', seed: 7, generations: 10, net: { blocks: 1, filters: 8 }, train: { batchSize: 128 } }));
  writeFileSync(join(run, 'metrics.jsonl'), [metric(1, 50), metric(2, 55), metric(3, 52, 9000)].map((m) => JSON.stringify(m)).join('\n') + '\n');
  for (const g of [1, 2, 3]) writeFileSync(join(run, `gen-000${g}.onnx`), `model ${g}`);
  writeFileSync(
    join(models, 'agent.match-solver-first.json'),
    JSON.stringify({
      config: { opponent: 'solver', colours: 'first', games: 2, seed: 1, budget: { sims: 800 }, book: 'default' },
      date: '2026-01-01',
      byColour: [{ agentFirst: true, games: 2, wins: 1, draws: 0, losses: 1, plies: [41, 30] }],
      games: [
        { seed: 1, agentFirst: true, result: 'win', plies: 41, moves: '4', agentFirstMistake: null },
        { seed: 2, agentFirst: true, result: 'loss', plies: 30, moves: '4', agentFirstMistake: 9 },
      ],
      timing: { agentMsPerMove: { mean: 50, median: 40 }, opponentMsPerMove: { mean: 900, median: 3 } },
    }),
  );
  writeFileSync(
    join(models, 'agent.eval-L1_R3.json'),
    JSON.stringify({ simulations: 800, limit: 50, date: '2026-01-01', sets: [{ set: 'L1_R3', positions: 50, unjudged: 1, rawRate: 0.5, searchRate: 0.125 }] }),
  );
});

describe('restartsFromEmptyBuffer', () => {
  test('finds the generations after which the replay buffer started empty again (train --from)', () => {
    const ms = [9000, 18000, 200000, 9300, 18600, 200000, 200000, 9200].map((r, i) => metric(i + 1, 50, r) as unknown as Metrics);
    expect(restartsFromEmptyBuffer(ms)).toEqual([3, 7]);
    // Runs that predate the field: nothing is claimed.
    expect(restartsFromEmptyBuffer(ms.map((m) => ({ ...m, train: { steps: 1, samplesPerSecond: 1 } })))).toEqual([]);
  });
});

describe('npm run card', () => {
  test('ships a generation with its card, curves and measured results', () => {
    const r = card(['--run', run, '--generation', '2', '--models', models]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(models, 'agent.onnx'), 'utf8')).toBe('model 2');
    const c = JSON.parse(readFileSync(join(models, 'agent.card.json'), 'utf8'));
    expect(c.training).toMatchObject({ run: 'tiny', seed: 7, generation: 2, selfPlayGames: 512, selfPlayPositions: 18003, gradientSteps: 200, trainingSamples: 25600, wallSeconds: 120, cpuSeconds: 105 });
    expect(c.matches[0].byColour[0]).toMatchObject({ agent: 'first', wins: 1, losses: 1, plies: [41, 30] });
    expect(c.errorRates).toEqual([
      { file: expect.stringContaining('agent.eval-L1_R3.json'), set: 'L1_R3', positions: 50, unjudged: 1, simulations: 800, pruneLosing: false, mirrorAverage: false, raw: 0.5, search: 0.125, rawOutcome: null, searchOutcome: null },
    ]);
    // The run's metrics up to the shipped generation travel with the model.
    expect(readFileSync(join(models, 'agent.metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).generation)).toEqual([1, 2]);
    const md = readFileSync(join(models, 'agent.md'), 'utf8');
    expect(md).toContain('| first | 2 | 1 | 0 | 1 | 41 30 |');
    expect(c.training.continuedWithEmptyBufferAfter).toEqual([]);
    expect(md).not.toContain('--from portable.bin');
    expect(md).toContain('seed 2 (first): ply 9');
    expect(md).toContain('| L1_R3 | 50 | 1 | 50.0% | - | 12.5% | - | 800 |');
    const svg = readFileSync(join(models, 'agent.curve.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBe(6); // 2 losses, 2 error rates, 2 opponents
  });

  test('without --run, refreshes the results and keeps the training part and the curve (the run directory may be gone)', () => {
    const before = JSON.parse(readFileSync(join(models, 'agent.card.json'), 'utf8'));
    const svg = readFileSync(join(models, 'agent.curve.svg'), 'utf8');
    writeFileSync(
      join(models, 'agent.eval.json'),
      JSON.stringify({
        simulations: 800,
        limit: 200,
        date: '2026-01-02',
        sets: [{ set: 'L3_R1', positions: 200, unjudged: 0, rawRate: 0.2, searchRate: 0.03, rawOutcomeRate: 0.1, searchOutcomeRate: 0.005 }],
      }),
    );
    const r = card(['--models', models]);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(models, 'agent.card.json'), 'utf8'));
    expect(c.training).toEqual(before.training);
    expect(c.lastGeneration).toEqual(before.lastGeneration);
    expect(c.errorRates.map((e: { set: string }) => e.set)).toEqual(['L1_R3', 'L3_R1']);
    expect(c.errorRates[1]).toMatchObject({ rawOutcome: 0.1, searchOutcome: 0.005 });
    expect(readFileSync(join(models, 'agent.curve.svg'), 'utf8')).toBe(svg);
    expect(readFileSync(join(models, 'agent.md'), 'utf8')).toContain('| L3_R1 | 200 | 0 | 20.0% | 10.0% | 3.0% | 0.5% | 800 |');
  });

  test('without --run, a model file that is not the one the card describes is refused', () => {
    const onnx = join(models, 'agent.onnx');
    const original = readFileSync(onnx);
    writeFileSync(onnx, 'another model');
    const r = card(['--models', models]);
    writeFileSync(onnx, original);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not the file .*agent\.card\.json describes/);
  });

  test.each([
    [['--generation', '2'], /--generation and --no-copy go with --run/],
    [['--models', '<empty>'], /card.json not found: ship a generation first/],
    [['--run', '/no/such/run'], /not found: is \/no\/such\/run a training run directory/],
    [['--run', '<run>', '--generation', '4'], /--generation must be an integer >= 1 <= 3/],
    [['--run', '<run>', '--name', '../x'], /--name must be a plain file name/],
    [['--frobnicate'], /Unknown option/],
  ])('rejects %j with exit 2 and a usage line', (args, message) => {
    const empty = tempDir('card-empty-');
    const r = card(args.map((a) => (a === '<run>' ? run : a === '<empty>' ? empty : a)).concat(args.includes('--models') ? [] : ['--models', models]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: npm run card/);
  });

  test('the first perfect gate of the run is its time to perfect play; the last gates and the broad measure are listed', () => {
    const dir = tempDir('c4-card-gate-');
    const gated = join(dir, 'run');
    const out = join(dir, 'models');
    mkdirSync(gated);
    mkdirSync(out);
    writeFileSync(join(gated, 'config.json'), JSON.stringify({ name: 'gated', seed: 7, generations: 10, net: { blocks: 1, filters: 8 }, train: { batchSize: 128 } }));
    const colour = (games: number, wins: number, losses: number) => ({ games, wins, draws: 0, losses, plies: Array(games).fill(41) });
    const gate = (generation: number, perfect: boolean) => ({
      generation,
      simulations: 16000,
      mirrorAverage: true,
      second: perfect ? colour(20, 0, 20) : colour(1, 1, 0),
      first: perfect ? colour(20, 20, 0) : colour(0, 0, 0),
      perfect,
      seconds: 30,
      cpuSeconds: 40,
      wallHours: generation / 100,
      cpuHours: generation / 50,
    });
    const broad = { sets: ['L3_R1', 'L1_R3'], positions: [2, 2], raw: { exact: [1, 2], outcome: [0, 1] }, search: [{ simulations: 800, exact: [0, 1], outcome: [0, 1] }], seconds: 5, cpuSeconds: 6 };
    // A perfect gate at 3, then a failing one at 4: the card lists both, not only the first perfect one.
    const lines = [metric(1, 50), { ...metric(2, 50), gate: gate(2, false) }, { ...metric(3, 50), gate: gate(3, true), broad }, { ...metric(4, 50), gate: gate(4, false) }].map(
      // A run that trains the opponent-reply head records its loss.
      (m) => ({ ...m, loss: { ...m.loss, reply: 1.5, movesLeft: 0.01 } }),
    );
    writeFileSync(join(gated, 'metrics.jsonl'), lines.map((m) => JSON.stringify(m)).join('\n') + '\n');
    for (const g of [1, 2, 3, 4]) writeFileSync(join(gated, `gen-000${g}.onnx`), `model ${g}`);
    const r = card(['--run', gated, '--generation', '4', '--models', out]);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(out, 'agent.card.json'), 'utf8'));
    expect(c.training.timeToPerfect).toEqual({ config: 'seeds/gated.json', generation: 3, games: 20, wallHours: 0.03, cpuHours: 0.06 });
    expect(c.training.lastGates.map((g: { generation: number; perfect: boolean }) => [g.generation, g.perfect])).toEqual([[2, false], [3, true], [4, false]]);
    expect(c.training.lastBroad.total).toEqual({ positions: 4, raw: { exact: 3, outcome: 1 }, search: [{ simulations: 800, exact: 1, outcome: 1 }] });
    const md = readFileSync(join(out, 'agent.md'), 'utf8');
    expect(md).toContain('| time to perfect play | generation 3: 0.03 h wall, 0.06 h CPU (`seeds/gated.json`; first gate with 20 wins at ply 41 first and 20 losses at ply 41 second) |');
    expect(md).toContain('| 3 | 0.03 | 0-0-20 of 20 | 20-0-0 of 20 | yes |');
    expect(md).toContain('| 4 | 0.04 | 1-0-0 of 1 | 0-0-0 of 0 | no |');
    expect(md).toContain('| L1_R3 | 2 | 1 / 2 | 1 / 1 |');
    expect(md).toContain('| all | 4 | 1 / 3 | 1 / 1 |');
    expect(md).toContain('Trained from scratch by `npm run train -- --config seeds/gated.json --seed 7`, generation 4 of 10 planned;');
    const svg = readFileSync(join(out, 'agent.curve.svg'), 'utf8');
    expect(svg).toContain('outcome move errors, broad measure (4 positions of 2 sets)');
    expect(svg).toContain('reply loss');
    expect(svg).toContain('moves-left head error (plies)');
    // A run without a perfect gate says so.
    const none = tempDir('c4-card-nogate-');
    const r2 = card(['--run', run, '--generation', '2', '--models', none]);
    expect(r2.status, r2.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(none, 'agent.card.json'), 'utf8')).training.timeToPerfect).toBeNull();
    expect(readFileSync(join(none, 'agent.md'), 'utf8')).toContain('| time to perfect play | not reached: no gate of this run was perfect |');
  });

  test('a run that went on with train --from says so in its card', () => {
    const models3 = tempDir('c4-card3-');
    const r = card(['--run', run, '--generation', '3', '--models', models3]);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(models3, 'agent.card.json'), 'utf8'));
    expect(c.training.continuedWithEmptyBufferAfter).toEqual([2]);
    expect(readFileSync(join(models3, 'agent.md'), 'utf8')).toContain('replay buffer refilled from empty) after generation 2.');
  });

  test('a record measured on another file is refused; one with this file\'s sha256 is taken', () => {
    const models4 = tempDir('c4-card4-');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const record = (modelSha256: string) =>
      JSON.stringify({ model: 'x.onnx', modelSha256, simulations: 800, limit: null, date: '2026-01-03', sets: [{ set: 'L2_R2', positions: 10, unjudged: 0, rawRate: 0.3, searchRate: 0.1 }] });
    writeFileSync(join(models4, 'agent.eval-a.json'), record(sha('model 2')));
    const ok = card(['--run', run, '--generation', '2', '--models', models4]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).not.toMatch(/modelSha256/);
    writeFileSync(join(models4, 'agent.eval-b.json'), record(sha('model 1')));
    const r = card(['--run', run, '--generation', '2', '--models', models4]);
    // A failure, not a usage error: the command was right, the record is another model's.
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/agent\.eval-b\.json was measured on another model .*run it again or remove it/);
  });

  test('a record without modelSha256 (older records) is taken with a note', () => {
    const models5 = tempDir('c4-card5-');
    writeFileSync(join(models5, 'agent.eval-old.json'), JSON.stringify({ simulations: 800, limit: null, date: '2026-01-03', sets: [] }));
    const r = card(['--run', run, '--generation', '2', '--models', models5]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/agent\.eval-old\.json has no modelSha256/);
  });

  test('a set measured in parts is combined from error counts; parts with different search settings are refused', () => {
    const models6 = tempDir('c4-card6-');
    const part = (positions: number, unjudged: number, errors: number, pruneLosing: boolean, mirrorAverage?: boolean) =>
      JSON.stringify({
        simulations: 800,
        pruneLosing,
        ...(mirrorAverage === undefined ? {} : { mirrorAverage }),
        limit: null,
        date: '2026-01-04',
        sets: [
          {
            set: 'L1_R3',
            positions,
            unjudged,
            rawErrors: 2 * errors,
            rawRate: (2 * errors) / (positions - unjudged),
            searchErrors: errors,
            searchRate: errors / (positions - unjudged),
            rawOutcomeErrors: errors,
            rawOutcomeRate: errors / (positions - unjudged),
            searchOutcomeErrors: 1,
            searchOutcomeRate: 1 / (positions - unjudged),
          },
        ],
      });
    writeFileSync(join(models6, 'agent.eval-L1_R3-1-10.json'), part(10, 0, 2, true));
    writeFileSync(join(models6, 'agent.eval-L1_R3-11-40.json'), part(30, 5, 3, true));
    const ok = card(['--run', run, '--generation', '2', '--models', models6]);
    expect(ok.status, ok.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(models6, 'agent.card.json'), 'utf8'));
    // 35 judged: 10 raw errors, 5 with search, 5 raw outcome, 2 outcome with search.
    expect(c.errorRatesCombined).toEqual([
      { set: 'L1_R3', records: 2, positions: 40, judged: 35, simulations: 800, pruneLosing: true, mirrorAverage: false, raw: 10 / 35, rawOutcome: 5 / 35, search: 5 / 35, searchOutcome: 2 / 35 },
    ]);
    expect(readFileSync(join(models6, 'agent.md'), 'utf8')).toContain('| L1_R3 | 2 | 40 | 35 | 28.6% | 14.3% | 14.3% | 5.7% | 800, pruning |');
    writeFileSync(join(models6, 'agent.eval-L1_R3-41-50.json'), part(10, 0, 1, false));
    const r = card(['--models', models6]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/set L1_R3: .*agent\.eval-L1_R3-41-50\.json \(800 simulations, pruning false, mirror averaging false\).*different search settings/);
    // Mirror averaging is a search setting too: one averaged part among parts without it is refused.
    writeFileSync(join(models6, 'agent.eval-L1_R3-41-50.json'), part(10, 0, 1, true, true));
    const mixed = card(['--models', models6]);
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toMatch(/agent\.eval-L1_R3-41-50\.json \(800 simulations, pruning true, mirror averaging true\).*different search settings/);
    // All parts averaged: combined, and labelled so.
    writeFileSync(join(models6, 'agent.eval-L1_R3-1-10.json'), part(10, 0, 2, true, true));
    writeFileSync(join(models6, 'agent.eval-L1_R3-11-40.json'), part(30, 5, 3, true, true));
    const averaged = card(['--models', models6]);
    expect(averaged.status, averaged.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(models6, 'agent.card.json'), 'utf8')).errorRatesCombined[0]).toMatchObject({ records: 3, mirrorAverage: true });
    expect(readFileSync(join(models6, 'agent.md'), 'utf8')).toContain('| 800, pruning, mirror-averaged |');
  });

  test('a run that continues another (config "continues") names both stages', () => {
    const run2 = tempDir('c4-card-run2-');
    const models7 = tempDir('c4-card7-');
    writeFileSync(join(run2, 'config.json'), JSON.stringify({ name: 'tiny-ft', seed: 7, generations: 4, continues: { config: 'seeds/tiny.json', generation: 1 }, net: { blocks: 1, filters: 8 }, train: { batchSize: 128 } }));
    writeFileSync(join(run2, 'metrics.jsonl'), [metric(1, 50), metric(2, 55), metric(3, 52)].map((m) => JSON.stringify(m)).join('\n') + '\n');
    writeFileSync(join(run2, 'gen-0003.onnx'), 'model 3');
    const r = card(['--run', run2, '--generation', '3', '--models', models7]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(models7, 'agent.md'), 'utf8')).toContain(
      'Trained from scratch in two stages: generations 1-1 by `npm run train -- --config seeds/tiny.json`, then 2-3 by `npm run train -- --config seeds/tiny-ft.json --from` the previous stage\'s checkpoint (the last with seed 7;',
    );
    expect(r.stderr).toContain('seeds/tiny.json (continued by this run) not found');
  });

  test('a chain of runs (each continuing the one before) names every stage, read from the configs in seeds/', () => {
    const run3 = tempDir('c4-card-run3-');
    const models8 = tempDir('c4-card8-');
    // seeds/long-ft.json continues seeds/long.json at 300; this run continues seeds/long-ft.json at 302.
    writeFileSync(join(run3, 'config.json'), JSON.stringify({ name: 'tiny-div', seed: 9, generations: 310, continues: { config: 'seeds/long-ft.json', generation: 302 }, net: { blocks: 1, filters: 8 }, selfplay: { randomOpeningFraction: 0.5, randomOpeningPlies: 12, search: { simulations: 400 } }, train: { batchSize: 128 } }));
    const metrics = Array.from({ length: 304 }, (_, i) => metric(i + 1, 50));
    writeFileSync(join(run3, 'metrics.jsonl'), metrics.map((m) => JSON.stringify(m)).join('\n') + '\n');
    writeFileSync(join(run3, 'gen-0304.onnx'), 'model 304');
    const r = card(['--run', run3, '--models', models8]);
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(models8, 'agent.md'), 'utf8');
    expect(md).toContain(
      'Trained from scratch in three stages: generations 1-300 by `npm run train -- --config seeds/long.json`, then 301-302 by `npm run train -- --config seeds/long-ft.json --from` the previous stage\'s checkpoint, then 303-304 by `npm run train -- --config seeds/tiny-div.json --from` the previous stage\'s checkpoint (the last with seed 9;',
    );
    expect(md).toContain('50% of games opened with 1-12 random moves');
    expect(JSON.parse(readFileSync(join(models8, 'agent.card.json'), 'utf8')).training.stages).toEqual([
      { config: 'seeds/long.json', first: 1, last: 300 },
      { config: 'seeds/long-ft.json', first: 301, last: 302 },
      { config: 'seeds/tiny-div.json', first: 303, last: 304 },
    ]);
  });

  test('a card that fails writes nothing: the model, curve and metrics in place stay as they were', () => {
    const models9 = tempDir('c4-card9-');
    writeFileSync(join(models9, 'agent.onnx'), 'the shipped model');
    const sha = createHash('sha256').update('model 1').digest('hex');
    writeFileSync(join(models9, 'agent.eval-x.json'), JSON.stringify({ modelSha256: sha, simulations: 800, limit: null, date: '2026-01-03', sets: [] }));
    const before = readdirSync(models9).sort();
    const r = card(['--run', run, '--generation', '2', '--models', models9]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/agent\.eval-x\.json was measured on another model/);
    expect(readdirSync(models9).sort()).toEqual(before);
    expect(readFileSync(join(models9, 'agent.onnx'), 'utf8')).toBe('the shipped model');
  });

  test.each([
    ['a corrupt match record', 'agent.match-solver-first.json', '{"config": {"opp', /agent\.match-solver-first\.json is not valid JSON \(.*\): is it corrupt or cut short\?/],
    ['a record that is not an object', 'agent.eval-y.json', '[1, 2]', /agent\.eval-y\.json is not a record/],
  ])('%s is one line of error, exit 1, and nothing written', (_, file, text, message) => {
    const models10 = tempDir('c4-card10-');
    writeFileSync(join(models10, file), text);
    const r = card(['--run', run, '--generation', '2', '--models', models10]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(models10)).toEqual([file]);
  });

  test('a truncated metrics.jsonl is named with its line, exit 1, nothing written', () => {
    const run4 = tempDir('c4-card-run4-');
    const models11 = tempDir('c4-card11-');
    writeFileSync(join(run4, 'config.json'), JSON.stringify({ name: 'tiny', seed: 7, generations: 10, net: { blocks: 1, filters: 8 }, train: { batchSize: 128 } }));
    writeFileSync(join(run4, 'metrics.jsonl'), `${JSON.stringify(metric(1, 50))}\n${JSON.stringify(metric(2, 50)).slice(0, 40)}\n`);
    writeFileSync(join(run4, 'gen-0001.onnx'), 'model 1');
    const r = card(['--run', run4, '--models', models11]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: ${join(run4, 'metrics.jsonl')}:2: not a JSON line (`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(models11)).toEqual([]);
  });

  test('a stray argument is a usage error', () => {
    const r = card(['runs/long']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unexpected argument "runs/long"');
  });

  test('--help prints the usage and exits 0', () => {
    const r = card(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: npm run card/);
  });
});

describe('the committed card', () => {
  test('models/agent.md and agent.card.json are exactly what npm run card writes from the committed records', () => {
    const root = ROOT;
    const copy = tempDir('c4-card-committed-');
    for (const f of readdirSync(join(root, 'models')).filter((name) => name.startsWith('agent.'))) copyFileSync(join(root, 'models', f), join(copy, f));
    const r = card(['--models', copy]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(copy, 'agent.md'), 'utf8')).toBe(readFileSync(join(root, 'models', 'agent.md'), 'utf8'));
    const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
    expect(json(join(copy, 'agent.card.json'))).toEqual(json(join(root, 'models', 'agent.card.json')));
    rmSync(copy, { recursive: true, force: true });
  });
});
