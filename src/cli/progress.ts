import cliProgress from 'cli-progress';

/** A progress bar on standard error with the epoch and current loss (redrawn every 5 s when stderr is not a terminal). */
export function lossBar(title: string, total: number): { update(done: number, loss: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | epoch {value}/{total} | loss {loss} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-' });
  return {
    update: (done, loss) => bar.update(done, { loss: loss.toFixed(5) }),
    stop: () => bar.stop(),
  };
}
