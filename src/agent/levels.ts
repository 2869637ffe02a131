/**
 * The agent's named strength levels: presets of the search budget, shared
 * by the browser's level picker and `npm run match -- --web --level`. Each
 * says in players' words what it is, from its committed record
 * (models/agent.match-web-LEVEL-*.json: the page's own agent against the
 * page's solver, seeds 1-20; README "Browser").
 */
export interface Level {
  id: 'easy' | 'medium' | 'strong' | 'max';
  label: string;
  /** Simulations per move (root visits, counting those reused from the previous move). */
  simulations: number;
  /** What playing it is like, for the picker. */
  description: string;
}

export const LEVELS: readonly Level[] = [
  { id: 'easy', label: 'Easy', simulations: 8, description: 'Plays by instinct with a glance ahead. Against a perfect solver, moving first: 7 wins, 5 draws, 8 losses in 20 games.' },
  { id: 'medium', label: 'Medium', simulations: 64, description: 'Looks a few moves ahead. Against a perfect solver, moving first: 16 wins, 3 draws, 1 loss in 20 games.' },
  { id: 'strong', label: 'Strong', simulations: 256, description: 'Rarely slips. Against a perfect solver, moving first: 17 wins and 3 draws in 20 games, no loss.' },
  { id: 'max', label: 'Maximum', simulations: 1024, description: 'Plays perfectly in our tests: against a perfect solver it won all 20 games moving first and held out to the last disc in all 20 moving second.' },
];

/**
 * The level chosen on first load: the strongest one whose measured reply
 * times a player will not mind. Maximum in the page (`npm run match -- --web
 * --level max --both`, 2026-11-29): median reply 61 ms moving first and 25 ms
 * moving second, the slowest 1.29 s (tree reuse makes most replies cheap).
 */
export const DEFAULT_LEVEL: Level['id'] = 'max';

export function levelById(id: string): Level {
  return LEVELS.find((l) => l.id === id) ?? (LEVELS.find((l) => l.id === DEFAULT_LEVEL) as Level);
}
