/**
 * The drop animation of a new disc: a Svelte `in:` transition that falls
 * from above the board, with gravity-like easing. Under
 * `prefers-reduced-motion: reduce` it takes no time at all (WCAG 2.3.3).
 */
import type { TransitionConfig } from 'svelte/transition';

export interface FallParams {
  /** How many cell heights the disc falls (from above the top row to its row). */
  rows: number;
  /** Milliseconds per row fallen; the first rows take as long as the last. */
  msPerRow?: number;
}

/** True when the user asked the system for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function fall(_node: Element, { rows, msPerRow = 55 }: FallParams): TransitionConfig {
  if (prefersReducedMotion()) return { duration: 0 };
  // sqrt: a falling body covers distance ~ t^2, so time ~ sqrt(distance).
  const duration = Math.round(msPerRow * 2.2 * Math.sqrt(rows));
  return {
    duration,
    // 112%: one disc height plus the gap between cells, roughly.
    // Ease-in quadratic = constant acceleration; `u` goes 1 -> 0.
    css: (_t, u) => `transform: translateY(${(-(rows * 112 * (1 - (1 - u) * (1 - u)))).toFixed(1)}%)`,
  };
}
