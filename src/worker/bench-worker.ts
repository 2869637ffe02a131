/**
 * The throughput measurement of `npm run bench:ort` in a browser worker:
 * the agent's network on onnxruntime-web (wasm, the game's session code)
 * measured by src/agent/throughput.ts, as Node measures onnxruntime-node.
 * One worker per thread count (onnxruntime-web fixes its threads at the
 * first session).
 */
import * as Comlink from 'comlink';
import { measureThroughput, type Throughput, type ThroughputSpec } from '../agent/throughput.js';
import { OnnxEvaluator } from '../nn/onnx-evaluator.js';
import { createWebSession } from '../nn/web-session.js';
import { fetchAsset } from './skeleton.js';

export interface BenchApi {
  measure(modelUrl: string, threads: number, spec: ThroughputSpec): Promise<Throughput & { threads: number; crossOriginIsolated: boolean }>;
}

const api: BenchApi = {
  async measure(modelUrl, threads, spec) {
    const used = self.crossOriginIsolated ? threads : 1;
    const net = new OnnxEvaluator(await createWebSession(await fetchAsset(modelUrl, 'the model'), { threads: used }));
    try {
      return { ...(await measureThroughput(net, spec, () => performance.now())), threads: used, crossOriginIsolated: self.crossOriginIsolated };
    } finally {
      await net.dispose();
    }
  },
};

Comlink.expose(api);
