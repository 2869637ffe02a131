/**
 * A progress bar with ETA for one phase of a generation, on stderr. On a
 * terminal it redraws one line; otherwise (logs, tests) it prints a line at
 * every tenth of the way so logs stay short.
 */
export class Progress {
  private readonly t0 = performance.now();
  private lastDecile = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  update(done: number): void {
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const elapsed = (performance.now() - this.t0) / 1000;
    const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : NaN;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line = `${this.label.padEnd(10)} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${this.total} ${this.unit} ${fmt(elapsed)} elapsed, ETA ${fmt(eta)}`;
    if (this.tty) {
      this.out.write(`\r${line}\x1b[K`);
      if (frac >= 1) this.out.write('\n');
      return;
    }
    const decile = Math.floor(frac * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.out.write(`${line}\n`);
    }
  }
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}
