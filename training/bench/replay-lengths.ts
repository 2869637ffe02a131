/**
 * How self-play went on from given positions, read from a run's replay
 * buffer: for each position (counting its mirror image with it), the samples stored at
 * it, their results for the side to move, and the ply at which their games
 * ended. The end ply comes back from the length-shaped value target
 * (replay.ts shapeByLength: z (1 - w pliesLeft / 42), so pliesLeft =
 * (1 - |z|) 42 / w; a draw ends at ply 42), which needs a run with
 * `replay.lengthWeight` above 0 and without `searchValueBeforeExploration`.
 *
 * It answers what a value trained on these games learns about a choice,
 * for example the reply to the centre opening (the default: the replies to `4`,
 * one of each mirror pair):
 *
 *   npx tsx training/bench/replay-lengths.ts --run runs/default-seed3 [--positions 44,43,42,41] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MOVES, parseMoves, type Position } from '../../src/engine/index.js';
import { loadCheckpoint } from '../run/checkpoint.js';
import { ReplayBuffer } from '../run/replay.js';
import { failUsage, parseOptions, UsageError, withUsage } from '../cli/options.js';

const USAGE = 'usage: npx tsx training/bench/replay-lengths.ts --run RUN_DIR [--positions 44,43,42,41] [--json]';
const { values } = parseOptions(
  {
    run: { type: 'string' },
    positions: { type: 'string', default: '44,43,42,41' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!values.run) failUsage('--run is required', USAGE);
const ckPath = join(values.run, 'checkpoint.bin');
const cfgPath = join(values.run, 'config.json');
if (!existsSync(ckPath) || !existsSync(cfgPath)) failUsage(`--run ${values.run}: no checkpoint.bin and config.json there`, USAGE);
const replayConfig = JSON.parse(readFileSync(cfgPath, 'utf8'))?.replay ?? {};
const weight = Number(replayConfig.lengthWeight ?? 0);
if (!(weight > 0)) failUsage(`--run ${values.run}: replay.lengthWeight is ${weight}; game lengths cannot be read back from its value targets`, USAGE);
if (replayConfig.searchValueBeforeExploration === true) {
  failUsage(`--run ${values.run}: replay.searchValueBeforeExploration is on, so the opening's value targets are search values; results and lengths cannot be read back`, USAGE);
}
const wanted = withUsage(USAGE, () =>
  values.positions.split(',').map((m) => {
    try {
      return { moves: m, pos: parseMoves(m) };
    } catch (e) {
      throw new UsageError(`--positions ${m}: ${(e as Error).message}`);
    }
  }),
);

/** The key of a position or its mirror image, whichever is smaller: a stored sample may be either. */
const canon = (p: Position) => p.canonicalKey();
const index = new Map<number, number>();
wanted.forEach((w, i) => {
  const j = index.get(canon(w.pos));
  if (j !== undefined) failUsage(`--positions: ${w.moves} is ${wanted[j].moves} or its mirror image (both are counted as one)`, USAGE);
  index.set(canon(w.pos), i);
});

interface Tally {
  samples: number;
  wins: number;
  draws: number;
  losses: number;
  ends: number[];
}
const tallies: Tally[] = wanted.map(() => ({ samples: 0, wins: 0, draws: 0, losses: 0, ends: [] }));
const buffer = ReplayBuffer.fromBytes(loadCheckpoint(ckPath).replay);
for (let i = 0; i < buffer.size; i++) {
  const p = buffer.position(i);
  const k = index.get(canon(p));
  if (k === undefined || p.moves !== wanted[k].pos.moves) continue;
  const t = tallies[k];
  const { z } = buffer.targets(i);
  t.samples++;
  if (z === 0) {
    t.draws++;
    t.ends.push(MAX_MOVES);
    continue;
  }
  if (z > 0) t.wins++;
  else t.losses++;
  t.ends.push(Math.round(p.moves + ((1 - Math.abs(z)) * MAX_MOVES) / weight));
}

const rows = wanted.map((w, k) => {
  const t = tallies[k];
  const ends = t.ends.sort((a, b) => a - b);
  const mean = ends.length ? ends.reduce((a, b) => a + b, 0) / ends.length : NaN;
  const share = (n: number) => (t.samples ? Math.round((1000 * n) / t.samples) / 10 : NaN);
  return {
    position: w.moves,
    samples: t.samples,
    winPct: share(t.wins),
    drawPct: share(t.draws),
    lossPct: share(t.losses),
    endPlyMean: Math.round(mean * 10) / 10,
    endPlyMedian: ends.length ? ends[ends.length >> 1] : NaN,
  };
});
if (values.json) {
  console.log(JSON.stringify({ run: values.run, lengthWeight: weight, buffered: buffer.size, rows }));
} else {
  console.log(`${values.run}: ${buffer.size} samples in the replay buffer, lengthWeight ${weight}; results for the side to move`);
  console.log('position  samples  win%  draw%  loss%  end ply mean  median');
  for (const r of rows) {
    console.log(
      `${r.position.padEnd(8)}  ${String(r.samples).padStart(7)}  ${r.winPct.toFixed(1).padStart(4)}  ${r.drawPct.toFixed(1).padStart(5)}  ${r.lossPct.toFixed(1).padStart(5)}  ${r.endPlyMean.toFixed(1).padStart(12)}  ${String(r.endPlyMedian).padStart(6)}`,
    );
  }
}
