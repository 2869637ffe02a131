/**
 * `npm run card`: ships one generation of a training run as a model in
 * models/ with its card. Copies runs/<run>/gen-NNNN.onnx to
 * models/<name>.onnx (unless --no-copy), then writes from the run's config
 * and metrics and from the results measured on the shipped file
 * (models/<name>.match-*.json from `npm run match`, models/<name>.eval*.json
 * from `npm run eval`, e.g. one file for the fast sets and one for a sample
 * of the slow L1_R3):
 *
 *   models/<name>.card.json     everything, machine-readable
 *   models/<name>.md            the card to read
 *   models/<name>.curve.svg     the training curves (docs/shipped-model.md and the page show it)
 *   models/<name>.metrics.jsonl the run's metrics up to the shipped generation
 *
 *   npm run card -- --run runs/long [--generation N] [--name agent] [--no-copy]
 *
 * Run it again after each new match or eval, with --run while the run
 * directory exists, or without it to refresh only the results (the training
 * part and the curve stay as they are): the card only ever reports results
 * that exist on disk for the shipped file, and refuses a record whose
 * modelSha256 is another file's.
 *
 * Everything is read and checked before anything is written; then all the
 * files are written to temporary names and renamed into place, so a card
 * that fails (a record of another model, a corrupt record, a truncated
 * metrics.jsonl) leaves the models folder as it was.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCard, fileFacts, refreshCard, stagesOf, type Card, type CardInput, type Metrics } from '../card/data.js';
import { renderCardMarkdown } from '../card/markdown.js';
import { renderCurveSvg } from '../card/svg.js';
import { parseEvalRecord } from '../records/eval.js';
import { parseMatchRecord } from '../records/match.js';
import { parseMetrics } from '../records/metrics.js';
import { writeAllAtomic, type Output } from '../util/atomic-write.js';
import { generationModelFile, runPath } from '../util/run-files.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = `usage: npm run card -- --run runs/<run> [--generation N] [--no-copy] [--name agent] [--models models]
       npm run card -- [--name agent] [--models models]    (results only: keeps the card's training part)`;

const { values } = parseOptions(
  {
    run: { type: 'string' },
    generation: { type: 'string' },
    name: { type: 'string', default: 'agent' },
    models: { type: 'string', default: 'models' },
    'no-copy': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
if (!/^[\w.-]+$/.test(values.name)) failUsage('--name must be a plain file name', USAGE);
const base = join(values.models, values.name);

/** A JSON file, or an error naming it (a corrupt record is a message, not a SyntaxError's stack trace). */
function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}): is it corrupt or cut short?`);
  }
}

/** A metrics.jsonl, or an error naming the file and line (a run killed mid-write may leave a truncated last line). */
const readMetrics = (path: string): Metrics[] => parseMetrics(readFileSync(path, 'utf8'), path);

/** From a run directory: the training part, the model bytes to ship, and the files that go with them (not written yet). */
function fromRun(runDir: string) {
  for (const f of ['config', 'metrics'] as const) {
    if (!existsSync(runPath(runDir, f))) failUsage(`${runPath(runDir, f)} not found: is ${runDir} a training run directory?`, USAGE);
  }
  const config = readJson(runPath(runDir, 'config')) as CardInput['config'] & { continues?: { config: string; generation: number } };
  const metrics = readMetrics(runPath(runDir, 'metrics'));
  if (metrics.length === 0) failUsage(`${runDir} has no finished generation yet`, USAGE);
  const generation = withUsage(
    USAGE,
    () => numberOption('generation', values.generation, { min: 1, max: metrics.length, integer: true }) ?? metrics.length,
  );
  const source = join(runDir, generationModelFile(generation));
  const outputs: Output[] = [];
  if (!values['no-copy']) {
    if (!existsSync(source)) failUsage(`${source} not found`, USAGE);
    outputs.push({ path: `${base}.onnx`, data: readFileSync(source) });
  } else if (!existsSync(`${base}.onnx`)) {
    failUsage(`${base}.onnx not found (and --no-copy given)`, USAGE);
  }
  const shipped = metrics.slice(0, generation);
  // A config that continues another (config "continues"): follow the chain through seeds/ for the stages.
  const readConfig = (path: string) => {
    if (existsSync(path)) return readJson(path) as { continues?: { config: string; generation: number } };
    process.stderr.write(`note: ${path} (continued by this run) not found; the stages before it are not named\n`);
    return {};
  };
  const stages = stagesOf(`seeds/${config.name}.json`, config, generation, readConfig);
  outputs.push({ path: `${base}.metrics.jsonl`, data: shipped.map((m) => `${JSON.stringify(m)}\n`).join('') });
  outputs.push({ path: `${base}.curve.svg`, data: renderCurveSvg(shipped, `${config.name}: generation ${generation}`) });
  return { runDir, source, config, metrics: shipped, stages, outputs };
}

let outputs: Output[];
let copiedFrom: string | null;
try {
  ({ outputs, copiedFrom } = checkedOutputs());
} catch (e) {
  // Unreadable inputs (a corrupt record, a truncated metrics.jsonl) and records that cannot go on one card: one line, nothing written.
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
writeAllAtomic(outputs);
if (copiedFrom !== null) process.stderr.write(`copied ${copiedFrom} -> ${base}.onnx\n`);
process.stderr.write(`wrote ${outputs.map((o) => o.path).join(', ')}${values.run ? '' : ' (training part and curve kept)'}\n`);

/** Reads the run (with --run) and the records, checks them all against the model to ship, and returns every file to write. */
function checkedOutputs(): { outputs: Output[]; copiedFrom: string | null } {
  const run = values.run ? fromRun(values.run) : null;
  if (!run) {
    if (values.generation !== undefined || values['no-copy']) failUsage('--generation and --no-copy go with --run', USAGE);
    if (!existsSync(`${base}.card.json`)) failUsage(`${base}.card.json not found: ship a generation first with --run runs/<run>`, USAGE);
    if (!existsSync(`${base}.onnx`)) failUsage(`${base}.onnx not found`, USAGE);
  }
  const copied = run?.outputs.find((o) => o.path === `${base}.onnx`);
  const records = <T>(prefix: string, parse: (v: unknown, where: string) => T) =>
    readdirSync(values.models)
      .filter((f) => f.startsWith(`${values.name}.${prefix}`) && f.endsWith('.json'))
      .sort()
      .map((f) => ({ file: f, result: parse(readJson(join(values.models, f)), join(values.models, f)) }));
  const results = {
    name: values.name,
    matches: records('match-', parseMatchRecord),
    evaluations: records('eval', parseEvalRecord),
    // The file that will be shipped: the run's generation when copying, else the one in place.
    modelBytes: (copied?.data as Uint8Array | undefined) ?? readFileSync(`${base}.onnx`),
  };
  const { sha256 } = fileFacts(results.modelBytes);
  const previous = run ? null : (readJson(`${base}.card.json`) as Card);
  if (previous && sha256 !== previous.sha256) {
    failUsage(`${base}.onnx is not the file ${base}.card.json describes (sha256 differs): ship it with --run runs/<run> --generation N`, USAGE);
  }
  // A record measured on another file (an older model left in models/) must not reach the card.
  for (const { file, result } of [...results.matches, ...results.evaluations]) {
    const sha = result.modelSha256;
    const shipped = copied ? run!.source : `${base}.onnx`;
    if (sha === undefined) {
      process.stderr.write(`note: ${join(values.models, file)} has no modelSha256 (made before records carried one), so it cannot be checked against ${shipped}\n`);
    } else if (sha !== sha256) {
      // A failure (exit 1), not a usage error: the command was right, the record is not this model's.
      throw new Error(`${join(values.models, file)} was measured on another model (sha256 ${sha.slice(0, 16)}…, not ${shipped}'s ${sha256.slice(0, 16)}…): run it again or remove it`);
    }
  }
  const card: Card = run ? buildCard({ ...results, ...run }) : refreshCard(previous!, results);
  const outputs = [
    ...(run?.outputs ?? []),
    { path: `${base}.card.json`, data: `${JSON.stringify(card, null, 2)}\n` },
    { path: `${base}.md`, data: renderCardMarkdown(card, `${values.name}.curve.svg`) },
  ];
  return { outputs, copiedFrom: copied ? run!.source : null };
}
