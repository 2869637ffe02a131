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
 *   models/<name>.curve.svg     the training curves (README and the page show it)
 *   models/<name>.metrics.jsonl the run's metrics up to the shipped generation
 *
 *   npm run card -- --run runs/long [--generation N] [--name agent] [--no-copy]
 *
 * Run it again after each new match or eval, with --run while the run
 * directory exists, or without it to refresh only the results (the training
 * part and the curve stay as they are): the card only ever reports results
 * that exist on disk for the shipped file, and refuses a record whose
 * modelSha256 is another file's.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCard, fileFacts, refreshCard, renderCardMarkdown, renderCurveSvg, stagesOf, type Card, type Metrics } from '../card/card.js';
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
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const readMetrics = (path: string): Metrics[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

/** From a run directory: the training part, the curve and models/<name>.metrics.jsonl (so the card outlives the run). */
function fromRun(runDir: string) {
  for (const f of ['config.json', 'metrics.jsonl']) {
    if (!existsSync(join(runDir, f))) failUsage(`${join(runDir, f)} not found: is ${runDir} a training run directory?`, USAGE);
  }
  const config = readJson(join(runDir, 'config.json'));
  const metrics = readMetrics(join(runDir, 'metrics.jsonl'));
  if (metrics.length === 0) failUsage(`${runDir} has no finished generation yet`, USAGE);
  const generation = withUsage(
    USAGE,
    () => numberOption('generation', values.generation, { min: 1, max: metrics.length, integer: true }) ?? metrics.length,
  );
  const source = join(runDir, `gen-${String(generation).padStart(4, '0')}.onnx`);
  if (!values['no-copy']) {
    if (!existsSync(source)) failUsage(`${source} not found`, USAGE);
    copyFileSync(source, `${base}.onnx`);
    process.stderr.write(`copied ${source} -> ${base}.onnx\n`);
  }
  if (!existsSync(`${base}.onnx`)) failUsage(`${base}.onnx not found (and --no-copy given)`, USAGE);
  const shipped = metrics.slice(0, generation);
  // A config that continues another (config "continues"): follow the chain through seeds/ for the stages.
  const readConfig = (path: string) => {
    if (existsSync(path)) return readJson(path);
    process.stderr.write(`note: ${path} (continued by this run) not found; the stages before it are not named\n`);
    return {};
  };
  const stages = stagesOf(`seeds/${config.name}.json`, config, generation, readConfig);
  writeFileSync(`${base}.metrics.jsonl`, shipped.map((m) => `${JSON.stringify(m)}\n`).join(''));
  writeFileSync(`${base}.curve.svg`, renderCurveSvg(shipped, `${config.name}: generation ${generation}`));
  return { runDir, source, config, metrics: shipped, stages };
}

const run = values.run ? fromRun(values.run) : null;
if (!run) {
  if (values.generation !== undefined || values['no-copy']) failUsage('--generation and --no-copy go with --run', USAGE);
  if (!existsSync(`${base}.card.json`)) failUsage(`${base}.card.json not found: ship a generation first with --run runs/<run>`, USAGE);
  if (!existsSync(`${base}.onnx`)) failUsage(`${base}.onnx not found`, USAGE);
}

const matchFiles = readdirSync(values.models)
  .filter((f) => f.startsWith(`${values.name}.match-`) && f.endsWith('.json'))
  .sort();
const evalFiles = readdirSync(values.models)
  .filter((f) => f.startsWith(`${values.name}.eval`) && f.endsWith('.json'))
  .sort();
const results = {
  name: values.name,
  matches: matchFiles.map((f) => ({ file: f, result: readJson(join(values.models, f)) })),
  evaluations: evalFiles.map((f) => ({ file: f, result: readJson(join(values.models, f)) })),
  modelBytes: readFileSync(`${base}.onnx`),
};
const { sha256 } = fileFacts(results.modelBytes);
const previous = run ? null : (readJson(`${base}.card.json`) as Card);
if (previous && sha256 !== previous.sha256) {
  failUsage(`${base}.onnx is not the file ${base}.card.json describes (sha256 differs): ship it with --run runs/<run> --generation N`, USAGE);
}
// A record measured on another file (an older model left in models/) must not reach the card.
for (const { file, result } of [...results.matches, ...results.evaluations]) {
  const sha = (result as { modelSha256?: string }).modelSha256;
  if (sha === undefined) {
    process.stderr.write(`note: ${join(values.models, file)} has no modelSha256 (made before records carried one), so it cannot be checked against ${base}.onnx\n`);
  } else if (sha !== sha256) {
    failUsage(`${join(values.models, file)} was measured on another model (sha256 ${sha.slice(0, 16)}…, not ${base}.onnx's ${sha256.slice(0, 16)}…): run it again or remove it`, USAGE);
  }
}
let card: Card;
try {
  card = run ? buildCard({ ...results, ...run }) : refreshCard(previous!, results);
} catch (e) {
  // Records that cannot go on one card (one set measured with different search settings): say which, no stack trace.
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
writeFileSync(`${base}.card.json`, `${JSON.stringify(card, null, 2)}\n`);
writeFileSync(`${base}.md`, renderCardMarkdown(card, `${values.name}.curve.svg`));
process.stderr.write(`wrote ${base}.card.json, ${base}.md${run ? `, ${base}.curve.svg, ${base}.metrics.jsonl` : ' (training part and curve kept)'}\n`);
