/**
 * training/bench/replay-lengths.ts as a process, on a run folder made here:
 * games of known length and result go through the replay buffer's length
 * shaping into a checkpoint, and the tool must read the results and end
 * plies back, counting a position's mirror image with it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseMoves } from '../../src/engine/index.js';
import { encodeCheckpoint } from '../../training/run/checkpoint.js';
import { ReplayBuffer, type Sample } from '../../training/run/replay.js';
import { tempDir } from '../temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = 'training/bench/replay-lengths.ts';

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** One game's samples from ply 2 to its last move: the moves `line`, result z for the side to move at ply 2. */
function game(line: string, end: number, zAtPly2: number): Sample[] {
  const samples: Sample[] = [];
  for (let ply = 2; ply < end; ply++) {
    // Only the ply-2 position matters to the tool; later ones are stand-ins with the right move count.
    const pos = parseMoves(line);
    if (ply > 2) pos.moves = ply;
    const z = zAtPly2 === 0 ? 0 : ply % 2 === 0 ? zAtPly2 : -zAtPly2;
    samples.push({ pos, policy: new Float32Array(7).fill(1 / 7), z, q: 0, full: true });
  }
  return samples;
}

function makeRun(lengthWeight: number): string {
  const dir = tempDir('c4-replay-lengths-');
  const buffer = new ReplayBuffer({ capacity: 1000, lengthWeight });
  buffer.addGame(game('44', 41, 1)); // the first mover wins at ply 41
  buffer.addGame(game('44', 39, 1)); // ... at ply 39
  buffer.addGame(game('43', 35, -1)); // the second mover wins at ply 35
  buffer.addGame(game('45', 42, 0)); // a draw, the mirror image of 43
  const bytes = encodeCheckpoint({
    header: { version: 2, generation: 1, rng: [1, 2, 3, 4], metrics: [], baseline: null },
    trainer: new Uint8Array(4),
    replay: buffer.toBytes(),
  });
  writeFileSync(join(dir, 'checkpoint.bin'), bytes);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ replay: { lengthWeight } }));
  return dir;
}

describe('replay-lengths', () => {
  test('results and end plies come back from the shaped targets, mirror images together', () => {
    const r = run(['--run', makeRun(0.25), '--positions', '44,43', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.lengthWeight).toBe(0.25);
    const [p44, p43] = out.rows;
    expect(p44).toMatchObject({ position: '44', samples: 2, winPct: 100, drawPct: 0, lossPct: 0, endPlyMean: 40, endPlyMedian: 41 });
    expect(p43).toMatchObject({ position: '43', samples: 2, winPct: 0, drawPct: 50, lossPct: 50, endPlyMean: 38.5, endPlyMedian: 42 });
  });

  test('a run without length-shaped targets is refused with the reason', () => {
    const r = run(['--run', makeRun(0)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('replay.lengthWeight is 0');
  });

  test('a run whose opening targets are search values is refused', () => {
    const dir = makeRun(0.25);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ replay: { lengthWeight: 0.25, searchValueBeforeExploration: true } }));
    const r = run(['--run', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('searchValueBeforeExploration is on');
  });

  test('two positions that are mirror images are refused', () => {
    const r = run(['--run', makeRun(0.25), '--positions', '43,45']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('45 is 43 or its mirror image');
  });
});
