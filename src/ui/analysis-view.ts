/**
 * What the "Perfect play" panel and the marks under the columns show of the
 * position on screen, as pure functions of what the solver proved of it
 * (every analysis of that position merged, src/worker/analysis-bounds.ts)
 * and of what the solver is doing. The rules that keep the panel honest
 * (issue 28) live here, each tested as a table:
 * - a column's label comes from its bounds, capped by the position's range:
 *   in a lost position every column is at least "Loss", never "Unproven";
 * - the progress line counts the columns that show a verdict, so it never
 *   says "0 columns" beside one;
 * - what was proven only narrows, so a verdict never reverts to "…";
 * - "Solved in N ms" only once every column shows its exact score, and only
 *   about the position on screen.
 */
import { WIDTH } from '../engine/index.js';
import type { EngineStatus, SolverResult } from '../worker/protocol.js';
import { boundWords, positionWords, scoreWords } from './words.js';

/** The label of a column still being solved. */
export const SOLVING_MARK = '…';
/** The label of a column an ended analysis proved nothing of. */
export const UNPROVEN_MARK = 'Unproven';

/**
 * A playable column's label: its score in words once exact ("Win in 3"),
 * else what its bounds prove ("Loss", "Draw or win"), else "…" while
 * `solving` and "Unproven" once an analysis ended (`ended`).
 */
export function columnLabel(bounds: readonly [number, number] | null, ply: number, solving: boolean, ended: boolean): string {
  if (bounds && bounds[0] === bounds[1]) return scoreWords(bounds[0], ply);
  const words = bounds ? boundWords(bounds[0], bounds[1]) : null;
  if (words !== null) return words;
  return solving || !ended ? SOLVING_MARK : UNPROVEN_MARK;
}

/** Whether a label is a verdict (an exact score, an outcome or a bound), not "…" or "Unproven". */
export function isVerdict(label: string | null): boolean {
  return label !== null && label !== SOLVING_MARK && label !== UNPROVEN_MARK;
}

/** What the status line of the panel says. */
export type AnalysisStatus =
  | { kind: 'failed'; error: string }
  | { kind: 'loading' }
  /** The game on screen is over: nothing to solve. */
  | { kind: 'over' }
  /** Every column exact: the analysis that completed it took `ms`, searching `nodes` positions. */
  | { kind: 'solved'; ms: number; nodes: number }
  /** The solver works on the position on screen: `proven` of `playable` columns show a verdict. */
  | { kind: 'solving'; proven: number; playable: number }
  /** An analysis of this position ended short of every column. */
  | { kind: 'timed-out' }
  /** Nothing known yet and the solver not on it (yet). */
  | { kind: 'waiting'; engine: EngineStatus };

export interface AnalysisInput {
  /** The position on screen is over. */
  over: boolean;
  /** Its side to move's ply (for the words), and which columns are playable. */
  ply: number;
  playable: readonly boolean[];
  /** What is proven of it: every analysis of it merged (mergeResults), or null. */
  known: SolverResult | null;
  /** The solver engine's status and error. */
  engine: EngineStatus;
  error: string | null;
  /** The solver's current work is this position. */
  working: boolean;
}

export interface AnalysisView {
  /** The label under each column (null: full, or nothing to show). */
  marks: (string | null)[] | null;
  /** The exact scores behind the marks, for their hover text. */
  raw: (number | null)[] | null;
  status: AnalysisStatus;
  /** The position's own verdict in a sentence, once proven. */
  verdict: string | null;
}

/** What the panel and the board show of the position on screen, while the analysis is on. */
export function analysisView(o: AnalysisInput): AnalysisView {
  const k = o.known;
  const solving = o.working && o.engine === 'computing';
  const marks = o.over
    ? null
    : Array.from({ length: WIDTH }, (_, c) => (o.playable[c] ? columnLabel(k?.bounds[c] ?? null, o.ply, solving, k?.final ?? false) : null));
  const raw = o.over || !k ? null : k.scores.map((s, c) => (o.playable[c] ? s : null));
  const verdict = !o.over && k?.position ? positionWords(k.position[0], k.position[1], o.ply) : null;
  return { marks, raw, status: statusOf(o, marks, solving), verdict };
}

function statusOf(o: AnalysisInput, marks: readonly (string | null)[] | null, solving: boolean): AnalysisStatus {
  if (o.engine === 'failed') return { kind: 'failed', error: o.error ?? 'the solver failed' };
  if (o.engine === 'loading') return { kind: 'loading' };
  if (o.over || !marks) return { kind: 'over' };
  const k = o.known;
  if (k?.complete) return { kind: 'solved', ms: k.ms, nodes: k.nodes };
  if (solving) return { kind: 'solving', proven: marks.filter(isVerdict).length, playable: o.playable.filter(Boolean).length };
  if (k?.final) return { kind: 'timed-out' };
  return { kind: 'waiting', engine: o.engine };
}
