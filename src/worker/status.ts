/**
 * The engine status model that the UI renders (lichess ceval: Loading,
 * Idle, Computing, Failed), as a pure reducer: every change is an event,
 * and `next(state, event)` is the only way to a new state. The rule that
 * makes "the newest request cancels older ones" safe lives here: results
 * and progress of any id but the current one are dropped.
 */
import type { EngineStatus } from './protocol.js';

export interface EngineState<R> {
  status: EngineStatus;
  /** Why the engine failed, for people; null unless status is 'failed'. */
  error: string | null;
  /** Id of the newest work started or stopped; older ids are stale. */
  current: number;
  /** The current work's latest result: partial while computing, final once idle. */
  result: R | null;
  /** True when `result` is the final answer of the current work. */
  final: boolean;
}

export type EngineEvent<R> =
  /** (Re)loading the engine: after a failure, a retry starts here. */
  | { type: 'load' }
  | { type: 'ready' }
  | { type: 'fail'; error: string }
  /** New work; ids increase. Allowed while loading (it will run once ready). */
  | { type: 'start'; id: number }
  | { type: 'progress'; id: number; result: R }
  | { type: 'done'; id: number; result: R }
  /** Cancels the current work; `id` becomes current so that late answers are dropped. */
  | { type: 'stop'; id: number };

export function initialState<R>(): EngineState<R> {
  return { status: 'loading', error: null, current: 0, result: null, final: false };
}

export function next<R>(s: EngineState<R>, e: EngineEvent<R>): EngineState<R> {
  switch (e.type) {
    case 'load':
      return { ...s, status: 'loading', error: null, result: null, final: false };
    case 'ready':
      return s.status === 'loading' ? { ...s, status: 'idle' } : s;
    case 'fail':
      return { ...s, status: 'failed', error: e.error, final: false };
    case 'start':
      if (e.id <= s.current) return s;
      return {
        ...s,
        current: e.id,
        result: null,
        final: false,
        status: s.status === 'idle' || s.status === 'computing' ? 'computing' : s.status,
      };
    case 'progress':
      if (e.id !== s.current || s.status !== 'computing') return s;
      return { ...s, result: e.result, final: false };
    case 'done':
      if (e.id !== s.current || s.status !== 'computing') return s;
      return { ...s, status: 'idle', result: e.result, final: true };
    case 'stop':
      if (e.id <= s.current) return s;
      return { ...s, current: e.id, result: null, final: false, status: s.status === 'computing' ? 'idle' : s.status };
  }
}

/** A short label of a status for people. */
export function statusLabel(status: EngineStatus): string {
  switch (status) {
    case 'loading':
      return 'Loading…';
    case 'idle':
      return 'Ready';
    case 'computing':
      return 'Thinking…';
    case 'failed':
      return 'Failed';
  }
}
