/**
 * What the agent worker and the solver worker share: work ids where a newer
 * request supersedes an older one (from a message, or from a shared cancel
 * word the page writes while the worker is busy), progress callbacks
 * released when the work ends, and assets fetched within a time bound,
 * with messages for people.
 */
import * as Comlink from 'comlink';

/** Lets queued messages (a newer request, a stop) run before going on. */
export const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));

/** Releases a comlink callback proxy (a progress report), so that a long game does not pile up open ports. */
export function releaseCallback(cb: unknown): void {
  const proxy = cb as { [Comlink.releaseProxy]?: () => void } | undefined;
  proxy?.[Comlink.releaseProxy]?.();
}

export class WorkIds {
  private newest = 0;

  /** `shared`: the newest id the page wrote into a shared word, read while the worker blocks (0 if none). */
  constructor(private readonly shared: () => number = () => 0) {}

  /** A newer request is coming: the work in progress stops at its next check. */
  supersede(id: number): void {
    if (id > this.newest) this.newest = id;
  }

  isCurrent(id: number): boolean {
    return id >= this.newest && id >= this.shared();
  }

  /**
   * Runs the work `id` unless a newer one came first: takes its id, lets
   * queued messages in once, then runs `body` (which checks `isCurrent`
   * as it goes); null when superseded. Releases `progress` at the end.
   */
  async run<R>(id: number, progress: unknown, body: (isCurrent: () => boolean) => Promise<R | null> | R | null): Promise<R | null> {
    try {
      this.supersede(id);
      await yieldNow();
      const isCurrent = () => this.isCurrent(id);
      if (!isCurrent()) return null;
      return await body(isCurrent);
    } finally {
      releaseCallback(progress);
    }
  }
}

/** How long a download may take, start to last byte, before it fails (ms): a stalled server must not leave the page loading for ever. */
export const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * Fetches a static asset (`what`: "the model", "the opening book") with an
 * error that says what went wrong in words: no network, no whole file within
 * `timeoutMs` (a stalled server, before or during the body), HTTP status, a
 * web page instead of the file (single-page servers answer a missing file
 * with index.html), an empty file.
 */
export async function fetchAsset(url: string, what: string, timeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (e: unknown) => {
    // An abort by the timeout shows up as a TimeoutError or AbortError depending on the phase and the browser: ask the signal.
    const timedOut = `no whole file within ${timeoutMs / 1000} s (the server stalled or the connection is too slow)`;
    const why = signal.aborted ? timedOut : e instanceof Error ? e.message : String(e);
    return new Error(`Could not download ${what} (${url}): ${why}`);
  };
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    throw failed(e);
  }
  if (!res.ok) throw new Error(`Could not download ${what} (${url}): HTTP ${res.status} ${res.statusText}`.trim());
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`Could not download ${what} (${url}): not found (the server sent a web page instead)`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw failed(e);
  }
  if (bytes.length === 0) throw new Error(`${what[0].toUpperCase()}${what.slice(1)} (${url}) is an empty file`);
  return bytes;
}

/** Thrown by `withinTime` when the work did not finish in time. */
export class StartTimeoutError extends Error {
  override readonly name = 'StartTimeoutError';
}

/**
 * `work`, or a StartTimeoutError saying "`what`: not ready within N s" after
 * `timeoutMs`: for what downloads behind our back (onnxruntime-web fetches
 * its own wasm files when the first session is created), so that a stalled
 * server there fails too instead of leaving the page loading for ever.
 */
export async function withinTime<T>(work: Promise<T>, what: string, timeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeoutError(`Could not start ${what}: not ready within ${timeoutMs / 1000} s (the server stalled or the connection is too slow)`)), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
