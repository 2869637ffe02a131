/**
 * The shareable URL: `?pos=4453` holds the game in Pons' notation. Pure
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
