import { describe, expect, test } from 'vitest';
import { WorkIds } from '../../src/worker/skeleton.js';

describe('worker skeleton: WorkIds', () => {
  test('a newer request supersedes the work in progress, an older one never runs', async () => {
    const ids = new WorkIds();
    const seen: string[] = [];
    const first = ids.run(1, undefined, async (isCurrent) => {
      seen.push('1 starts');
      while (isCurrent()) await new Promise((r) => setTimeout(r, 1));
      seen.push('1 stops');
      return null;
    });
    await new Promise((r) => setTimeout(r, 5));
    const second = ids.run(2, undefined, () => 'two');
    const stale = ids.run(1, undefined, () => 'stale');
    expect(await Promise.all([first, second, stale])).toEqual([null, 'two', null]);
    expect(seen).toEqual(['1 starts', '1 stops']);
  });

  test('reads the shared cancel word while the work blocks', async () => {
    let word = 0;
    const ids = new WorkIds(() => word);
    const out = ids.run(3, undefined, (isCurrent) => {
      const before = isCurrent();
      word = 4; // the page wrote a newer id
      return [before, isCurrent()];
    });
    expect(await out).toEqual([true, false]);
  });

  test('supersede() without a new request stops the work too', async () => {
    const ids = new WorkIds();
    ids.supersede(7);
    expect(await ids.run(6, undefined, () => 'ran')).toBeNull();
    expect(await ids.run(7, undefined, () => 'ran')).toBe('ran');
  });
});
