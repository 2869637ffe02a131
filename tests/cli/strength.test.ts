/**
 * `npm run match`, `npm run eval` and `npm run agent` run as processes on a
 * small exported network: option handling, bad input, output formats and
 * the JSON written beside the model.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx } from '../../training/onnx/export.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel } from '../../training/nn/model.js';
import { tempDir } from '../temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir = '';
let model = '';
/** The same network with one weight tensor set to NaN: what a corrupted model file computes. */
let nanModel = '';

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
  dir = tempDir('c4-cli-');
  model = join(dir, 'tiny.onnx');
  writeFileSync(model, exportOnnx(createModel({ blocks: 1, filters: 8 }, 5)));
  const broken = createModel({ blocks: 1, filters: 8 }, 5);
  broken.setWeights(broken.getWeights().map((w, i) => (i === 0 ? tf.fill(w.shape, NaN) : w)));
  nanModel = join(dir, 'nan.onnx');
  writeFileSync(nanModel, exportOnnx(broken));
});

/** Runs a CLI until `ready` (polled every 100 ms) holds, then kills it; resolves when it has exited. */
function runUntil(script: string, args: string[], ready: () => boolean): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `training/cli/${script}.ts`, ...args], { cwd: ROOT, stdio: 'ignore' });
    const timer = setInterval(() => {
      if (ready()) child.kill('SIGKILL');
    }, 100);
    child.on('exit', () => {
      clearInterval(timer);
      done();
    });
    child.on('error', fail);
  });
}

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
    [['--sims', '1e9'], 2, '--sims must be an integer >= 1 <= 1000000, got "1e9"'],
    [['--ms', '1e9'], 2, '--ms must be a number >= 1 <= 600000, got "1e9"'],
    [['4444'], 2, 'unexpected argument "4444": this command takes only options'],
    [['--model', '.'], 1, 'cannot read the model file .: it is a directory'],
  ])('rejects %j with exit %i', (args, status, message) => {
    const r = run('agent', args as string[], '');
    expect(r.status).toBe(status);
    expect(r.stderr).toContain(message);
  });
});

describe('npm run agent: a broken network and a closed pipe', () => {
  test('a network that answers NaN (corrupted weights) stops the agent with a message and exit 1, no "NaN" answer', () => {
    const r = run('agent', ['--model', nanModel, '--sims', '20'], '4453\n44\n');
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('NaN');
    expect(r.stderr).toContain(`error: line 1: ${nanModel}: the network's output is not a number`);
    expect(r.stderr).toContain('is the model file corrupt?');
  });

  test('a reader that closes the pipe early (| head -1) ends the agent quietly, exit 0', () => {
    // Far more output than a pipe buffers (64 KB), so that the agent writes after head has gone.
    const cmd = `yes '' | head -n 6000 | "${process.execPath}" --import tsx training/cli/agent.ts --model "${model}" --sims 1 | head -n 1; exit \${PIPESTATUS[2]}`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout.trim().split(' ')).toHaveLength(9);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
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
    [['--games', 'many'], '--games must be an integer >= 1 <= 10000, got "many"'],
    [['--opponent', 'human'], '--opponent must be solver, alphabeta, one-ply or random'],
    [['--ms=-5'], '--ms must be a number >= 1 <= 600000, got "-5"'],
    [['--mirror-average', '--no-mirror-average'], 'choose one of --mirror-average and --no-mirror-average'],
    [['--games', '1e9'], '--games must be an integer >= 1 <= 10000, got "1e9"'],
    [['--sims', '1e9'], '--sims must be an integer >= 1 <= 1000000'],
    [['20'], 'unexpected argument "20"'],
    [['--out', '/nonexistent/x.json'], 'cannot write the record to /nonexistent/x.json (folder /nonexistent): ENOENT'],
    [['--out', '.'], '--out . is a directory'],
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

  test('a record of another run at the output is kept unless --force; a rerun of the same settings may replace it', () => {
    const quick = ['--model', model, '--games', '1', '--sims', '8', '--opponent', 'random'];
    const out = join(dir, 'tiny.match-random-first.json');
    const committed = JSON.stringify({ config: { games: 20 }, modelSha256: 'x', games: [] });
    writeFileSync(out, committed);
    const refused = run('match', quick);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${out} holds the record of another run (measured on another model file than ${model}): pass --force to replace it`);
    expect(refused.stderr).not.toMatch(/^game 1/m);
    expect(readFileSync(out, 'utf8')).toBe(committed);
    expect(run('match', [...quick, '--force']).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).games).toHaveLength(1);
    // Same model, same settings: the same games again, nothing lost.
    expect(run('match', quick).status).toBe(0);
    // Other settings: refused, naming what differs.
    const more = run('match', [...quick, '--games', '2']);
    expect(more.status).toBe(2);
    expect(more.stderr).toContain('(games 1, not 2)');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  test('a match killed midway keeps its finished games in OUT.partial', async () => {
    const out = join(dir, 'killed.json');
    const partial = `${out}.partial`;
    const hasTwoGames = () => existsSync(partial) && JSON.parse(readFileSync(partial, 'utf8')).games.length >= 2;
    await runUntil('match', ['--model', model, '--games', '5000', '--sims', '4', '--opponent', 'random', '--out', out], hasTwoGames);
    expect(existsSync(out)).toBe(false);
    const kept = JSON.parse(readFileSync(partial, 'utf8'));
    expect(kept.config.games).toBe(5000);
    expect(kept.byColour[0].games).toBe(kept.games.length);
    expect(kept.modelSha256).toBe(createHash('sha256').update(readFileSync(model)).digest('hex'));
  });

  test('a book that is not a book file is named in the error', () => {
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, 'not a book at all');
    const r = run('match', ['--model', model, '--games', '1', '--sims', '8', '--book', garbage, '--out', join(dir, 'b.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: cannot read the book ${garbage}: `);
    expect(r.stderr).not.toMatch(/^\s+at /m);
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

  test('a committed verdict table judges the positions it covers, and one of another file is refused', () => {
    const set = join(dir, 'Test_tabled');
    writeFileSync(set, '3717651237714252262533461115664355732 3\n626125774156364213317326426137135525 3\n');
    const tables = join(dir, 'tables');
    expect(run('verdicts', ['--dir', tables, set]).status).toBe(0);
    expect(readFileSync(join(tables, 'tabled.txt'), 'utf8')).toMatch(/^# c4 verdicts v1 set=tabled sha256=[0-9a-f]{64}\n/);
    const r = run('eval', ['--model', model, '--no-search', '--verdict-tables', tables, '--out', join(dir, 't1.json'), set]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`tabled: 2 of 2 positions judged by ${join(tables, 'tabled.txt')}`);
    const plain = run('eval', ['--model', model, '--no-search', '--verdict-tables', join(dir, 'none'), '--out', join(dir, 't2.json'), set]);
    expect(plain.status).toBe(0);
    const sets = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).sets;
    expect(sets('t1.json')).toEqual(sets('t2.json'));
    writeFileSync(set, '3717651237714252262533461115664355732 3\n');
    const other = run('eval', ['--model', model, '--no-search', '--verdict-tables', tables, '--out', join(dir, 't3.json'), set]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('was built from another file of set tabled');
  });

  test('--jobs 2 measures the sets in two processes and writes the same record as one', () => {
    const sets = ['seeds/positions/end.txt', 'seeds/positions/middle.txt', 'seeds/positions/early.txt'];
    const one = join(dir, 'jobs-1.json');
    const two = join(dir, 'jobs-2.json');
    expect(run('eval', ['--model', model, '--sims', '20', '--limit', '12', '--out', one, ...sets]).status).toBe(0);
    const r = run('eval', ['--model', model, '--sims', '20', '--limit', '12', '--jobs', '2', '--out', two, ...sets]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/job 1: .*\n[^]*job 2: /);
    const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
    expect(read(two).sets.map((x: { set: string }) => x.set)).toEqual(['end', 'middle', 'early']);
    expect(read(two).sets).toEqual(read(one).sets);
    expect(existsSync(`${two}.job-1.json`) || existsSync(`${two}.job-2.json`)).toBe(false);
  });

  test('finished games are skipped with a note, not judged as misses', () => {
    const set = join(dir, 'finished.txt');
    writeFileSync(set, '1212121 0\n3717651237714252262533461115664355732 3\n');
    const out = join(dir, 'finished.json');
    const r = run('eval', ['--model', model, '--no-search', '--out', out, set]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`note: ${set}:1: skipped, the game is over (won): no move to judge`);
    expect(JSON.parse(readFileSync(out, 'utf8')).sets[0].positions).toBe(1);
  });

  test.each([
    ['4453 999\n', ':1: score 999 is outside -19..19, the range of a position of 4 stones'],
    ['4453 1\n4453 -20\n', ':2: score -20 is outside -19..19'],
    ['4453 1 2 3 4 5 6 22\n', ':1: score 22 is outside -19..19'],
    ['# only a comment\n', ': no position to judge'],
    ['1212121 0\n', ': no position to judge'],
  ])('a set %j is refused with exit 1: %s', (text, message) => {
    const set = join(dir, 'refused.txt');
    writeFileSync(set, text);
    const r = run('eval', ['--model', model, '--no-search', '--out', join(dir, 'refused.json'), set]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: ${set}${message}`);
    expect(existsSync(join(dir, 'refused.json'))).toBe(false);
  });

  test.each([
    [['--out', '/nonexistent/e.json'], 'cannot write the record to /nonexistent/e.json'],
    [['--sims', '1e9'], '--sims must be an integer >= 1 <= 1000000'],
    [['--solve-ms', '1e12'], '--solve-ms must be a number >= 1 <= 3600000'],
  ])('rejects %j before any work, exit 2', (args, message) => {
    const r = run('eval', ['--model', model, ...(args as string[]), 'seeds/positions/end.txt']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('a record of other settings at the output is kept unless --force', () => {
    const out = join(dir, 'kept-eval.json');
    const args = ['--model', model, '--no-search', '--limit', '5', '--out', out, 'seeds/positions/end.txt'];
    expect(run('eval', args).status).toBe(0);
    const before = readFileSync(out, 'utf8');
    const r = run('eval', [...args, '--limit', '6']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${out} holds the record of another run (limit 5, not 6)`);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(run('eval', [...args, '--limit', '6', '--force']).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).limit).toBe(6);
  });

  test('a bad line names the file and line', () => {
    const set = join(dir, 'bad.txt');
    writeFileSync(set, '4453 1\n44z 2\n');
    const r = run('eval', ['--model', model, set]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${set}:2: bad move at index 2 of "44z"`);
  });
});

describe('records of a quick run', () => {
  test('a match of the shipped model without --out writes under runs/records/, never into models/', () => {
    const record = join(ROOT, 'runs', 'records', 'agent.match-random-first.json');
    rmSync(record, { force: true });
    const before = spawnSync('git', ['status', '--porcelain', 'models'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    const r = run('match', ['--games', '1', '--sims', '20', '--opponent', 'random', '--agent-first', '--seed', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(record)).toBe(true);
    expect(spawnSync('git', ['status', '--porcelain', 'models'], { cwd: ROOT, encoding: 'utf8' }).stdout).toBe(before);
    rmSync(record, { force: true });
  });

  test('an empty file given as --out is no record of another run: it is written', () => {
    const out = join(dir, 'empty.json');
    writeFileSync(out, '');
    const r = run('match', ['--model', model, '--games', '1', '--sims', '8', '--opponent', 'random', '--agent-first', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).games).toHaveLength(1);
  });
});
