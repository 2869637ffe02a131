/** Run configs: defaults filled in, bad values refused with the field named. */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configProblems } from '../../training/run/config-check.js';
import { resolveConfig } from '../../training/run/config.js';

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
