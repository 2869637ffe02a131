/** Run configs: defaults filled in, bad values refused with the field named. */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configProblems } from '../../training/run/config-check.js';
import { learningRateAt, resolveConfig } from '../../training/run/config.js';

describe('resolveConfig', () => {
  test('random openings are off unless a config asks for them', () => {
    const cfg = resolveConfig({ name: 'x', seed: 1 });
    expect(cfg.selfplay).toMatchObject({ randomOpeningFraction: 0, randomOpeningPlies: 0 });
    const on = resolveConfig({ name: 'x', seed: 1, selfplay: { randomOpeningFraction: 0.5, randomOpeningPlies: 8 } });
    expect(on.selfplay).toMatchObject({ randomOpeningFraction: 0.5, randomOpeningPlies: 8, games: 256 });
  });

  test.each([
    [{ randomOpeningFraction: 1.5 }, 'selfplay.randomOpeningFraction'],
    [{ randomOpeningFraction: '0.5' }, 'selfplay.randomOpeningFraction'],
    [{ randomOpeningPlies: 2.5 }, 'selfplay.randomOpeningPlies'],
    [{ randomOpeningPlies: -1 }, 'selfplay.randomOpeningPlies'],
  ])('%j is refused', (selfplay, field) => {
    expect(() => resolveConfig({ name: 'x', seed: 1, selfplay: selfplay as never })).toThrow(field);
  });
});

describe('configProblems: every key known, every value typed and in range', () => {
  test.each([
    [{ bogus: 1 }, '"bogus" is not a known key'],
    [{ selfplay: { gmaes: 3 } }, '"selfplay.gmaes" is not a known key'],
    [{ generations: '2' }, '"generations" must be an integer from 1'],
    [{ generations: -1 }, '"generations" must be an integer from 1'],
    [{ selfplay: [1, 2, 3] }, '"selfplay" must be an object'],
    [{ net: { blocks: 'two' } }, '"net.blocks" must be an integer'],
    [{ train: { learningRate: 'fast' } }, '"train.learningRate" must be a number above 0'],
    [{ train: { batchSize: 0 } }, '"train.batchSize" must be an integer from 1'],
    [{ selfplay: { workers: 'many' } }, '"selfplay.workers" must be "auto" or an integer'],
    [{ schedule: [{ fromGeneration: 5 }, { fromGeneration: 5 }] }, '"schedule[1].fromGeneration" must be larger'],
    [{ schedule: [{ fromGeneration: 5, selfplay: { search: { simulations: 0 } } }] }, '"schedule[0].selfplay.search.simulations" must be an integer from 1'],
    [{ gate: { every: 1.5 } }, '"gate.every" must be an integer'],
    [{ selfplay: { search: { forcedPlayouts: -1 } } }, '"selfplay.search.forcedPlayouts" must be a number from 0'],
    [{ train: { learningRateSchedule: 'linear' } }, '"train.learningRateSchedule" must be one of "cosine", "one-cycle"'],
    [{ train: { warmupFraction: 1 } }, '"train.warmupFraction" must be a number from 0 to 0.9'],
    // The name is the run's folder under runs/: '..' would write the run into the repository's root.
    [{ name: '..' }, '"name" must be a plain word'],
    [{ name: '.' }, '"name" must be a plain word'],
  ])('%j: %s', (extra, message) => {
    expect(configProblems({ name: 'x', seed: 1, ...extra }).join('\n')).toContain(message);
  });

  test('a config without name or seed is refused; every committed config passes', () => {
    expect(configProblems({ seed: 1 })).toContain('"name" is required');
    expect(configProblems({ name: 'x' })).toContain('"seed" is required');
    const dir = join(import.meta.dirname, '..', '..', 'seeds');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      expect(configProblems(JSON.parse(readFileSync(join(dir, f), 'utf8'))), f).toEqual([]);
    }
  });
});

describe('learningRateAt', () => {
  const run = (generations: number, train: object = {}) =>
    resolveConfig({ name: 'x', seed: 1, generations, train: { learningRate: 1e-3, finalLearningRate: 1e-4, ...train } });
  const oneCycle = run(41, { learningRateSchedule: 'one-cycle', warmupFraction: 0.15 });

  test.each([
    // [schedule, generation of 41, learning rate, why]
    ['cosine', 1, 1e-3, 'the default starts at the peak'],
    ['cosine', 21, 5.5e-4, 'half way down at half the run'],
    ['cosine', 41, 1e-4, 'the floor at the last generation'],
    ['one-cycle', 1, 1e-4, 'the warm-up starts at the floor'],
    ['one-cycle', 4, 5.5e-4, 'half way up at half the warm-up (t = 0.075)'],
    ['one-cycle', 7, 1e-3, 'the peak at 15% of the run (t = 0.15)'],
    ['one-cycle', 24, 5.5e-4, 'half way down at half the decay (t = 0.575)'],
    ['one-cycle', 41, 1e-4, 'the floor at the last generation'],
  ])('%s, generation %i: %f (%s)', (schedule, gen, lr) => {
    const cfg = schedule === 'cosine' ? run(41) : oneCycle;
    expect(learningRateAt(cfg, gen)).toBeCloseTo(lr, 12);
  });

  test('cosine is the default and unchanged: 0.5 (1 + cos(pi t)) between the two rates', () => {
    const cfg = run(20);
    expect(cfg.train.learningRateSchedule).toBe('cosine');
    for (let g = 1; g <= 20; g++) expect(learningRateAt(cfg, g)).toBe(1e-4 + (1e-3 - 1e-4) * 0.5 * (1 + Math.cos(Math.PI * ((g - 1) / 19))));
  });

  test('one-cycle rises to the peak, then falls to the floor, never outside the two rates', () => {
    const lrs = Array.from({ length: 41 }, (_, i) => learningRateAt(oneCycle, i + 1));
    const peak = lrs.indexOf(Math.max(...lrs));
    expect(peak).toBe(6);
    for (let i = 1; i < lrs.length; i++) expect(Math.sign(lrs[i] - lrs[i - 1])).toBe(i <= peak ? 1 : -1);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-4 - 1e-15);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1e-3 + 1e-15);
  });
});
