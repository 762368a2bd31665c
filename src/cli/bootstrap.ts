import 'dotenv/config';
import { loadSettings, type Settings } from '../config.ts';
import { isBotError } from '../errors.ts';
import { logger, registerSecret } from '../logger.ts';

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
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Prints a clear one-line reason for an expected failure, and a logged stack only for the unexpected ones. */
export function exitWithError(error: unknown): never {
  if (isBotError(error)) {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
  } else {
    logger.error({ err: error }, 'unexpected failure');
  }
  process.exit(1);
}
