/**
 * `npm run match`, `npm run eval` and `npm run agent` run as processes on a
 * small exported network: option handling, bad input, output formats and
 * the JSON written beside the model.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx } from '../../training/export/onnx.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir = '';
let model = '';

function run(script: string, args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `training/cli/${script}.ts`, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

beforeAll(async () => {
  await initTrainingBackend();
  dir = mkdtempSync(join(tmpdir(), 'c4-cli-'));
  model = join(dir, 'tiny.onnx');
  writeFileSync(model, exportOnnx(createModel({ blocks: 1, filters: 8 }, 5)));
});

describe('npm run agent', () => {
  test('answers each line with COLUMN VALUE and seven visit counts; bad lines get an error line', () => {
    const r = run('agent', ['--model', model, '--sims', '40'], '\n4453\n44x\n4444444\n1212121\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines.slice(0, 2)) {
      const f = line.split(' ');
      expect(f).toHaveLength(9);
      expect(Number(f[0])).toBeGreaterThanOrEqual(1);
      expect(Number(f[0])).toBeLessThanOrEqual(7);
      expect(Math.abs(Number(f[1]))).toBeLessThanOrEqual(1);
      // Visits of the children add up to the simulations less the root's own.
      expect(f.slice(2).reduce((a, v) => a + Number(v), 0)).toBeGreaterThanOrEqual(38);
    }
    expect(lines[2]).toBe('error 3: bad move at index 2 of "44x": "x" is not a column 1-7');
    expect(lines[3]).toContain('error 4: ');
    expect(lines[3]).toContain('column 4 is full');
    expect(lines[4]).toBe('error 5: the game is over (won)');
  });

  test('takes a win in one with search', () => {
    const r = run('agent', ['--model', model, '--sims', '200'], '121212\n');
    expect(r.stdout.split(' ')[0]).toBe('1');
  });

  test.each([
    [['--model', '/no/such/model.onnx'], 1, 'model file not found: /no/such/model.onnx'],
    [['--sims', '0'], 2, '--sims must be an integer >= 1'],
    [['--sims', '10', '--ms', '10'], 2, 'choose one of --sims and --ms'],
    [['--frobnicate'], 2, "Unknown option '--frobnicate'"],
    [['--mirror-average', '--no-mirror-average'], 2, 'choose one of --mirror-average and --no-mirror-average'],
  ])('rejects %j with exit %i', (args, status, message) => {
    const r = run('agent', args as string[], '');
    expect(r.status).toBe(status);
    expect(r.stderr).toContain(message);
  });
});

describe('npm run match', () => {
  test('against a baseline, both colours: progress per game, a table, and JSON beside the model', () => {
    const r = run('match', ['--model', model, '--games', '2', '--both', '--sims', '16', '--opponent', 'one-ply', '--seed', '3']);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/^game \d\/4 seed \d agent (first|second): (WIN|DRAW|LOSS) at ply \d+/gm)).toHaveLength(4);
    expect(r.stdout).toContain('| agent as |');
    const out = JSON.parse(readFileSync(join(dir, 'tiny.match-one-ply-both.json'), 'utf8'));
    expect(out.games).toHaveLength(4);
    expect(out.modelSha256).toBe(createHash('sha256').update(readFileSync(model)).digest('hex'));
    expect(out.games.map((g: { seed: number }) => g.seed)).toEqual([3, 4, 3, 4]);
    expect(out.config.pruneLosing).toBe(false);
    expect(out.config.mirrorAverage).toBe(true);
    for (const c of out.byColour) expect(c.wins + c.draws + c.losses).toBe(2);
    for (const g of out.games) {
      expect(g.moves).toHaveLength(g.plies);
      expect(g.agentMs.length).toBeGreaterThan(0);
    }
  });

  test.each([
    [['--agent-first', '--both'], 'choose one of --agent-first, --agent-second, --both'],
    [['--games', '0'], '--games must be an integer >= 1'],
    [['--games', 'many'], '--games must be an integer >= 1, got "many"'],
    [['--opponent', 'human'], '--opponent must be solver, alphabeta, one-ply or random'],
    [['--ms=-5'], '--ms must be a number >= 1, got "-5"'],
    [['--mirror-average', '--no-mirror-average'], 'choose one of --mirror-average and --no-mirror-average'],
  ])('rejects %j with exit 2 and a usage line', (args, message) => {
    const r = run('match', ['--model', model, ...(args as string[])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: npm run match');
  });

  test('--prune turns on pruning of moves that lose at once, and the record says so', () => {
    const out = join(dir, 'no-prune.json');
    const r = run('match', ['--model', model, '--games', '1', '--sims', '8', '--opponent', 'random', '--prune', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).config.pruneLosing).toBe(true);
  });

  test('--no-mirror-average turns off the averaging of each evaluation with its mirror image\'s, and the record says so', () => {
    const out = join(dir, 'mirror.json');
    const r = run('match', ['--model', model, '--games', '1', '--sims', '8', '--opponent', 'random', '--no-mirror-average', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).config.mirrorAverage).toBe(false);
  });

  test('a missing model is a clear error, exit 1', () => {
    const r = run('match', ['--model', join(dir, 'missing.onnx'), '--opponent', 'random']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('model file not found');
  });
});

describe('npm run eval', () => {
  test('error rates on our own labelled set, raw and with search, as a table and JSON', () => {
    const out = join(dir, 'eval.json');
    const r = run('eval', ['--model', model, '--sims', '30', '--limit', '40', '--out', out, 'seeds/positions/end.txt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| end +\| 40 +\| 0 +\| \d+\.\d\d% +\| \d+\.\d\d% +\|/);
    const rec = JSON.parse(readFileSync(out, 'utf8'));
    expect(rec.sets[0].positions).toBe(40);
    expect(rec.pruneLosing).toBe(false);
    expect(rec.mirrorAverage).toBe(true);
    expect(rec.modelSha256).toBe(createHash('sha256').update(readFileSync(model)).digest('hex'));
    expect(rec.sets[0].rawRate).toBeGreaterThanOrEqual(0);
    expect(rec.sets[0].rawRate).toBeLessThanOrEqual(1);
    // Search at the end of the game (a few plies from the end) fixes most of a random net's errors.
    expect(rec.sets[0].searchRate).toBeLessThan(rec.sets[0].rawRate);
    // Keeping the exact score keeps the outcome, so outcome errors are a subset.
    expect(rec.sets[0].rawOutcomeRate).toBeLessThanOrEqual(rec.sets[0].rawRate);
    expect(rec.sets[0].searchOutcomeRate).toBeLessThanOrEqual(rec.sets[0].searchRate);
  });

  test('--no-mirror-average turns the averaging off, and the record says so (default: on)', () => {
    const plain = join(dir, 'eval-plain.json');
    const averaged = join(dir, 'eval-mirror.json');
    expect(run('eval', ['--model', model, '--no-search', '--limit', '60', '--no-mirror-average', '--out', plain, 'seeds/positions/middle.txt']).status).toBe(0);
    const r = run('eval', ['--model', model, '--no-search', '--limit', '60', '--out', averaged, 'seeds/positions/middle.txt']);
    expect(r.status, r.stderr).toBe(0);
    const [a, b] = [plain, averaged].map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect([a.mirrorAverage, b.mirrorAverage]).toEqual([false, true]);
    expect(b.sets[0].positions).toBe(60);
  });

  test('Pons-format lines (MOVES SCORE) are judged by solving the chosen move', () => {
    const set = join(dir, 'pons-like.txt');
    // Exact scores from seeds/positions/end.txt (best of the seven columns).
    writeFileSync(set, '3717651237714252262533461115664355732 3\n626125774156364213317326426137135525 3\n');
    const r = run('eval', ['--model', model, '--no-search', '--out', join(dir, 'e2.json'), set]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'e2.json'), 'utf8')).pruneLosing).toBe(null);
    expect(r.stdout).toMatch(/\| pons-like +\| 2 +\| 0 +\|/);
    // With --verdicts the solver's verdicts are written down, and a second run reads them back.
    const verdicts = join(dir, 'verdicts.jsonl');
    const first = run('eval', ['--model', model, '--no-search', '--verdicts', verdicts, '--out', join(dir, 'e3.json'), set]);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain(`${verdicts}: 0 verdicts`);
    expect(readFileSync(verdicts, 'utf8').trim().split('\n')).toHaveLength(2);
    const second = run('eval', ['--model', model, '--no-search', '--verdicts', verdicts, '--out', join(dir, 'e4.json'), set]);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`${verdicts}: 2 verdicts`);
    const sets = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).sets;
    expect(sets('e4.json')).toEqual(sets('e3.json'));
  });

  test('a bad line names the file and line', () => {
    const set = join(dir, 'bad.txt');
    writeFileSync(set, '4453 1\n44z 2\n');
    const r = run('eval', ['--model', model, set]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${set}:2: bad move at index 2 of "44z"`);
  });
});
