import cliProgress from 'cli-progress';

export type ProgressFn = (phase: string, done: number, total: number) => void;

/**
 * A progress bar on stderr (stdout stays clean for --json), one bar per build phase.
 * When stderr is not a terminal, prints one line per phase instead of redrawing.
 */
export function stderrProgress(): { onProgress: ProgressFn; stop(): void } {
  let bar: cliProgress.SingleBar | null = null;
  let currentPhase = '';
  const interactive = Boolean(process.stderr.isTTY);

  const stop = () => {
    bar?.stop();
    bar = null;
  };

  const onProgress: ProgressFn = (phase, done, total) => {
    if (phase !== currentPhase) {
      stop();
      currentPhase = phase;
      if (!interactive) {
        process.stderr.write(`${phase}…\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${phase.padEnd(12)} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), done);
      return;
    }
    bar?.setTotal(Math.max(total, 1));
    bar?.update(done);
    // A finished bar is closed at once, so that a log line written next does not collide with its redraw.
    if (done >= total) stop();
  };

  return { onProgress, stop };
}
