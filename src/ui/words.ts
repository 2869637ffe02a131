/**
 * Players' words for what the engines and the rules say: a solver score as
 * "Win in 3" (Pons' scores need a legend; his page shows them raw), what
 * bounds on a score prove, the line under the status, the result sentence
 * counted the way the move list numbers moves (a move is a Red disc and
 * Yellow's reply, as in chess). Pure, tested as tables.
 */
import type { EngineStatus } from '../worker/protocol.js';
import { PLAYER_NAMES, type BoardView } from './game-model.js';
import type { ReviewProgress } from './review.js';

/** The move-list number of the move made at `ply` (0-indexed plies): plies 0 and 1 are move 1. */
export function moveNumber(ply: number): number {
  return Math.floor(ply / 2) + 1;
}

/**
 * A column's Pons score, for the side to move at `ply`, in words: "Win in n"
 * (with the mover's n-th disc from now, this one included), "Draw", "Lose in
 * n" (to the opponent's n-th disc from now).
 */
export function scoreWords(score: number, ply: number): string {
  if (score === 0) return 'Draw';
  if (score > 0) return `Win in ${22 - score - Math.floor(ply / 2)}`;
  return `Lose in ${22 + score - Math.ceil(ply / 2)}`;
}

/**
 * What "Win in N" counts, in one sentence for every place that shows it (the
 * marks under the columns, the review's better moves, the README): the
 * mover's own discs, the move itself being the first, the way chess counts
 * "mate in N" in the mover's moves; not Pons' score, and not both sides' discs.
 */
export const WIN_IN_WORDS =
  '"Win in N": the player to move wins with their Nth disc, this move being the first ("Win in 1" wins at once); "Lose in N": the opponent wins with their Nth. As in chess\'s "mate in N", N counts one side\'s moves, not both sides\' discs.';

/**
 * Pons' numbers, as his solver prints them: a score counts from the start of
 * the game, not from now (http://blog.gamesolver.org/solving-connect-four/02-test-protocol/).
 */
export const PONS_WORDS =
  'Pons\' scores: +k, the side to move wins with its (22 - k)th disc of the game; -k, it loses to the opponent\'s (22 - k)th; 0, a draw. "≥0" is a draw or better, "≤-2" a loss, when the exact score is not proven.';

/**
 * What a column's proven bounds [min, max] on its score say, when its exact
 * score is out of reach: the outcome ("Win", "Loss", "Draw") or a bound
 * ("Draw or win", "Draw or loss"); null when nothing is proven.
 */
export function boundWords(min: number, max: number): string | null {
  if (min > 0) return 'Win';
  if (max < 0) return 'Loss';
  if (min === 0 && max === 0) return 'Draw';
  if (min >= 0) return 'Draw or win';
  if (max <= 0) return 'Draw or loss';
  return null;
}

/** The longer form of boundWords, for hover. */
export function boundTitle(min: number, max: number): string {
  const words = boundWords(min, max);
  if (words === null) return 'not proven within the time limit: the solver found no bound yet';
  const exactness = min > 0 || max < 0 ? ' (how soon is not proven yet)' : '';
  return `${words.toLowerCase()} with best play${exactness}: proven; the exact score lies from ${min} to ${max}`;
}

/** The longer form, for hover and screen readers, with the raw score for those who know Pons' solver. */
export function scoreTitle(score: number, ply: number): string {
  const raw = `solver score ${score > 0 ? '+' : ''}${score}`;
  if (score === 0) return `draw with best play on both sides (${raw})`;
  const n = Number(scoreWords(score, ply).split(' ').pop());
  const nth = ordinal(n);
  return score > 0 ? `wins with your ${nth} disc from here, against any defence (${raw})` : `loses to the opponent's ${nth} disc from here, however you defend (${raw})`;
}

function ordinal(n: number): string {
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${tail}`;
}

/**
 * A column's Pons score as a phrase ("wins by your move 4"). At ply `ply`
 * the side to move has placed floor(ply / 2) stones and the opponent
 * ceil(ply / 2); a score 22 - k is a win with the mover's k-th stone,
 * -(22 - k) a loss to the opponent's k-th. Counts are moves of that side
 * from now, this move included.
 */
export function describeScore(score: number, ply: number): string {
  if (score === 0) return 'draw with best play';
  if (score > 0) {
    const n = 22 - score - Math.floor(ply / 2);
    return n <= 1 ? 'wins at once' : `wins by your move ${n}`;
  }
  const n = 22 + score - Math.ceil(ply / 2);
  return `loses: the opponent wins by their move ${n}`;
}

/**
 * The line under the status when the game is against the agent: its state
 * on its turn at the end of the game (`agentTurn`), an invitation when its
 * side is to move in a position stepped back to (`agentsSide`), "Your move."
 * on the player's turn; null between two players and once the game is over.
 */
export function turnDetail(o: { agentTurn: boolean; agentsSide: boolean; status: EngineStatus; againstAgent: boolean; over: boolean }): string | null {
  if (o.agentTurn) {
    if (o.status === 'failed') return 'The agent is not available (see below).';
    return o.status === 'loading' ? 'The agent is getting ready…' : 'The agent is thinking…';
  }
  if (o.agentsSide) return "The agent's turn: step forward, or let it play from here.";
  return o.againstAgent && !o.over ? 'Your move.' : null;
}

/** The sentence under a finished game, counting moves as the move list does. */
export function resultSentence(view: BoardView): string {
  if (view.outcome === 'win') return `${PLAYER_NAMES[view.winner ?? 1]} connected four on move ${moveNumber(view.ply - 1)}.`;
  if (view.outcome === 'draw') return `The board is full after ${moveNumber(view.ply - 1)} moves: nobody connected four.`;
  return '';
}

/** What a reviewed move did, in players' words: "changed the result", "wins more slowly", "loses sooner". */
export function verdictWords(verdict: 'best' | 'slower' | 'blunder', outcome: -1 | 0 | 1): string {
  if (verdict === 'best') return 'a best move';
  if (verdict === 'blunder') return 'changed the result';
  return outcome > 0 ? 'wins more slowly' : 'loses sooner';
}

/** The review's marks (chess annotation symbols) and what each means, for legends and hover text. */
export const MARKS = {
  blunder: { mark: '??', words: 'a mistake: it threw away a win or a draw' },
  slower: { mark: '?!', words: 'an inaccuracy: it wins more slowly or loses sooner than the best move' },
} as const;

/**
 * What is proven of the position on screen, for its side to move at `ply`,
 * as a sentence ("With best play Red (to move) wins in 7."); null when its
 * range [min, max] proves nothing yet.
 */
export function positionWords(min: number, max: number, ply: number): string | null {
  const who = `${PLAYER_NAMES[ply % 2 === 0 ? 1 : 2]} (to move)`;
  if (min === max) {
    if (min === 0) return `With best play ${who} draws.`;
    return `With best play ${who} ${min > 0 ? 'wins' : 'loses'} in ${scoreWords(min, ply).split(' ').pop()}.`;
  }
  const bound = boundWords(min, max);
  if (bound === null) return null;
  const verb = { Win: 'wins', Loss: 'loses', Draw: 'draws', 'Draw or win': 'draws or wins', 'Draw or loss': 'draws or loses' }[bound];
  return `With best play ${who} ${verb}${min > 0 || max < 0 ? ' (how soon is not proven yet)' : ''}.`;
}

/** "Red's move 3", for the move at `ply`. */
export function moveName(ply: number): string {
  return `${PLAYER_NAMES[ply % 2 === 0 ? 1 : 2]}'s move ${moveNumber(ply)}`;
}

/**
 * Where the review stands, in one sentence that counts exactly: the moves
 * judged so far while it works (and whether it is looking longer at the
 * ones that timed out), then how many it judged, naming those it could not
 * judge even with `maxS` seconds each.
 */
export function reviewProgressWords(p: ReviewProgress, maxS: number): string {
  const of = `${p.judged} of ${p.total} move${p.total === 1 ? '' : 's'} judged`;
  if (p.working && p.analysed < p.total) return `Checking the moves with the solver: ${of} so far.`;
  if (p.working) {
    const left = p.total - p.judged - p.givenUp.length;
    return `Looking longer at the ${left === 1 ? 'move' : `${left} moves`} the solver could not judge quickly: ${of} so far.`;
  }
  if (p.judged === p.total) return `All ${p.total} moves judged by the solver.`;
  const names = p.givenUp.map(moveName);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${of} by the solver; ${list} ${names.length === 1 ? 'was' : 'were'} too hard to judge in ${maxS} s each.`;
}

/** `text` cut to `max` characters for echoing back, saying how long it was: "5455444433…" (5,000 characters). */
export function shorten(text: string, max = 24): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length.toLocaleString('en')} characters)`;
}
