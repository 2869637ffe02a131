/**
 * `npm run match`: the agent (ONNX model + MCTS) against the perfect solver,
 * or against a rung of the baseline ladder. One progress line per game on
 * stderr, a summary table on stdout, and the full record as JSON beside the
 * model (or at --out). The output is checked before the first game, an
 * existing record of another run there is kept unless --force, and the
 * games so far are saved to OUT.partial after each game (training/cli/records.ts).
 * With --web [--level NAME] the games are played in headless Chromium by the
 * game page's own agent and solver workers (training/match/web.ts), at a
 * level of the page (src/agent/levels.ts), and the record says so.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { LEVELS, levelById } from '../../src/agent/levels.js';
import { runMatch, summaryRows, type MatchConfig } from '../match/match.js';
import { runWebMatch } from '../match/web.js';
import { DEFAULT_MIRROR_AVERAGE, MODEL_PATH as DEFAULT_MODEL_PATH, DEFAULT_SIMULATIONS } from '../../src/agent/defaults.js';
import { budgetOption, MAX_GAMES, MIRROR_AVERAGE_OPTIONS, mirrorAverageOption, numberOption, parseOptions, UsageError, withUsage } from './options.js';
import { checkRecordPath, defaultRecordPath, partialPath, settingsDiffer, writeFinal, writePartial } from './records.js';
import { printTable } from '../util/stats.js';

const USAGE = `usage: npm run match -- [--model ${DEFAULT_MODEL_PATH}] [--games 20] [--agent-first | --agent-second | --both]
         [--sims ${DEFAULT_SIMULATIONS} | --ms T] [--prune] [--mirror-average | --no-mirror-average] [--seed 1] [--out result.json] [--force]
         [--opponent solver|alphabeta|one-ply|random] [--depth 4] [--book public/book/book.bin | --no-book]
         [--level easy|medium|strong|max] [--web]
  --level: the page's strength level (src/agent/levels.ts): its simulations and its move choice, instead of --sims/--ms
  --web: played in headless Chromium by the page's own workers (CHROMIUM_PATH or /usr/bin/chromium), at --level (default max)
  --out FILE: default MODEL.match-OPPONENT-COLOURS.json (with --web: MODEL.match-web-LEVEL-COLOURS.json) beside the model
              (for a model in models/: in runs/records/, so that only --out or npm run card changes models/); an existing record there of
              another model or other settings is only replaced with --force`;

const { values } = parseOptions(
  {
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    games: { type: 'string', default: '20' },
    'agent-first': { type: 'boolean', default: false },
    'agent-second': { type: 'boolean', default: false },
    both: { type: 'boolean', default: false },
    sims: { type: 'string' },
    ms: { type: 'string' },
    prune: { type: 'boolean', default: false },
    ...MIRROR_AVERAGE_OPTIONS,
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    opponent: { type: 'string', default: 'solver' },
    depth: { type: 'string', default: '4' },
    book: { type: 'string' },
    'no-book': { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
    level: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);

const config: MatchConfig = withUsage(USAGE, () => {
  const colours = [values['agent-first'], values['agent-second'], values.both].filter(Boolean).length;
  if (colours > 1) throw new UsageError('choose one of --agent-first, --agent-second, --both');
  const opponent = values.opponent;
  if (!['solver', 'alphabeta', 'one-ply', 'random'].includes(opponent)) {
    throw new UsageError(`--opponent must be solver, alphabeta, one-ply or random, got ${JSON.stringify(opponent)}`);
  }
  if (values.level !== undefined && !LEVELS.some((l) => l.id === values.level)) {
    throw new UsageError(`--level must be one of ${LEVELS.map((l) => l.id).join(', ')}, got ${JSON.stringify(values.level)}`);
  }
  if (values.level !== undefined && (values.sims !== undefined || values.ms !== undefined)) {
    throw new UsageError('--level sets the budget (its simulations); give --level or --sims/--ms, not both');
  }
  if (values.web) {
    if (opponent !== 'solver') throw new UsageError('--web plays against the page\'s solver only');
    if (values.model !== DEFAULT_MODEL_PATH) throw new UsageError(`--web plays the model the page ships, ${DEFAULT_MODEL_PATH}`);
    if (values.sims !== undefined || values.ms !== undefined) throw new UsageError('--web takes its budget from --level, not --sims or --ms');
  }
  return {
    ...(values.web ? { web: { level: values.level ?? 'max' } } : values.level !== undefined ? { level: values.level } : {}),
    model: values.model,
    games: numberOption('games', values.games, { min: 1, max: MAX_GAMES, integer: true })!,
    colours: values['agent-second'] ? 'second' : values.both ? 'both' : 'first',
    budget: values.web || values.level !== undefined ? { sims: levelById(values.level ?? 'max').simulations } : budgetOption(values, DEFAULT_SIMULATIONS),
    pruneLosing: values.prune,
    mirrorAverage: mirrorAverageOption(values, DEFAULT_MIRROR_AVERAGE),
    seed: numberOption('seed', values.seed, { integer: true })!,
    opponent: opponent as MatchConfig['opponent'],
    depth: numberOption('depth', values.depth, { min: 1, max: 10, integer: true })!,
    book: values['no-book'] ? null : (values.book ?? 'default'),
  };
});

const kind = config.web ? `web-${config.web.level}` : config.level ? `${config.opponent}-${config.level}` : config.opponent;
const out = values.out ?? defaultRecordPath(config.model, `match-${kind}-${config.colours}.json`);
withUsage(USAGE, () =>
  checkRecordPath(out, values.force, (old) => {
    // The same model (by content) and the same settings make the same games: replacing that record loses nothing.
    const sha = existsSync(config.model) ? createHash('sha256').update(readFileSync(config.model)).digest('hex') : undefined;
    if (sha !== undefined && old.modelSha256 !== sha) return `measured on another model file than ${config.model}`;
    const { model: _model, ...settings } = config;
    return settingsDiffer((old.config ?? {}) as Record<string, unknown>, settings);
  }),
);

let played = 0;
try {
  const result = await (config.web ? runWebMatch : runMatch)(
    config,
    (line) => process.stderr.write(`${line}\n`),
    (partial) => {
      played = partial.games.length;
      writePartial(out, partial);
    },
  );
  writeFinal(out, result);
  printTable(['agent as', 'games', 'W', 'D', 'L', 'game lengths (plies)', 'agent s/move', `${config.opponent} s/move`], summaryRows(result));
  process.stderr.write(`wrote ${out}\n`);
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  if (played > 0) process.stderr.write(`the ${played} finished games are in ${partialPath(out)}\n`);
  process.exit(1);
}
