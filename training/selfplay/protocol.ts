/**
 * Messages between the trainer and its self-play worker threads
 * (training/selfplay/worker.ts). The trainer sends the newest
 * network (and the self-play settings of its generation); a worker streams
 * finished games back. Everything is structured-clone data.
 */
import type { SelfPlayParams } from './games.js';
import type { WireGame } from '../records/shard.js';

export interface WorkerInit {
  /** This worker's index, mixed into its seeds. */
  index: number;
  /** Run seed. */
  seed: number;
  /** Evaluation cache slots per network. */
  cacheSlots: number;
}

export type ToWorker =
  /** Play with this network from the next batch on; new settings apply from the next round of games. */
  | { type: 'model'; bytes: Uint8Array; generation: number; params: SelfPlayParams }
  /** Finish the games in play, send them, then exit. */
  | { type: 'stop' };

export type FromWorker =
  | { type: 'game'; game: WireGame; generation: number }
  /** Network evaluations and batches since the last report, sent with each game. */
  | { type: 'stats'; evaluations: number; batches: number; cacheHits: number; cacheMisses: number }
  | { type: 'error'; message: string }
  | { type: 'stopped' };
