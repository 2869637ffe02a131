/**
 * `npm run card`: ships one generation of a training run as a model in
 * models/ with its card. Copies runs/<run>/gen-NNNN.onnx to
 * models/<name>.onnx (unless --no-copy), then writes from the run's config
 * and metrics and from the results measured on the shipped file
 * (models/<name>.match-*.json from `npm run match`, models/<name>.eval*.json
 * from `npm run eval`, e.g. one file for the fast sets and one for a sample
 * of the slow L1_R3):
 *
 *   models/<name>.card.json   everything, machine-readable
 *   models/<name>.md          the card to read
 *   models/<name>.curve.svg   the training curves (README and the page show it)
 *
 *   npm run card -- --run runs/long [--generation N] [--name agent] [--no-copy]
 *
 * Run it again after each new match or eval: the card only ever reports
 * results that exist on disk for the shipped file.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCard, renderCardMarkdown, renderCurveSvg, type Metrics } from '../card/card.js';
import { failUsage, numberOption, parseOptions, withUsage } from './options.js';

const USAGE = 'usage: npm run card -- --run runs/<run> [--generation N] [--name agent] [--models models] [--no-copy]';

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
if (!values.run) failUsage('--run is required', USAGE);
const runDir = values.run;
for (const f of ['config.json', 'metrics.jsonl']) {
  if (!existsSync(join(runDir, f))) failUsage(`${join(runDir, f)} not found: is ${runDir} a training run directory?`, USAGE);
}
if (!/^[\w.-]+$/.test(values.name)) failUsage('--name must be a plain file name', USAGE);

const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
const metrics: Metrics[] = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
if (metrics.length === 0) failUsage(`${runDir} has no finished generation yet`, USAGE);

const generation = withUsage(
  USAGE,
  () => numberOption('generation', values.generation, { min: 1, max: metrics.length, integer: true }) ?? metrics.length,
);

const base = join(values.models, values.name);
const source = join(runDir, `gen-${String(generation).padStart(4, '0')}.onnx`);
if (!values['no-copy']) {
  if (!existsSync(source)) failUsage(`${source} not found`, USAGE);
  copyFileSync(source, `${base}.onnx`);
  process.stderr.write(`copied ${source} -> ${base}.onnx\n`);
}
if (!existsSync(`${base}.onnx`)) failUsage(`${base}.onnx not found (and --no-copy given)`, USAGE);

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const matchFiles = readdirSync(values.models)
  .filter((f) => f.startsWith(`${values.name}.match-`) && f.endsWith('.json'))
  .sort();
const evalFiles = readdirSync(values.models)
  .filter((f) => f.startsWith(`${values.name}.eval`) && f.endsWith('.json'))
  .sort();
const card = buildCard({
  name: values.name,
  runDir,
  source,
  config,
  metrics: metrics.slice(0, generation),
  matches: matchFiles.map((f) => ({ file: f, result: readJson(join(values.models, f)) })),
  evaluations: evalFiles.map((f) => ({ file: f, result: readJson(join(values.models, f)) })),
  modelBytes: readFileSync(`${base}.onnx`),
});
writeFileSync(`${base}.card.json`, `${JSON.stringify(card, null, 2)}\n`);
writeFileSync(`${base}.curve.svg`, renderCurveSvg(metrics.slice(0, generation), `${config.name}: generation ${generation}`));
writeFileSync(`${base}.md`, renderCardMarkdown(card, `${values.name}.curve.svg`));
process.stderr.write(`wrote ${base}.card.json, ${base}.md, ${base}.curve.svg\n`);
