import { describe, expect, test } from 'vitest';
import { initialState, next, statusLabel, type EngineEvent, type EngineState } from '../../src/worker/status.js';

type R = { id: number; v: string };
const r = (id: number, v = 'x'): R => ({ id, v });

/** Runs events from the initial state and returns the final state. */
function run(events: EngineEvent<R>[]): EngineState<R> {
  return events.reduce(next, initialState<R>());
}

describe('engine status reducer (Loading / Idle / Computing / Failed)', () => {
  test.each<[string, EngineEvent<R>[], Partial<EngineState<R>>]>([
    ['starts loading', [], { status: 'loading', current: 0, result: null }],
    ['ready -> idle', [{ type: 'ready' }], { status: 'idle' }],
    ['start -> computing', [{ type: 'ready' }, { type: 'start', id: 1 }], { status: 'computing', current: 1 }],
    ['progress shows a partial result', [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'progress', id: 1, result: r(1, 'p') }], { status: 'computing', result: r(1, 'p'), final: false }],
    ['done -> idle with the final result', [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'done', id: 1, result: r(1) }], { status: 'idle', result: r(1), final: true }],
    [
      'a newer start supersedes: the old result is dropped',
      [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'start', id: 2 }, { type: 'done', id: 1, result: r(1) }],
      { status: 'computing', current: 2, result: null },
    ],
    [
      'old progress after a newer start is dropped',
      [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'start', id: 2 }, { type: 'progress', id: 1, result: r(1) }],
      { result: null, current: 2 },
    ],
    ['stale start ids are ignored', [{ type: 'ready' }, { type: 'start', id: 5 }, { type: 'start', id: 3 }], { current: 5 }],
    [
      'stop -> idle, and the late answer is dropped',
      [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'stop', id: 2 }, { type: 'done', id: 1, result: r(1) }],
      { status: 'idle', current: 2, result: null, final: false },
    ],
    ['start while loading stays loading (queued)', [{ type: 'start', id: 1 }], { status: 'loading', current: 1 }],
    ['fail -> failed with a message', [{ type: 'fail', error: 'no model' }], { status: 'failed', error: 'no model' }],
    ['a late result after a failure is dropped', [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'fail', error: 'x' }, { type: 'done', id: 1, result: r(1) }], { status: 'failed', result: null }],
    ['retry: load clears the error', [{ type: 'fail', error: 'x' }, { type: 'load' }], { status: 'loading', error: null }],
    ['ready only ends loading', [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'ready' }], { status: 'computing' }],
    ['start after done computes again', [{ type: 'ready' }, { type: 'start', id: 1 }, { type: 'done', id: 1, result: r(1) }, { type: 'start', id: 2 }], { status: 'computing', result: null, final: false }],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toMatchObject(expected);
  });

  test('events that change nothing return the same object (no needless re-render)', () => {
    const s = run([{ type: 'ready' }, { type: 'start', id: 2 }]);
    expect(next(s, { type: 'done', id: 1, result: r(1) })).toBe(s);
    expect(next(s, { type: 'start', id: 2 })).toBe(s);
  });

  test.each([
    ['loading', 'Loading…'],
    ['idle', 'Ready'],
    ['computing', 'Thinking…'],
    ['failed', 'Failed'],
  ] as const)('label of %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });
});
