import { bootstrapSettings, exitWithError, printStaleNotice } from './cli/bootstrap.ts';
import { stderrProgress } from './cli/progress.ts';
import { openEngine } from './engine.ts';
import { GENERATION_POLL_INTERVAL_MS, REBUILD_RETRY_INTERVAL_MS } from './limits.ts';
import { logger } from './logger.ts';

/**
 * `npm start`: makes sure the index matches the corpus (rebuilding with a progress bar if not), then runs the
 * Discord bot, or a local console with the same commands when no DISCORD_TOKEN is set.
 */
const settings = bootstrapSettings();
const progress = stderrProgress();

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

try {
  // A rebuild that fails with a previous index to fall back on serves that index and retries in the background.
  const engine = await openEngine(settings, { whenStale: 'rebuild', onProgress: progress.onProgress, retryIntervalMs: REBUILD_RETRY_INTERVAL_MS,
    // `npm run add` and `npm run index` write new generations; the bot and the console switch to them by themselves.
    followGenerationsMs: GENERATION_POLL_INTERVAL_MS,
  });
  progress.stop();
  printStaleNotice(engine);
  if (settings.DISCORD_TOKEN) {
    // Imported only on the path that uses it: discord.js alone takes ~0.5 s to load, which the console does not need.
    const { startBot } = await import('./bot/start.ts');
    const bot = await startBot(settings, engine);
    const shutdown = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await bot.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } else {
    const { runConsole } = await import('./cli/console.ts');
    await runConsole(engine);
    await engine.close();
  }
} catch (error) {
  progress.stop();
  exitWithError(error);
}
