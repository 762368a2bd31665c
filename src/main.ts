import { bootstrapSettings, exitWithError } from './cli/bootstrap.ts';
import { stderrProgress } from './cli/progress.ts';
import { runConsole } from './cli/console.ts';
import { openEngine } from './engine.ts';
import { logger } from './logger.ts';
import { startBot } from './bot/start.ts';

/**
 * `npm start`: makes sure the index matches the corpus (rebuilding with a progress bar if not), then runs the
 * Discord bot, or a local console with the same commands when no DISCORD_TOKEN is set.
 */
const settings = bootstrapSettings();
const progress = stderrProgress();

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

try {
  const engine = await openEngine(settings, { whenStale: 'rebuild', onProgress: progress.onProgress });
  progress.stop();
  if (settings.DISCORD_TOKEN) {
    const bot = await startBot(settings, engine);
    const shutdown = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await bot.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } else {
    await runConsole(engine);
    await engine.close();
  }
} catch (error) {
  progress.stop();
  exitWithError(error);
}
