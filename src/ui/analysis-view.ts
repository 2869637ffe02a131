/**
 * What the "Perfect play" panel and the marks under the columns show of the
 * position on screen, as pure functions of what the solver proved of it
 * (every analysis of that position merged, src/worker/analysis-bounds.ts)
 * and of what the solver is doing. The rules that keep the panel honest
 * (issue 28) live here, each tested as a table:
 * - a column's label comes from its bounds, capped by the position's range:
 *   in a lost position every column is at least "Loss", never "Not solved";
 * - the progress line counts the columns that show a verdict, so it never
 *   says "0 columns" beside one;
 * - what was proven only narrows, so a verdict never reverts to "…";
 * - "Solved in N ms" only once every column shows its exact score, and only
 *   about the position on screen.
 * Each column also has its score in Pons' numbers ("+18", "≥0"), for the
 * players who chose them, and a kind that colours its badge.
 */
import { WIDTH } from '../engine/index.js';
import type { EngineStatus, SolverResult } from '../worker/protocol.js';
import { boundTitle, boundWords, positionWords, scoreTitle, scoreWords } from './words.js';

/** The label of a column still being solved. */
export const SOLVING_MARK = '…';
/** The label of a column an ended analysis proved nothing of (it fits a column at 390 px, on two lines). */
export const UNSOLVED_MARK = 'Not solved';

/**
 * A playable column's label: its score in words once exact ("Win in 3"),
 * else what its bounds prove ("Loss", "Draw or win"), else "…" while
 * `solving` and "Not solved" once an analysis ended (`ended`).
 */
export function columnLabel(bounds: readonly [number, number] | null, ply: number, solving: boolean, ended: boolean): string {
  if (bounds && bounds[0] === bounds[1]) return scoreWords(bounds[0], ply);
  const words = bounds ? boundWords(bounds[0], bounds[1]) : null;
  if (words !== null) return words;
  return solving || !ended ? SOLVING_MARK : UNSOLVED_MARK;
}

/**
 * The same label in Pons' numbers, as his solver prints them: the exact
 * score ("+18", "0", "-3"), else the proven bound ("≥+2", "≤-1", "≥0",
 * "≤0"), else "…" or "Not solved" as columnLabel.
 */
export function columnNumber(bounds: readonly [number, number] | null, solving: boolean, ended: boolean): string {
  const signed = (s: number) => (s > 0 ? `+${s}` : String(s));
  if (bounds && bounds[0] === bounds[1]) return signed(bounds[0]);
  if (bounds && bounds[0] >= 0) return `≥${signed(bounds[0])}`;
  if (bounds && bounds[1] <= 0) return `≤${signed(bounds[1])}`;
  return solving || !ended ? SOLVING_MARK : UNSOLVED_MARK;
}

/** What a column's bounds prove, for the colour of its badge; '' when nothing is. */
export type MarkKind = 'win' | 'loss' | 'draw' | 'draw-or-win' | 'draw-or-loss' | '';

export function markKind(bounds: readonly [number, number] | null): MarkKind {
  if (!bounds) return '';
  const [min, max] = bounds;
  if (min > 0) return 'win';
  if (max < 0) return 'loss';
  if (min === 0 && max === 0) return 'draw';
  if (min >= 0) return 'draw-or-win';
  if (max <= 0) return 'draw-or-loss';
  return '';
}

/** Whether a label is a verdict (an exact score, an outcome or a bound), not "…" or "Not solved". */
export function isVerdict(label: string | null): boolean {
  return label !== null && label !== SOLVING_MARK && label !== UNSOLVED_MARK;
}

/** Everything the board shows of one playable column's analysis. */
export interface ColumnMark {
  /** In words: "Win in 3", "Draw or loss", "…", "Not solved". */
  words: string;
  /** In Pons' numbers: "+18", "≤0", "…", "Not solved". */
  number: string;
  /** The colour of its badge. */
  kind: MarkKind;
  /** The long form for hover and screen readers, with the raw score or bounds; null while nothing is proven. */
  title: string | null;
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
  /** The label under each column in words (null: full, or nothing to show). */
  marks: (string | null)[] | null;
  /** Each column's mark in full (words, Pons' number, kind, title); null where `marks` is. */
  columns: (ColumnMark | null)[] | null;
  status: AnalysisStatus;
  /** The position's own verdict in a sentence, once proven. */
  verdict: string | null;
}

/** What the panel and the board show of the position on screen, while the analysis is on. */
export function analysisView(o: AnalysisInput): AnalysisView {
  const k = o.known;
  const solving = o.working && o.engine === 'computing';
  const ended = k?.final ?? false;
  const columns = o.over ? null : Array.from({ length: WIDTH }, (_, c) => (o.playable[c] ? columnMark(k?.bounds[c] ?? null, o.ply, solving, ended) : null));
  const marks = columns?.map((m) => m?.words ?? null) ?? null;
  const verdict = !o.over && k?.position ? positionWords(k.position[0], k.position[1], o.ply) : null;
  return { marks, columns, status: statusOf(o, marks, solving), verdict };
}

function columnMark(bounds: readonly [number, number] | null, ply: number, solving: boolean, ended: boolean): ColumnMark {
  const words = columnLabel(bounds, ply, solving, ended);
  let title: string | null = null;
  if (bounds && bounds[0] === bounds[1]) title = scoreTitle(bounds[0], ply);
  else if (bounds && isVerdict(words)) title = boundTitle(bounds[0], bounds[1]);
  return { words, number: columnNumber(bounds, solving, ended), kind: markKind(bounds), title };
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
