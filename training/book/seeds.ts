/**
 * Published game values that may seed the opening book before our solver
 * has confirmed them (issue 3 allows this when the book marks them
 * unverified). Source: ../shared/TRAINING-NOTES.md, "Known game values",
 * measured with Pascal Pons' C++ solver. Each line is a position and its
 * analysis (the score of playing each column 1-7).
 */
export const KNOWN_ANALYSES: readonly { moves: string; scores: readonly number[] }[] = [
  { moves: '', scores: [-2, -1, 0, 1, 0, -1, -2] },
  { moves: '4', scores: [-4, -2, -2, -1, -2, -2, -4] },
  { moves: '44', scores: [-3, -3, -2, 1, -2, -3, -3] },
  { moves: '43', scores: [-3, -3, 0, 0, -2, 2, 1] },
  { moves: '45', scores: [1, 2, -2, 0, 0, -3, -3] },
];
