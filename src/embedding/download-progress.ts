import cliProgress from 'cli-progress';

/**
 * Progress bars on stderr for a first-run model download, one per file, fed by transformers.js'
 * `progress_callback`. Only created when files are actually missing, so a cached start stays quiet.
 */
export interface ModelLoadEvent {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

export interface DownloadProgress {
  update(event: ModelLoadEvent): void;
  stop(): void;
}

const MEGABYTE = 1024 * 1024;
const toMegabytes = (bytes: number) => (bytes / MEGABYTE).toFixed(1);

export function createDownloadProgress(stream: NodeJS.WritableStream = process.stderr): DownloadProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: ' {file} [{bar}] {percentage}% | {loadedMb}/{totalMb} MB',
      hideCursor: true,
      clearOnComplete: false,
      // Without a TTY cli-progress writes nothing by default; a download log in a file is still useful.
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const byFile = new Map<string, cliProgress.SingleBar>();

  return {
    update(event) {
      if (event.status !== 'progress' || !event.file || !event.total) return;
      const payload = { file: event.file, loadedMb: toMegabytes(event.loaded ?? 0), totalMb: toMegabytes(event.total) };
      let bar = byFile.get(event.file);
      if (!bar) {
        bar = bars.create(event.total, 0, payload);
        byFile.set(event.file, bar);
      }
      bar.setTotal(event.total);
      bar.update(event.loaded ?? 0, payload);
    },
    stop() {
      bars.stop();
    },
  };
}
