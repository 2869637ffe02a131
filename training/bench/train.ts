/**
 * `npm run bench:train`: the throughput figures that decide the training
 * setup on this machine, printed as Markdown tables (medians of several runs;
 * the machine is shared, so expect noise) and optionally saved as JSON.
 *
 *   npm run bench:train [-- --sizes 2x16,4x32,6x64] [--batch 256] [--runs 5]
 *                        [--no-simd] [--skip train,inference,selfplay] [--json out.json]
 *
 * Sections run in order; each adds its rows to the JSON report: training
 * samples/s with each engine (tfjs-wasm, onnxruntime), raw onnxruntime-node inference, and self-play with MCTS against
 * raw onnxruntime on the same batches (the MCTS overhead) with games/hour.
 */
import { TRAIN_ENGINES } from '../run/config.js';
import type { InferenceRate, NetSize, TrainingRate } from './nn.js';
import { printTable } from '../util/stats.js';
import { failUsage, numberOption, parseOptions, UsageError, withUsage } from '../cli/options.js';
import { writeAtomic } from '../util/atomic-write.js';

const USAGE = 'usage: npm run bench:train -- [--sizes 2x16,4x32,6x64] [--batch 256] [--runs 5] [--no-simd] [--skip train,inference,selfplay] [--json out.json]';
const { values: args } = parseOptions(
  {
    sizes: { type: 'string', default: '2x16,4x32,6x64' },
    batch: { type: 'string', default: '256' },
    runs: { type: 'string', default: '5' },
    'no-simd': { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  USAGE,
);

const { sizes, batch, runs } = withUsage(USAGE, () => ({
  sizes: args.sizes.split(',').map((s): NetSize => {
    const m = /^(\d+)x(\d+)$/.exec(s);
    if (!m || !(Number(m[1]) >= 1 && Number(m[1]) <= 40 && Number(m[2]) >= 1 && Number(m[2]) <= 512)) {
      throw new UsageError(`--sizes: bad size ${JSON.stringify(s)}; expected BLOCKSxFILTERS, e.g. 4x32 (1-40 blocks, 1-512 filters)`);
    }
    return [Number(m[1]), Number(m[2])] as const;
  }),
  batch: numberOption('batch', args.batch, { min: 1, max: 65_536, integer: true })!,
  runs: numberOption('runs', args.runs, { min: 1, max: 100, integer: true })!,
}));
const unknownSection = args.skip.split(',').filter(Boolean).find((x) => !['train', 'inference', 'selfplay'].includes(x));
if (unknownSection !== undefined) failUsage(`--skip: unknown section ${JSON.stringify(unknownSection)} (train, inference, selfplay)`, USAGE);
const skip = new Set(args.skip.split(',').filter(Boolean));
// Loaded once the arguments are checked: tfjs and onnxruntime take a second to load.
const [{ initTrainingBackend }, { measureInference, measureTraining }, { benchSelfPlay, printSelfPlayTable }, { measureWasmSimdPeak }] = await Promise.all([
  import('../nn/backend.js'),
  import('./nn.js'),
  import('./selfplay.js'),
  import('./wasm-peak.js'),
]);
const report: Record<string, unknown> = { date: new Date().toISOString(), runs };

interface Section {
  name: string;
  run(): Promise<void>;
}

const SECTIONS: Section[] = [
  {
    name: 'train',
    async run() {
      await initTrainingBackend({ simd: !args['no-simd'] });
      const rows: TrainingRate[] = [];
      for (const size of sizes) {
        // Enough steps per run for about a second of work on the smaller nets.
        const steps = Math.max(1, Math.round(4 / (size[0] * (size[1] / 32) ** 2)));
        for (const engine of TRAIN_ENGINES) {
          const r = await measureTraining(size, batch, runs, engine === 'tfjs' ? steps : 4 * steps, engine);
          process.stderr.write(`train ${r.size} ${engine}: ${r.median.toFixed(0)} samples/s, ${r.perCpuSecond.toFixed(0)} per CPU-second\n`);
          rows.push(r);
        }
      }
      // The ceiling no WebAssembly kernel can pass on this core (see wasm-peak.ts).
      const peak = measureWasmSimdPeak(runs);
      process.stderr.write(`wasm SIMD peak: ${peak.median.toFixed(1)} GFLOP/s\n`);
      const tfjsName = `tfjs wasm${args['no-simd'] ? '' : ' SIMD'}`;
      report.training = { backend: { tfjs: `${tfjsName}, 1 thread`, onnxruntime: 'onnxruntime-node CPU, 1 intra-op thread' }, wasmSimdPeakGflops: peak, rows };
      console.log(`\n### Training, Adam, batch ${batch}, one thread (samples/s, median of ${runs})\n`);
      printTable(
        ['net', 'engine', 'median', 'min', 'max', 'per CPU-second', 'vs tfjs', 'MFLOP/sample', 'GFLOP/s', 'of wasm peak'],
        rows.map((r) => [
          r.size,
          r.engine === 'tfjs' ? tfjsName : 'onnxruntime-node',
          r.median.toFixed(0),
          r.min.toFixed(0),
          r.max.toFixed(0),
          r.perCpuSecond.toFixed(0),
          `${(r.median / rows.find((t) => t.size === r.size && t.engine === 'tfjs')!.median).toFixed(2)}x`,
          (r.flopsPerSample / 1e6).toFixed(1),
          r.gflops.toFixed(1),
          `${((100 * r.gflops) / peak.median).toFixed(0)}%`,
        ]),
      );
      console.log(
        `\nWebAssembly SIMD peak on this core (independent f32x4 mul+add chains, no memory traffic): ` +
          `${peak.median.toFixed(1)} GFLOP/s (min ${peak.min.toFixed(1)}, max ${peak.max.toFixed(1)}). ` +
          'A tfjs-wasm training step cannot run faster than its operations at this rate; ' +
          'onnxruntime-node runs native (AVX-512 here) kernels, not bound by it.',
      );
    },
  },
  {
    name: 'inference',
    async run() {
      const batches = [8, 32, 128, 256];
      const threads = [1, 2];
      const rows: InferenceRate[] = [];
      for (const size of sizes) {
        const r = await measureInference(size, batches, threads, runs, 0.4);
        process.stderr.write(`inference ${r[0].size} done\n`);
        rows.push(...r);
      }
      report.inference = { runtime: 'onnxruntime-node CPU', rows };
      console.log(`\n### Inference, onnxruntime-node (evals/s, median of ${runs}), intra-op threads 1 / 2\n`);
      printTable(
        ['net', ...batches.map((b) => `batch ${b}`)],
        sizes.map((_, i) => {
          const name = rows[i * batches.length * threads.length].size;
          return [
            name,
            ...batches.map((b) =>
              threads.map((t) => rows.find((r) => r.size === name && r.batch === b && r.threads === t)!.median.toFixed(0)).join(' / '),
            ),
          ];
        }),
      );
    },
  },
  {
    name: 'selfplay',
    async run() {
      const rows = await benchSelfPlay(sizes, { runs: Math.min(runs, 3) });
      report.selfplay = rows;
      printSelfPlayTable(rows);
    },
  },
];

for (const section of SECTIONS) if (!skip.has(section.name)) await section.run();
if (args.json) writeAtomic(args.json, `${JSON.stringify(report, null, 2)}\n`);
