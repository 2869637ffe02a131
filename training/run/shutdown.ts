/**
 * Stopping a run from outside (SIGTERM, SIGINT, npm gone) without tearing it:
 * the clean-up registered here (worker threads to stop, the run's lock to
 * release) runs first, newest first and within a time bound, and only then
 * does the process exit with the signal's status. Exiting at once would kill
 * self-play worker threads in the middle of an onnxruntime call, which aborts
 * the process with "terminate called after throwing an instance of
 * 'Napi::Error'" (seen on 3 of 7 stops of a real run before this).
 *
 * A second signal while the clean-up runs gets the default action: it ends
 * the process at once, as a user pressing Ctrl-C twice expects.
 */

type Task = () => Promise<void> | void;

const tasks: Task[] = [];
let installed = false;
let exiting: Promise<never> | null = null;

/** Upper bound on the whole clean-up; past it the process exits anyway. */
export const SHUTDOWN_BOUND_MS = 15_000;

/** Registers clean-up to run before a stop from outside; returns the function that unregisters it. */
export function onShutdown(task: Task): () => void {
  tasks.push(task);
  return () => {
    const i = tasks.lastIndexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/** Runs the registered clean-up (newest first, bounded), then exits with `code`. Later calls join the first. */
export function shutdown(code: number): Promise<never> {
  exiting ??= (async () => {
    const work = (async () => {
      for (const task of [...tasks].reverse()) {
        try {
          await task();
        } catch (e) {
          process.stderr.write(`warning: clean-up before exit failed: ${(e as Error).message}\n`);
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_BOUND_MS)));
    await Promise.race([work, bound]);
    clearTimeout(timer);
    return process.exit(code);
  })();
  return exiting;
}

/** Makes SIGTERM and SIGINT run the clean-up and exit with 143 and 130, as the signals would have (idempotent). */
export function shutdownOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    process.once(signal, () => void shutdown(code));
  }
}
