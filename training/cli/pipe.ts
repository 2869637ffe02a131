/**
 * Line-protocol CLIs (agent, solve) whose reader may stop early: `npm run
 * agent < positions.txt | head -1` closes the pipe after one line, and the
 * next write fails with EPIPE, which Node reports as an unhandled 'error'
 * event with a stack trace. A closed stdout means nobody wants more answers,
 * so the process ends quietly, as Unix filters do.
 */

/** Ends the process with status 0 when stdout's reader has gone (EPIPE); other stdout errors are still thrown. */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
