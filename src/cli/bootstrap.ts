import 'dotenv/config';
import { loadSettings, type Settings } from '../config.ts';
import { isBotError, openFileLimitError } from '../errors.ts';
import { logger, registerSecret } from '../logger.ts';
import { forTerminal } from '../reply/terminal.ts';
import type { ServingEngine, StaleIndex } from '../engine.ts';

/** Reads `.env` and the environment once; a bad setting stops the program with a message naming it. */
export function bootstrapSettings(): Settings {
  try {
    const settings = loadSettings();
    registerSecret(settings.DISCORD_TOKEN);
    logger.level = settings.LOG_LEVEL;
    return settings;
  } catch (error) {
    registerSecret(process.env.DISCORD_TOKEN);
    if (isBotError(error, 'CONFIG_INVALID')) {
      process.stderr.write(forTerminal(`${error.message}\nSee .env.example for every setting.\n`));
      process.exit(2);
    }
    throw error;
  }
}

/** The one-line notice front ends print on stderr when the engine serves a stale index. */
function staleNotice(stale: StaleIndex): string {
  const firstLine = stale.message.split('\n', 1)[0];
  return `warning [${stale.code}]: the index could not be rebuilt, so answers come from the previous index (built ${stale.builtAt}), which is out of date: ${firstLine}`;
}

/**
 * Says once, on stderr, that the engine serves the previous index because its rebuild failed (see openEngine).
 * The message may name corpus files and folders, so it goes through forTerminal like every other terminal line.
 */
export function printStaleNotice(engine: ServingEngine): void {
  const stale = engine.staleness();
  if (stale) process.stderr.write(forTerminal(`${staleNotice(stale)}\n`));
}

/** Prints a clear one-line reason for an expected failure, and a logged stack only for the unexpected ones. */
export function exitWithError(error: unknown): never {
  error = openFileLimitError(error, 'reading or writing files') ?? error;
  if (isBotError(error)) {
    // Messages name files, folders and settings, any of which may hold escape sequences.
    process.stderr.write(forTerminal(`error [${error.code}]: ${error.message}\n`));
  } else if (codeOf(error) === 'TokenInvalid') {
    // discord.js rejects a malformed or revoked token at login: a setup problem, not a crash.
    process.stderr.write('error: Discord refused DISCORD_TOKEN as an invalid token. Copy the bot token again from the developer portal (Bot → Reset Token).\n');
  } else if (NETWORK_ERROR_CODES.has(codeOf(error) ?? '')) {
    process.stderr.write(`error: could not connect (${codeOf(error)}). Check the network, or DISCORD_API_BASE if it is set.\n`);
  } else {
    logger.error({ err: error }, 'unexpected failure');
  }
  process.exit(1);
}

/** The `code` of a Node or discord.js error, if it has one. */
function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A reader that stops early (`npm run add -- … | head -1`) closes stdout: the next write fails with EPIPE, which
 * would otherwise surface as an unhandled error with a stack trace. The output is no longer wanted, so just stop.
 */
export function exitOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
