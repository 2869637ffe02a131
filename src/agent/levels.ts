/**
 * The agent's named strength levels: presets of the search budget and of
 * the move choice (the two weaker levels draw from the search's visits, so
 * that they make mistakes a player can punish), shared by the browser's
 * level picker and `npm run match -- --level` (in Node or with --web). Each
 * says in players' words what it is, from its committed records
 * (models/agent.match-web-LEVEL-*.json: the page's own agent against the
 * page's solver, seeds 1-20; models/agent.match-alphabeta-LEVEL-both.json:
 * against alpha-beta to depth 4 in Node; docs/browser-performance.md, "The levels").
 */
import { Rng } from '../mcts/rng.js';

export interface Level {
  id: 'easy' | 'medium' | 'strong' | 'max';
  label: string;
  /** Simulations per move (root visits, counting those reused from the previous move). */
  simulations: number;
  /**
   * Deliberate mistakes: the move is drawn from the search's visit shares
   * raised to 1/temperature (1 = in proportion to visits, smaller = closer
   * to the most visited) instead of always the most visited, except that a
   * proven win is always taken. Absent: the most visited move.
   */
  temperature?: number;
  /** What playing it is like, in players' words, for the picker. */
  description: string;
  /** Its measured results, shown under the picker's "Details". */
  record: string;
}

export const LEVELS: readonly Level[] = [
  {
    id: 'easy',
    label: 'Easy',
    simulations: 16,
    temperature: 0.65,
    description: 'Looks only a little ahead and often picks a weaker move: good for learning to spot threats.',
    record: 'A simple program that looks four moves ahead beat it in 28 of 40 games (Easy won 8 and drew 4); a perfect player beat it in all 20 games even when Easy moved first.',
  },
  {
    id: 'medium',
    label: 'Medium',
    simulations: 32,
    temperature: 0.35,
    description: 'Plays sensibly but slips now and then, so careful play can beat it.',
    record: 'It beat the four-moves-ahead program in all 40 games; against a perfect player, moving first: 9 wins, 8 draws, 3 losses in 20 games.',
  },
  {
    id: 'strong',
    label: 'Strong',
    simulations: 256,
    description: 'Rarely slips: you will need a plan to beat it.',
    record: 'It beat the four-moves-ahead program in all 40 games; against a perfect player, moving first: 17 wins and 3 draws in 20 games, no loss.',
  },
  {
    id: 'max',
    label: 'Maximum',
    simulations: 1024,
    description: 'The strongest level: moving first it has beaten a perfect player in every game we tried; moving second it loses to perfect play, as anyone must.',
    record: 'Against a perfect solver it won all 20 games moving first, each at the last possible move; moving second it lost all 20 games, after 29 to 35 moves (perfect defence lasts 41).',
  },
];

/**
 * The level chosen on first load: the strongest one whose measured reply
 * times a player will not mind. Maximum in the page (`npm run match -- --web
 * --level max --both`, 2026-12-04, seed 2's generation 340): median reply
 * 49 ms moving first and 60 ms moving second, the slowest 0.74 s (tree reuse
 * makes most replies cheap).
 */
export const DEFAULT_LEVEL: Level['id'] = 'max';

/** What levelMove needs of a search: the agent's result in the page (AgentResult) or a Thought. */
export interface SearchOutcome {
  /** The most visited column (-1: the game is over). */
  best: number;
  /** Share of the root's visits per column. */
  visitShare: readonly number[];
  /** The root's proven result for the side to move, or null. */
  proven: number | null;
}

/**
 * The seed of a level's draw in position `moves` of game `gameSeed`: FNV-1a
 * of the moves, mixed with the game's seed (the golden-ratio multiplier of
 * Knuth's multiplicative hashing spreads nearby game seeds apart). The same
 * game and position get the same draw, so a game replays from its seed;
 * another game seed gives other draws, so the weaker levels do not repeat
 * themselves from game to game. Game seed 0 is the position alone (the
 * committed match records were played so).
 */
export function drawSeed(moves: string, gameSeed = 0): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < moves.length; i++) h = Math.imul(h ^ moves.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(gameSeed >>> 0, 0x9e3779b1)) >>> 0;
}

/**
 * The column `level` plays after a search of `moves` (Pons' notation) in the
 * game seeded `gameSeed`: the most visited, or with the level's temperature a
 * draw from the visit shares, seeded by the game and the position
 * (drawSeed: deterministic given both). A proven win is always played.
 */
export function levelMove(level: Level, moves: string, r: SearchOutcome, gameSeed = 0): number {
  if (level.temperature === undefined || r.best < 0 || r.proven === 1) return r.best;
  const weights = r.visitShare.map((v) => (v > 0 ? v ** (1 / level.temperature!) : 0));
  const total = weights.reduce((a, w) => a + w, 0);
  if (!(total > 0)) return r.best;
  let x = new Rng(drawSeed(moves, gameSeed)).next() * total;
  for (let c = 0; c < weights.length; c++) {
    x -= weights[c];
    if (weights[c] > 0 && x < 0) return c;
  }
  return r.best;
}

export function levelById(id: string): Level {
  return LEVELS.find((l) => l.id === id) ?? (LEVELS.find((l) => l.id === DEFAULT_LEVEL) as Level);
}
