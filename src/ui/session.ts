/**
 * What survives a reload and what a link says. A link's `?pos=` (and
 * `&ply=`, url.ts) opens that line for analysis (both sides by hand) unless `&side=red|yellow` says
 * which side the visitor plays, so the agent never moves for the visitor.
 * The address bar follows the game (addressUpdate): `?pos=` always, and
 * `side` while playing the agent, so a reload (or the link) keeps the side. The strength, the analysis switch,
 * its time limit and its numbers or words, and the way to play chosen for a fresh game, are kept in
 * localStorage. Pure functions; the Storage is passed in.
 */
import type { Change } from './game.svelte.js';
import { LEVELS, type Mode } from './seats.js';
import { posOf, withPly, withPos } from './url.js';

/** The query parameter naming the visitor's side. */
export const SIDE_PARAM = 'side';

/** The query parameter holding the game id: the seed of the weaker levels' draws (agent/levels.ts drawSeed). */
export const GAME_PARAM = 'game';

/** The game id of `seed` as written in the address: base 36 (a uint32 in at most 7 characters). */
export function gameIdOf(seed: number): string {
  return (seed >>> 0).toString(36);
}

/** The seed a `game` value names, or null when absent or not an id (gameIdOf's form). */
export function seedOfGameId(id: string | null): number | null {
  if (id === null || !/^[0-9a-z]{1,7}$/i.test(id.trim())) return null;
  const n = parseInt(id.trim().toLowerCase(), 36);
  return n >= 1 && n <= 0xffffffff ? n : null;
}

/** A fresh game seed, 1 to 2^32 - 1, from `random` (a uniform draw in [0, 1)). */
export function randomGameSeed(random: () => number = Math.random): number {
  return 1 + Math.floor(random() * 0xfffffffe);
}

/** The localStorage key of the saved preferences. */
export const PREFS_KEY = 'c4az.prefs.v1';

/** The player's saved choices; every field optional (an old or partial record is fine). */
export interface Prefs {
  /** The way to play for a page opened without a position. */
  mode?: Mode;
  /** Strength level id (seats.ts LEVELS). */
  level?: string;
  /** Whether the solver's scores are shown. */
  analysis?: boolean;
  /** Seconds the solver may spend per position. */
  analysisLimitS?: number;
  /** Pons' numbers under the columns instead of words. */
  ponsScores?: boolean;
}

const SIDE_OF_MODE: Record<Mode, string | null> = { 'agent-second': 'red', 'agent-first': 'yellow', humans: null };

/** The mode a `side` value asks for: red = the visitor plays Red, yellow = Yellow, both = two players by hand. */
export function modeOfSide(side: string | null): Mode | null {
  switch (side?.toLowerCase()) {
    case 'red':
      return 'agent-second';
    case 'yellow':
      return 'agent-first';
    case 'both':
      return 'humans';
    default:
      return null;
  }
}

/**
 * What the page tells the visitor about the link it was opened with, or
 * null: a `side` it does not know (named, not dropped silently), or a
 * position without a side, which opens for two players with no agent.
 * `quote` shortens what is echoed back (words.ts shorten).
 */
export function linkNotice(href: string, quote: (s: string) => string): string | null {
  const params = new URL(href).searchParams;
  const side = params.get(SIDE_PARAM);
  const how = 'To play the agent, choose "You play Red" or "You play Yellow" under "Game".';
  if (side !== null && !modeOfSide(side)) {
    return `The link asks for side "${quote(side)}", which is not red, yellow or both, so it opens for two players, with no agent. ${how}`;
  }
  if (side === null && (params.get('pos') ?? '').trim() !== '') return `This link opens the position for two players, with no agent. ${how}`;
  return null;
}

/**
 * The mode a page opens in: the link's side when it names one; a position
 * without a side is for analysis (two players, no agent); otherwise the saved
 * choice, else `fallback`.
 */
export function initialMode(href: string, saved: Prefs, fallback: Mode): Mode {
  const params = new URL(href).searchParams;
  const linked = modeOfSide(params.get(SIDE_PARAM));
  if (linked) return linked;
  if ((params.get('pos') ?? '').trim() !== '') return 'humans';
  return saved.mode ?? fallback;
}

/** `href` with `side` set for a game against the agent and removed for two players. */
export function withSide(href: string, mode: Mode): string {
  const url = new URL(href);
  const side = SIDE_OF_MODE[mode];
  if (side) url.searchParams.set(SIDE_PARAM, side);
  else url.searchParams.delete(SIDE_PARAM);
  return url.toString();
}

/** `href` with the game id of `seed` while playing the agent (whose weaker levels it seeds), else without. */
export function withGame(href: string, mode: Mode, seed: number | null): string {
  const url = new URL(href);
  if (SIDE_OF_MODE[mode] && seed !== null) url.searchParams.set(GAME_PARAM, gameIdOf(seed));
  else url.searchParams.delete(GAME_PARAM);
  return url.toString();
}

/**
 * How the address bar follows the game: the line on screen (`line` in Pons'
 * notation, `ply` of its moves on the board, played in `mode`), from the
 * current `href`: null when it already matches, else the new address and
 * whether it is a new history entry; against the agent it also holds the
 * game id of `seed` (withGame). A move that changes the line (`change`
 * 'play': a move at its end, or a side line started) is one, so Back takes
 * it back to the line before; anything else replaces the entry.
 */
export function addressUpdate(href: string, line: string, ply: number, mode: Mode, change: Change, seed: number | null = null): { href: string; push: boolean } | null {
  const next = withGame(withSide(withPly(withPos(href, line), ply, line.length), mode), mode, seed);
  if (next === href) return null;
  return { href: next, push: change === 'play' && (posOf(href) ?? '') !== line };
}

/** Reads saved preferences, dropping anything unknown or malformed. */
export function parsePrefs(raw: string | null, limits: readonly number[]): Prefs {
  let data: unknown;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  const out: Prefs = {};
  if (d.mode === 'agent-second' || d.mode === 'agent-first' || d.mode === 'humans') out.mode = d.mode;
  if (typeof d.level === 'string' && LEVELS.some((l) => l.id === d.level)) out.level = d.level;
  if (typeof d.analysis === 'boolean') out.analysis = d.analysis;
  if (typeof d.ponsScores === 'boolean') out.ponsScores = d.ponsScores;
  if (typeof d.analysisLimitS === 'number' && limits.includes(d.analysisLimitS)) out.analysisLimitS = d.analysisLimitS;
  return out;
}

/** Loads the saved preferences; {} when storage is unavailable (private mode, blocked). */
export function loadPrefs(storage: Pick<Storage, 'getItem'> | null, limits: readonly number[]): Prefs {
  try {
    return parsePrefs(storage?.getItem(PREFS_KEY) ?? null, limits);
  } catch {
    return {};
  }
}

/** Merges `patch` into the saved preferences. Failures (quota, blocked storage) are ignored: they are only a convenience. */
export function savePrefs(storage: Pick<Storage, 'getItem' | 'setItem'> | null, patch: Prefs, limits: readonly number[]): void {
  try {
    if (!storage) return;
    storage.setItem(PREFS_KEY, JSON.stringify({ ...loadPrefs(storage, limits), ...patch }));
  } catch {
    // Nothing to do: the game works without it.
  }
}
