/**
 * Whether a run can start in its folder as asked (new, --resume, or --from a
 * checkpoint), judged from the files alone: the loop checks it before it
 * touches anything, and `npm run train` before it loads the trainer's
 * modules (a second of tfjs and onnxruntime), so that a refusal is quick.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stateFromBytes } from '../nn/state.js';
import { runPath } from '../util/run-files.js';
import { loadCheckpoint, type Checkpoint } from './checkpoint.js';
import type { RunConfig } from './config.js';

/** How the run starts: new (null), or from this checkpoint file, read and checked. */
export type StartPoint = { path: string; ck: Checkpoint } | null;

/** Where the run starts, or an Error saying why it cannot (a used folder, a missing checkpoint, another network, another generation). */
export function checkStart(cfg: Pick<RunConfig, 'name' | 'net' | 'continues'>, opts: { dir: string; resume: boolean; from?: string }): StartPoint {
  const ckPath = runPath(opts.dir, 'checkpoint');
  if (opts.from !== undefined && existsSync(ckPath)) throw new Error(`${ckPath} exists: continue it with --resume, or choose another --out for --from`);
  if (opts.resume && !existsSync(ckPath) && hasMetrics(opts.dir)) {
    throw new Error(`${opts.dir} has metrics but no checkpoint.bin to resume from: refusing to start it over`);
  }
  if (opts.resume && !existsSync(ckPath)) {
    throw new Error(`--resume: ${opts.dir} has no checkpoint.bin (a mistyped --out?); to start a new run there, leave out --resume`);
  }
  const resumeFrom = opts.from ?? (opts.resume && existsSync(ckPath) ? ckPath : null);
  const goesOn = cfg.continues;
  if (goesOn && resumeFrom === null) {
    throw new Error(`${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}: start it with --from that run's checkpoint`);
  }
  if (resumeFrom === null) {
    if (existsSync(ckPath) && !opts.resume) throw new Error(`${ckPath} exists: pass --resume to continue or remove the run directory`);
    return null;
  }
  const ck = loadCheckpoint(resumeFrom);
  const net = (stateFromBytes(ck.trainer).meta as { net?: unknown } | null)?.net;
  if (JSON.stringify(net) !== JSON.stringify(cfg.net)) {
    throw new Error(`${resumeFrom} holds a ${JSON.stringify(net)} network but the config asks for ${JSON.stringify(cfg.net)}`);
  }
  if (goesOn && opts.from !== undefined && ck.header.generation !== goesOn.generation) {
    throw new Error(`${opts.from} holds generation ${ck.header.generation}, but ${cfg.name} continues ${goesOn.config} after generation ${goesOn.generation}`);
  }
  return { path: resumeFrom, ck };
}

/** Whether dir/metrics.jsonl records any generation. */
function hasMetrics(dir: string): boolean {
  const path = runPath(dir, 'metrics');
  return existsSync(path) && readFileSync(path, 'utf8').trim() !== '';
}
