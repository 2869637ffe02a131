/**
 * The shareable URL: `?pos=4453` holds the line on screen in Pons' notation
 * and `&ply=2` the position shown when it is not the line's last. Pure
 * functions over URL strings, so the sync rules are unit tested; the
 * component calls history.replaceState with their result.
 */

/** The name of the query parameter that holds the moves. */
export const POS_PARAM = 'pos';

/** The `?pos=` value of `href`, or null when absent. */
export function posOf(href: string): string | null {
  return new URL(href).searchParams.get(POS_PARAM);
}

/**
 * `href` with `?pos=` set to `notation`, or removed for the empty game.
 * Other parameters and the hash are kept.
 */
export function withPos(href: string, notation: string): string {
  const url = new URL(href);
  if (notation === '') url.searchParams.delete(POS_PARAM);
  else url.searchParams.set(POS_PARAM, notation);
  return url.toString();
}

/** The name of the query parameter that holds how many of the line's moves are on the board. */
export const PLY_PARAM = 'ply';

/** The `&ply=` value of `href` as a whole number of moves, or null when absent or not a number. */
export function plyOf(href: string): number | null {
  const raw = new URL(href).searchParams.get(PLY_PARAM);
  if (raw === null || !/^\d{1,3}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** `href` with `&ply=` set to `ply`, or removed when the board shows the whole line (`ply` >= `length`). */
export function withPly(href: string, ply: number, length: number): string {
  const url = new URL(href);
  if (ply >= length) url.searchParams.delete(PLY_PARAM);
  else url.searchParams.set(PLY_PARAM, String(ply));
  return url.toString();
}
