/**
 * One opening question across a run's generations: what each network
 * answers at one position (by default `4`, the centre opening, where only
 * `44` holds out to ply 41), raw and with the agent's search at several
 * budgets. Per model, one JSON line: the raw prior of every column, the raw
 * value of every reply from the replying side's view, and per budget the
 * agent's chosen column (1-7) with its root visits and mean values (side to
 * move, null where unvisited) per column.
 *
 *   npx tsx training/bench/opening-reply.ts --models runs/x/gen-0100.onnx,runs/x/gen-0200.onnx [--position 4] [--sims 1024,16000] [--out FILE]
 */
import { existsSync } from 'node:fs';
import { parseMoves, WIDTH } from '../../src/engine/index.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { loadAgentEvaluator } from '../match/agent-loader.js';
import { Agent } from '../../src/agent/agent.js';
import { failUsage, parseOptions, simsOption, UsageError, withUsage } from '../cli/options.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npx tsx training/bench/opening-reply.ts --models A.onnx[,B.onnx...] [--position 4] [--sims 1024,16000] [--out FILE]';
const { values } = parseOptions(
  {
    models: { type: 'string' },
    position: { type: 'string', default: '4' },
    sims: { type: 'string', default: '1024,16000' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!values.models) failUsage('--models is required', USAGE);
const models = values.models.split(',').filter((m) => m !== '');
for (const m of models) if (!existsSync(m)) failUsage(`--models: ${m} not found`, USAGE);
const { budgets, pos } = withUsage(USAGE, () => {
  let p;
  try {
    p = parseMoves(values.position);
  } catch (e) {
    throw new UsageError(`--position: ${(e as Error).message}`);
  }
  if (p.isOver) throw new UsageError(`--position ${values.position}: the game is over`);
  return { budgets: values.sims.split(',').map((s) => simsOption(s)!), pos: p };
});

const round = (x: number) => Math.round(x * 1000) / 1000;
const lines: string[] = [];
for (const model of models) {
  const raw = new OnnxEvaluator(await createNodeSession(model));
  const [here] = await raw.evaluate([pos]);
  const replies = [];
  for (let c = 0; c < WIDTH; c++) if (pos.canPlay(c)) replies.push(c);
  const after = await raw.evaluate(
    replies.map((c) => {
      const next = pos.clone();
      next.play(c);
      return next;
    }),
  );
  const value: (number | null)[] = new Array(WIDTH).fill(null);
  replies.forEach((c, i) => (value[c] = round(-after[i].value)));
  await raw.dispose();
  const row: Record<string, unknown> = { model, position: values.position, prior: Array.from(here.policy, round), value };
  // A model with a moves-left head: its estimate of the plies left after each reply.
  if (here.movesLeft !== undefined) {
    const left: (number | null)[] = new Array(WIDTH).fill(null);
    replies.forEach((c, i) => (left[c] = Math.round((after[i].movesLeft ?? NaN) * 10) / 10));
    row.movesLeft = left;
  }
  const evaluator = await loadAgentEvaluator(model);
  for (const sims of budgets) {
    const agent = new Agent(evaluator, { budget: { sims } });
    agent.newGame(pos, 1);
    const t = (await agent.think())!;
    const q = Array.from(t.q, (x) => (Number.isNaN(x) ? null : round(x)));
    row[`sims${sims}`] = { column: t.best + 1, visits: Array.from(t.visits, Math.round), q };
  }
  await evaluator.dispose?.();
  const line = JSON.stringify(row);
  lines.push(line);
  console.log(line);
}
if (values.out) writeAtomic(values.out, lines.join('\n') + '\n');
