import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { stripTerminalControls } from './text/terminal-controls.ts';

/**
 * Structured logs go to stderr so that stdout stays clean for `--json` output.
 * Secrets registered here are scrubbed from every line, whatever field or error message they hide in.
 */
const secrets = new Set<string>();
/** Longest first, so that a whole token is replaced by one marker rather than cut up by its parts. */
let secretsLongestFirst: string[] = [];

/** Very short values would scrub ordinary words; every part of a real token is longer than this. */
const MIN_SECRET_LENGTH = 8;

/** "Bot " / "Bearer " in front of a token pasted from an Authorization header, in any case. */
const AUTH_SCHEME_PREFIX = /^(?:bot|bearer)\s+/iu;

/**
 * The token as Discord knows it: without surrounding spaces and without an auth scheme in front. discord.js strips
 * the scheme itself before it sends the token, so a secret registered with it (or with a trailing space from .env)
 * would never match the bare token that an error body echoes back.
 */
export function normalizeToken(raw: string): string {
  return raw.trim().replace(AUTH_SCHEME_PREFIX, '').trim();
}

/**
 * A run of at least this many characters of a secret is redacted wherever it appears: an error that truncates or
 * cuts a token (a body cut at some length, discord.js' censored `<id>.<timestamp>.****`) still prints no part of
 * it long enough to matter. Shorter runs are left, or base64 fragments would scrub ordinary words.
 */
export const MIN_SECRET_FRAGMENT = 12;
/** Every MIN_SECRET_FRAGMENT-long window of every registered secret. */
const fragments = new Set<string>();

/**
 * Registers a secret in every form a log line may hold it: as given, normalised, each dot-separated part of it
 * (a Discord token is `<base64 user id>.<timestamp>.<hmac>`, and discord.js' own debug line prints the id part),
 * and every substring of MIN_SECRET_FRAGMENT characters or more.
 */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  const normalized = normalizeToken(value);
  const forms = [value.trim(), normalized, ...normalized.split('.')];
  for (const form of forms) if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  secretsLongestFirst = [...secrets].sort((a, b) => b.length - a.length);
  for (let start = 0; start + MIN_SECRET_FRAGMENT <= normalized.length; start++) fragments.add(normalized.slice(start, start + MIN_SECRET_FRAGMENT));
}

/** `marker` replaces each secret; Discord replies use one without Markdown meaning (see fitEmbed). */
export function scrubSecrets(text: string, marker = '[REDACTED]'): string {
  let out = text;
  for (const secret of secretsLongestFirst) out = out.split(secret).join(marker);
  return fragments.size === 0 ? out : redactFragments(out, marker);
}

/**
 * Redacts every run of text made of overlapping secret windows. Any substring of a secret at least
 * MIN_SECRET_FRAGMENT long is covered by such windows end to end, so it is replaced whole, by one marker.
 */
function redactFragments(text: string, marker: string): string {
  let covered: Uint8Array | null = null;
  for (const fragment of fragments) {
    for (let at = text.indexOf(fragment); at !== -1; at = text.indexOf(fragment, at + 1)) {
      covered ??= new Uint8Array(text.length);
      covered.fill(1, at, at + fragment.length);
    }
  }
  if (covered === null) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += marker;
  }
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
  return (line) => readable.write(safeForPretty(line));
}

/**
 * pino's JSON escapes control characters, but pino-pretty decodes them again and prints them raw to the terminal:
 * an escape sequence in a logged title or file name would act on it. Strings are cleaned before pino-pretty sees
 * them (its own colours are added after). A line that is not JSON passes through cleaned as text.
 */
export function safeForPretty(line: string): string {
  try {
    return `${JSON.stringify(JSON.parse(line), (_key, value: unknown) => (typeof value === 'string' ? stripTerminalControls(value) : value))}\n`;
  } catch {
    return stripTerminalControls(line);
  }
}

let sink: LogSink = defaultSink();

/**
 * Tests capture logs through this to prove that secrets never reach them, and keep them quiet otherwise. Returns the
 * sink it replaces, so that a test can put it back.
 */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

const scrubbingStream = new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    sink(scrubSecrets(chunk.toString()));
    callback();
  },
});

/** The levels LOG_LEVEL accepts (pino's, plus silent). src/config.ts validates the variable against this list. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The level to start with, before the settings are validated. pino throws on an unknown level with a stack that
 * does not name the variable, so a bad value starts at info here and is reported by loadSettings as CONFIG_INVALID.
 */
function initialLevel(): LogLevel {
  const wanted = process.env.LOG_LEVEL?.trim();
  return (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? (wanted as LogLevel) : 'info';
}

export const logger: Logger = pino(
  {
    level: initialLevel(),
    // Shard processes (DISCORD_SHARD_PROCESSES) share one output: each line says which process wrote it.
    base: process.env.SHARDING_MANAGER === 'true' ? { pid: process.pid } : undefined,
    redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[REDACTED]' },
  },
  scrubbingStream,
);

export function childLogger(module: string): Logger {
  return logger.child({ module });
}
