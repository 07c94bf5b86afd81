// The progress of a PE run: a bar on a terminal (cli-progress), nothing elsewhere. The runner
// reports the rows done every PROGRESS_INTERVAL_MS, so that the bar costs nothing per row.
import cliProgress from 'cli-progress';

export interface ProgressSink {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export const noProgress: ProgressSink = {
  start: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};

/** A bar drawn on `stream` (a TTY: standard error, say), with rows, percentage, rate and ETA. */
export function terminalProgress(stream: NodeJS.WriteStream): ProgressSink {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} [{bar}] {percentage}% | {value}/{total} rows | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
