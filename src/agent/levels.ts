/**
 * The agent's named strength levels: presets of the search budget, shared
 * by the browser's level picker and `npm run match -- --level`. Each says
 * in players' words what it is; the figures behind the words are in the
 * README ("Browser" figures) with the command that measured them.
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
  { id: 'easy', label: 'Easy', simulations: 8, description: 'Plays by instinct with a glance ahead: misses deep threats.' },
  { id: 'medium', label: 'Medium', simulations: 64, description: 'Sees short threats; can be outplayed in long fights.' },
  { id: 'strong', label: 'Strong', simulations: 256, description: 'Hard to beat: spots most traps several moves ahead.' },
  { id: 'max', label: 'Maximum', simulations: 1024, description: 'The strongest search the page runs: beat the perfect solver in all 20 games moving first (npm run match, 1,024 simulations).' },
];

/** The level chosen on first load. */
export const DEFAULT_LEVEL: Level['id'] = 'strong';

export function levelById(id: string): Level {
  return LEVELS.find((l) => l.id === id) ?? (LEVELS.find((l) => l.id === DEFAULT_LEVEL) as Level);
}
