/**
 * The shards/ folder of a run, where `npm run selfplay` on this or other
 * machines drops finished shard files (*.jsonl). Shards are untrusted input:
 * the trainer takes only regular files of at most MAX_SHARD_BYTES, read
 * without blocking the event loop (a FIFO or a huge file cannot hang or
 * exhaust it), each game replayed and range-checked (records/shard.ts), and
 * only shards played with the run's self-play settings and one of its own
 * networks. A bad shard is moved to shards/rejected/ beside a file giving the
 * reason in one line, and the run goes on. Taken shards move to shards/used/
 * after the checkpoint that holds their games; a shard whose bytes equal a
 * used one is a duplicate (two machines given the same --seed).
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RunConfig } from '../run/config.js';
import { parseShard, type ShardIdentity } from '../records/shard.js';
import type { SelfPlayGame } from './games.js';

/** The largest shard file taken: about 60,000 games of 40 moves. */
export const MAX_SHARD_BYTES = 256 * 1024 * 1024;

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** The sha256 of what a shard's games depend on in a run's config: the network's shape and the self-play settings. */
export function selfPlayConfigSha256(cfg: Pick<RunConfig, 'net' | 'selfplay'>): string {
  return sha256(JSON.stringify({ net: cfg.net, selfplay: cfg.selfplay }));
}

/** The sha256 of every ONNX network in run folder `runDir` (gen-NNNN.onnx, latest.onnx), each file hashed once. */
export class RunNetworks {
  private readonly known = new Map<string, string>();

  constructor(readonly runDir: string) {}

  /**
   * Whether `networkSha` is one of the run's networks. A hash seen before
   * answers at once (every line of a shard names its network); only an
   * unknown one rescans the folder, hashing new files and latest.onnx again.
   */
  has(networkSha: string): boolean {
    if ([...this.known.values()].includes(networkSha)) return true;
    if (!existsSync(this.runDir)) return false;
    for (const f of readdirSync(this.runDir)) {
      if (!f.endsWith('.onnx') || (this.known.has(f) && f !== 'latest.onnx')) continue;
      this.known.set(f, sha256(readFileSync(join(this.runDir, f))));
    }
    return [...this.known.values()].includes(networkSha);
  }
}

export interface TakenShards {
  files: string[];
  games: SelfPlayGame[];
}

export class ShardInbox {
  private readonly usedHashes = new Map<string, string>();

  /**
   * `dir`: the run's shards/ folder; `identity`: the run's self-play config
   * hash and a test for its networks; `log`: where rejections are reported.
   */
  constructor(
    readonly dir: string,
    private readonly identity: { config: string; networks: { has(sha: string): boolean } },
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Every acceptable shard now in the folder; the others are moved to rejected/. */
  async take(): Promise<TakenShards> {
    if (!existsSync(this.dir)) return { files: [], games: [] };
    const files: string[] = [];
    const games: SelfPlayGame[] = [];
    /** The hashes of the shards taken this time: two machines with one --seed may drop twins at once. */
    const taken = new Map<string, string>();
    for (const f of readdirSync(this.dir).filter((name) => name.endsWith('.jsonl')).sort()) {
      const path = join(this.dir, f);
      try {
        games.push(...(await this.read(path, taken)));
        files.push(f);
      } catch (e) {
        this.reject(f, (e as Error).message);
      }
    }
    return { files, games };
  }

  /** The games of shard file `path`, or an Error saying why the run refuses it. */
  private async read(path: string, taken: Map<string, string>): Promise<SelfPlayGame[]> {
    const st = lstatSync(path);
    if (!st.isFile()) throw new Error(`${path}: not a regular file`);
    if (st.size > MAX_SHARD_BYTES) throw new Error(`${path}: ${st.size} bytes, more than the ${MAX_SHARD_BYTES} a shard may have`);
    const bytes = await readFile(path);
    const hash = sha256(bytes);
    const twin = this.usedFileWithHash(hash);
    if (twin !== null) throw new Error(`${path}: the same games as used/${twin} (two self-play runs with one --seed?)`);
    const sibling = taken.get(hash);
    if (sibling !== undefined) throw new Error(`${path}: the same games as ${sibling}, taken now (two self-play runs with one --seed?)`);
    taken.set(hash, basename(path));
    return parseShard(bytes.toString('utf8'), path, (id: ShardIdentity) => {
      if (id.config !== this.identity.config) return 'played with other self-play settings than this run\'s (another config, or a changed one)';
      if (!this.identity.networks.has(id.network)) return `played by a network that is not one of this run's (sha256 ${id.network.slice(0, 12)}…)`;
      return null;
    });
  }

  /** The used shard whose bytes hash to `hash`, if any. */
  private usedFileWithHash(hash: string): string | null {
    const used = join(this.dir, 'used');
    if (existsSync(used)) {
      for (const f of readdirSync(used)) if (!this.usedHashes.has(f)) this.usedHashes.set(f, sha256(readFileSync(join(used, f))));
    }
    for (const [f, h] of this.usedHashes) if (h === hash) return f;
    return null;
  }

  /** Moves shard `f` to rejected/ with `f.reason` beside it, and says so. */
  private reject(f: string, why: string): void {
    const rejected = join(this.dir, 'rejected');
    mkdirSync(rejected, { recursive: true });
    renameSync(join(this.dir, f), join(rejected, f));
    const line = why.replace(/\s*\n\s*/g, ' ');
    writeFileSync(join(rejected, `${f}.reason`), `${line}\n`);
    this.log(`shard rejected, moved to ${join(rejected, f)}: ${line}`);
  }

  consumed(files: string[]): void {
    if (files.length === 0) return;
    const used = join(this.dir, 'used');
    mkdirSync(used, { recursive: true });
    for (const f of files) renameSync(join(this.dir, f), join(used, f));
  }
}

/** The samples of the shard games that count toward a generation's gradient steps: those of its first `games` games, like the run's own. */
export function shardStepSamples(shardGames: readonly SelfPlayGame[], games: number): number {
  return shardGames.slice(0, games).reduce((a, g) => a + g.samples.length, 0);
}
