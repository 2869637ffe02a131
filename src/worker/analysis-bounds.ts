/**
 * What the proofs of one analysis say together, as pure arithmetic on score
 * bounds (Pons' convention, for the side to move): the position's range from
 * its own search and its columns (it scores the best of its columns), each
 * column capped by the position's range (no column scores more than the
 * position: in a lost position every column is a loss), and two analyses of
 * one position merged into one that knows what either proved, so that what
 * the panel shows only ever narrows.
 */
import { CENTRE_FIRST, MAX_MOVES, WIDTH, parseMoves, type Position } from '../engine/index.js';
import type { SolverResult } from './protocol.js';

export type Bounds = [number, number];

/** The lowest score a playable column (or the position) can have at `pos`: a loss to the opponent's next stone but one. */
export function lowestScore(pos: Position): number {
  return -((MAX_MOVES - pos.moves) >> 1);
}

/** The highest score a column can have at `pos`: a win with the mover's next stone. */
export function highestScore(pos: Position): number {
  return (MAX_MOVES + 1 - pos.moves) >> 1;
}

/**
 * The position's proven range: the search of the position itself, narrowed
 * by its columns (the position scores at least every column's min, and at
 * most the largest max once every playable column has bounds), within the
 * scores a position of its ply can have.
 */
export function positionRange(searched: readonly [number, number] | null, bounds: readonly (readonly [number, number] | null)[], pos: Position): Bounds {
  let lo = lowestScore(pos);
  const legalMax = highestScore(pos);
  let hi = -Infinity;
  for (let c = 0; c < WIDTH; c++) {
    if (!pos.canPlay(c)) continue;
    const b = bounds[c];
    if (b) lo = Math.max(lo, b[0]);
    hi = Math.max(hi, b ? b[1] : legalMax);
  }
  hi = Math.min(hi, legalMax);
  if (searched) {
    lo = Math.max(lo, searched[0]);
    hi = Math.min(hi, searched[1]);
  }
  return [lo, hi];
}

/**
 * Each playable column's bounds capped by the position's max `positionMax`
 * (a move never scores more than the position it is played in): a column
 * not searched yet gets [lowest, positionMax] when that says anything, one
 * proven at least positionMax is exactly positionMax. Full columns stay null.
 */
export function capColumns(bounds: readonly (readonly [number, number] | null)[], positionMax: number, pos: Position): (Bounds | null)[] {
  return Array.from({ length: WIDTH }, (_, c) => {
    if (!pos.canPlay(c)) return null;
    const b = bounds[c];
    if (!b) return positionMax < highestScore(pos) ? [lowestScore(pos), positionMax] : null;
    const hi = Math.min(b[1], positionMax);
    return [Math.min(b[0], hi), hi];
  });
}

/** The proofs of one analysis: the position's own search and its columns' ranges as searched. */
export interface Proofs {
  moves: string;
  /** The position's own search, null before it answered. */
  searched: readonly [number, number] | null;
  /** Each column's searched range, null where not searched (or full). */
  columns: readonly (readonly [number, number] | null)[];
}

/** The fields of a SolverResult that the proofs decide. */
export type Proven = Pick<SolverResult, 'scores' | 'solved' | 'bounds' | 'position' | 'complete'>;

/** What `p` proves, as the panel reads it: the position's range, its columns capped by it, the solved ones' scores. */
export function proven(p: Proofs): Proven {
  const pos = parseMoves(p.moves);
  if (pos.isOver) return { scores: Array(WIDTH).fill(null), solved: Array(WIDTH).fill(false), bounds: Array(WIDTH).fill(null), position: null, complete: false };
  const position = positionRange(p.searched, p.columns, pos);
  const bounds = capColumns(p.columns, position[1], pos);
  const solved = bounds.map((b) => b !== null && b[0] === b[1]);
  return {
    // `+ 0`: a draw is 0, never -0.
    scores: bounds.map((b, c) => (solved[c] && b ? b[0] + 0 : null)),
    solved,
    bounds,
    position,
    complete: CENTRE_FIRST.every((c) => !pos.canPlay(c) || solved[c]),
  };
}

/** The intersection of two proven ranges of one score (either may be unknown). */
function intersect(a: readonly [number, number] | null, b: readonly [number, number] | null): Bounds | null {
  if (!a) return b ? [b[0], b[1]] : null;
  if (!b) return [a[0], a[1]];
  return [Math.max(a[0], b[0]), Math.min(a[1], b[1])];
}

/**
 * Two results for one position (an earlier analysis, or progress of one,
 * and a newer one) as one that keeps what either proved: every range is the
 * intersection, so a verdict once shown never goes back to unknown, whatever
 * the newer analysis has reached yet. The timing fields (ms, nodes, final,
 * timedOut) are the analysis that completed it, else the newer one's.
 */
export function mergeResults(old: SolverResult | null | undefined, r: SolverResult): SolverResult {
  if (!old || old.moves !== r.moves) return r;
  const proofs: Proofs = {
    moves: r.moves,
    searched: intersect(old.position, r.position),
    columns: r.bounds.map((b, c) => intersect(old.bounds[c], b)),
  };
  const p = proven(proofs);
  const timing = old.complete ? old : r;
  return { ...timing, ...p, id: r.id, final: old.final || r.final, timedOut: !p.complete && (old.final || r.final) };
}
