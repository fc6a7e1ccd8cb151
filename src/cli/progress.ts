import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (stderr); on a pipe or in CI, a plain line every `intervalMs` instead,
 * so logs stay readable. cli-progress draws the bar; we only choose when.
 */
export function createProgress(label: string, total: number, format: (done: number) => string, intervalMs = 5_000): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {detail} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { detail: '' });
    return {
      update: (done) => bar.update(Math.min(done, total), { detail: format(done) }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update(done) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      process.stderr.write(`${label}: ${format(done)}\n`);
    },
    stop() {},
  };
}
