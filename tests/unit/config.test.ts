/** Run configs: defaults filled in, bad values refused with the field named. */
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../training/config.js';

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
