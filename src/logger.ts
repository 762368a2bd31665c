import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Structured logs go to stderr so that stdout stays clean for `--json` output.
 * Secrets registered here are scrubbed from every line, whatever field or error message they hide in.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would scrub ordinary words; real tokens are long.
  if (value && value.length >= 8) secrets.add(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  return out;
}

export type LogSink = (line: string) => void;

/**
 * JSON lines for machines and log collectors; readable lines when a person watches the terminal
 * (LOG_FORMAT=json forces JSON there too).
 */
function defaultSink(): LogSink {
  if (!process.stderr.isTTY || process.env.LOG_FORMAT === 'json') return (line) => process.stderr.write(line);
  const readable = pretty({ destination: 2, colorize: true, ignore: 'module', messageFormat: '{if module}{module}: {end}{msg}', translateTime: 'HH:MM:ss', singleLine: true });
  return (line) => readable.write(line);
}

let sink: LogSink = defaultSink();

/** Tests capture logs through this to prove that secrets never reach them. */
export function setLogSink(next: LogSink): void {
  sink = next;
}

const scrubbingStream = new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    sink(scrubSecrets(chunk.toString()));
    callback();
  },
});

export const logger: Logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[REDACTED]' },
  },
  scrubbingStream,
);

export function childLogger(module: string): Logger {
  return logger.child({ module });
}
