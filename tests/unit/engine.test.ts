import { describe, expect, test } from 'vitest';
import {
  INPUT_SIZE,
  MAX_MOVES,
  NotationError,
  Position,
  encode,
  formatMoves,
  parseMoves,
  winningCells,
} from '../../src/engine/index.js';
import { ReferenceBoard } from './reference-board.js';
// Seeded, so that failures reproduce.
import { mulberry32 } from '../../src/mcts/rng.js';

function legalList(pos: Position): number[] {
  const mask = pos.legalMoves();
  return [0, 1, 2, 3, 4, 5, 6].filter((c) => (mask >> c) & 1);
}

/** Random games checked against the reference: 40,000 (about 2 million positions) in `npm test`; ENGINE_GAMES=N for more. */
const GAMES = Number(process.env.ENGINE_GAMES ?? 40_000);

describe('engine against a plain 6x7 array reference', () => {
  test(`${GAMES.toLocaleString('en')} random games agree on legal moves, winner, draw and cells at every ply`, () => {
    const rand = mulberry32(12345);
    let plies = 0;
    let wins = 0;
    let draws = 0;
    for (let g = 0; g < GAMES; g++) {
      const pos = new Position();
      const ref = new ReferenceBoard();
      // Bias some games towards full boards so that draws are exercised.
      const centreAvoid = g % 4 === 0;
      for (;;) {
        const legal = legalList(pos);
        const refLegal = ref.legal();
        const outcome = ref.winner !== 0 ? 'win' : ref.isDraw() ? 'draw' : 'ongoing';
        // Cheap comparisons first; expect() only on a mismatch, to keep 2M plies fast.
        if (legal.join() !== refLegal.join() || pos.outcome() !== outcome || pos.isOver !== (outcome !== 'ongoing')) {
          expect({ game: g, legal, outcome: pos.outcome() }).toEqual({ game: g, legal: refLegal, outcome });
        }
        if (legal.length === 0) break;
        let col = legal[Math.floor(rand() * legal.length)];
        if (centreAvoid && rand() < 0.5) col = legal[0];
        const wouldWin = pos.isWinningMove(col);
        pos.play(col);
        ref.play(col);
        plies++;
        if (wouldWin !== (ref.winner !== 0)) expect({ game: g, ply: pos.moves, wouldWin }).toEqual({ game: g, ply: pos.moves, wouldWin: ref.winner !== 0 });
        if (g % 100 === 0) {
          for (let c = 0; c < 7; c++) for (let r = 0; r < 6; r++) expect(pos.cell(c, r)).toBe(ref.grid[r][c]);
        }
      }
      if (ref.winner !== 0) wins++;
      else draws++;
    }
    expect(wins + draws).toBe(GAMES);
    expect(draws).toBeGreaterThan(0);
    expect(plies).toBeGreaterThan(GAMES * 10);
  });
});

describe('opponent threats', () => {
  test('agree with the plain reference over 20,000 random games, at every ply', () => {
    const rand = mulberry32(777);
    let threatened = 0;
    for (let g = 0; g < 20_000; g++) {
      const pos = new Position();
      const ref = new ReferenceBoard();
      while (!pos.isOver) {
        const opponent = pos.sideToMove === 1 ? 2 : 1;
        let expected = 0;
        for (let c = 0; c < 7; c++) if (ref.wouldWin(c, opponent)) expected |= 1 << c;
        const got = pos.opponentThreats();
        if (got !== expected) expect({ game: g, ply: pos.moves, threats: got }).toEqual({ game: g, ply: pos.moves, threats: expected });
        if (got) threatened++;
        const legal = legalList(pos);
        const col = legal[Math.floor(rand() * legal.length)];
        pos.play(col);
        ref.play(col);
      }
      expect(pos.opponentThreats()).toBe(0);
    }
    expect(threatened).toBeGreaterThan(10_000);
  });

  test.each([
    ['', 0],
    ['12121', 0b1], // X threatens column 1
    ['44553', 0b100010], // X's open three on the bottom row: columns 2 and 6
    ['121212', 0b10], // X to move: O's three in column 2 (X wins first, but the threat is there)
  ])('%s -> columns %i', (moves, threats) => {
    expect(parseMoves(moves).opponentThreats()).toBe(threats);
  });
});

describe('position counts', () => {
  // OEIS A212693: distinct positions after n plies.
  const known = [1, 7, 49, 238, 1120, 4263, 16422, 54859, 184275];
  test('distinct positions after n plies match 1, 7, 49, 238, ... 184275', () => {
    let frontier = new Map<number, Position>([[new Position().key(), new Position()]]);
    const counts = [frontier.size];
    for (let n = 1; n < known.length; n++) {
      const next = new Map<number, Position>();
      for (const pos of frontier.values()) {
        if (pos.isOver) continue;
        for (let c = 0; c < 7; c++) {
          if (!pos.canPlay(c)) continue;
          const child = pos.clone();
          child.play(c);
          next.set(child.key(), child);
        }
      }
      frontier = next;
      counts.push(frontier.size);
    }
    expect(counts).toEqual(known);
  });
});

describe('notation', () => {
  test.each(['', '4', '4453', '1234567', '444444', '12121', '7654321765', '4455661'])('%j round-trips', (s) => {
    const cols = Array.from(s, (ch) => Number(ch) - 1);
    const pos = parseMoves(s);
    expect(pos.moves).toBe(s.length);
    expect(formatMoves(cols)).toBe(s);
  });

  test.each([
    ['4458', 3, 'not-a-column', '"8" is not a column 1-7'],
    ['0', 0, 'not-a-column', '"0" is not a column 1-7'],
    ['44a', 2, 'not-a-column', '"a" is not a column 1-7'],
    ['4 4', 1, 'not-a-column', '" " is not a column 1-7'],
    ['4444444', 6, 'column-full', 'column 4 is full'],
    ['12121212', 7, 'game-over', 'already won'],
    ['121212134', 7, 'game-over', 'already won'],
  ] as const)('%j is rejected at index %i (%s)', (input, index, problem, text) => {
    let err: unknown;
    try {
      parseMoves(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotationError);
    const ne = err as NotationError;
    expect(ne.index).toBe(index);
    expect(ne.problem).toBe(problem);
    expect(ne.message).toContain(`index ${index}`);
    expect(ne.message).toContain(text);
  });

  test('formatMoves rejects a column outside 0-6', () => {
    expect(() => formatMoves([7])).toThrow(RangeError);
  });
});

describe('keys, mirror and encoding', () => {
  test('keys are unique, and the mirror key is the key of the mirrored moves', () => {
    const rand = mulberry32(7);
    const byKey = new Map<number, string>();
    for (let g = 0; g < 2000; g++) {
      const pos = new Position();
      const cols: number[] = [];
      while (!pos.isOver && rand() < 0.97) {
        const legal = legalList(pos);
        const c = legal[Math.floor(rand() * legal.length)];
        pos.play(c);
        cols.push(c);
        const board = pos.toString();
        const seen = byKey.get(pos.key());
        if (seen !== undefined) expect(seen).toBe(board);
        byKey.set(pos.key(), board);
      }
      const mirrored = parseMoves(formatMoves(cols.map((c) => 6 - c)));
      expect(pos.mirrorKey()).toBe(mirrored.key());
      expect(pos.mirror().key()).toBe(mirrored.key());
      expect(pos.canonicalKey()).toBe(mirrored.canonicalKey());
      expect(Number.isSafeInteger(pos.key())).toBe(true);
    }
  });

  test('encoding puts the side to move in plane 0', () => {
    const pos = parseMoves('44'); // X at (3,0), O at (3,1); X to move
    const x = encode(pos);
    expect(x.length).toBe(INPUT_SIZE);
    const at = (r: number, c: number, p: number) => x[(r * 7 + c) * 2 + p];
    expect(at(0, 3, 0)).toBe(1);
    expect(at(1, 3, 1)).toBe(1);
    expect(x.reduce((a, b) => a + b, 0)).toBe(2);
    pos.play(0); // O to move: O's stone is now "mine"
    const y = encode(pos);
    expect(y[(1 * 7 + 3) * 2 + 0]).toBe(1);
    expect(y[(0 * 7 + 0) * 2 + 1]).toBe(1);
  });

  test('a full board without four is a draw', () => {
    const drawn = parseMoves('342331511171427477613723443665755652562624');
    expect(drawn.moves).toBe(MAX_MOVES);
    expect(drawn.won).toBe(false);
    expect(drawn.outcome()).toBe('draw');
    expect(drawn.legalMoves()).toBe(0);
  });

  test('winningCells finds the four', () => {
    const pos = parseMoves('1213141');
    expect(pos.won).toBe(true);
    expect(winningCells(pos, 1)).toEqual([0, 1, 2, 3].map((row) => ({ col: 0, row })));
    expect(winningCells(pos, 2)).toEqual([]);
  });
});

describe('a column that is no column', () => {
  test.each([7, 9, -1, 100, 1.5, NaN, Infinity])('canPlay(%s) is false on the empty board and mid-game; playChecked refuses it', (col) => {
    for (const pos of [new Position(), parseMoves('4455')]) {
      expect(pos.canPlay(col)).toBe(false);
      expect(() => pos.playChecked(col)).toThrow();
    }
  });
});
