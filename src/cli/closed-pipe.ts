/**
 * A reader that stops early (`npm run -s timeline | head -1`) closes its end of the pipe, and the tool's next write
 * fails with EPIPE. Node reports that as an unhandled 'error' event with a stack and exit status 1; but the reader
 * has what it wanted, so the tool ends quietly instead, with the status it had earned so far (0 unless some input
 * was refused). Any other write failure (a full disk behind `> file`) is one line on stderr and status 1.
 *
 * Every command-line entry point calls this first, before it writes anything.
 */
export function endQuietlyOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (CLOSED_PIPE_CODES.has(error.code ?? '')) process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      // stderr may be the stream that failed; try it once, and never let that attempt throw again.
      try {
        process.stderr.write(`error: cannot write output (${error.code ?? error.message})\n`);
      } catch {
        // Nothing more can be said.
      }
      process.exit(1);
    });
  }
}

/** EPIPE: the reader closed the pipe. ERR_STREAM_DESTROYED: a later write to the stream that EPIPE already closed. */
const CLOSED_PIPE_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
