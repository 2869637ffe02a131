/**
 * `npm run bench:ort`: the agent's speed in the browser against Node, as
 * ratios from one run. The shipped model is measured by
 * src/agent/throughput.ts on onnxruntime-node here, then on onnxruntime-web
 * (wasm) in a worker of the measurement page in headless Chromium
 * (tests/e2e/bench-ort.mjs), with 1 and 2 wasm threads: raw network
 * evaluations/s per batch size, and the agent's simulations/s (evaluator
 * stack and play preset of src/agent, a fresh tree per position). Node runs
 * first, then the browser, each alone on the machine.
 *
 *   npm run bench:ort [-- --sims 1024] [--batches 1,8,16,64] [--ms 2000] [--threads 1,2] [--json FILE]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureThroughput, type Throughput, type ThroughputSpec } from '../../src/agent/throughput.js';
import { MODEL_PATH } from '../../src/agent/defaults.js';
import { createNodeSession } from '../../src/nn/node-session.js';
import { OnnxEvaluator } from '../../src/nn/onnx-evaluator.js';
import { numberOption, parseOptions, withUsage } from '../cli/options.js';
import { printTable } from '../util/stats.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npm run bench:ort -- [--sims 1024] [--batches 1,8,16,64] [--ms 2000] [--threads 1,2] [--json FILE]';
const { values } = parseOptions(
  {
    sims: { type: 'string', default: '1024' },
    batches: { type: 'string', default: '1,8,16,64' },
    ms: { type: 'string', default: '2000' },
    threads: { type: 'string', default: '1,2' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);
/** A comma-separated list of whole numbers from 1 to `max`, each checked as a single option is. */
const list = (name: string, raw: string, max: number) => raw.split(',').map((x) => numberOption(name, x, { min: 1, max, integer: true })!);
const { spec, threads } = withUsage(USAGE, () => ({
  spec: {
    simulations: numberOption('sims', values.sims, { min: 1, max: 100_000, integer: true })!,
    batches: list('batches', values.batches, 1024),
    msPerBatch: numberOption('ms', values.ms, { min: 100, max: 60_000 })!,
  } satisfies ThroughputSpec,
  threads: list('threads', values.threads, 8),
}));

const node = new OnnxEvaluator(await createNodeSession(MODEL_PATH));
const nodeResult = await measureThroughput(node, spec, () => performance.now());
await node.dispose();
process.stderr.write(`onnxruntime-node: ${JSON.stringify(nodeResult)}\n`);

const script = fileURLToPath(new URL('../../tests/e2e/bench-ort.mjs', import.meta.url));
const child = spawnSync(process.execPath, [script, '--spec', JSON.stringify(spec), '--threads', threads.join(',')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (child.status !== 0) {
  process.stderr.write('bench:ort: the browser measurement failed (is Chromium installed? see README, browser tests)\n');
  process.exit(1);
}
const lines = child.stdout
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const webgpu = lines.find((l) => 'webgpu' in l)?.webgpu === true;
const web = lines.filter((l) => 'askedThreads' in l) as unknown as (Throughput & { askedThreads: number; threads: number; crossOriginIsolated: boolean })[];

const rows: string[][] = [];
const row = (name: string, r: Throughput, ref: Throughput | null) => [
  name,
  ...spec.batches.map((b) => `${r.evalsPerSecond[b]}${ref ? ` (${(r.evalsPerSecond[b] / ref.evalsPerSecond[b]).toFixed(2)}x)` : ''}`),
  `${r.simsPerSecond}${ref ? ` (${(r.simsPerSecond / ref.simsPerSecond).toFixed(2)}x)` : ''}`,
];
rows.push(row('onnxruntime-node', nodeResult, null));
for (const w of web) rows.push(row(`onnxruntime-web, ${w.threads} thread${w.threads > 1 ? 's' : ''}`, w, nodeResult));
console.log(`\nThe shipped model (${MODEL_PATH}); evaluations/s by batch size and the agent's simulations/s (${spec.simulations} per search, ${spec.batches.length} batch sizes, ${spec.msPerBatch} ms each); web figures with their ratio to Node:\n`);
printTable(['backend', ...spec.batches.map((b) => `batch ${b}`), 'agent sims/s'], rows);
const report = { date: new Date().toISOString(), model: MODEL_PATH, spec, node: nodeResult, web, webgpuAdapter: webgpu };
if (values.json) writeAtomic(values.json, `${JSON.stringify(report, null, 2)}\n`);
const best = web.reduce((a, b) => (b.simsPerSecond > a.simsPerSecond ? b : a), web[0]);
console.log(`\nWebGPU adapter in this browser: ${webgpu ? 'yes' : 'no (the wasm provider is the only one measured)'}`);
console.log(`browser / Node, agent simulations/s: ${(best.simsPerSecond / nodeResult.simsPerSecond).toFixed(2)} (best web: ${best.threads} thread${best.threads > 1 ? 's' : ''})`);
