import { bootstrapSettings, exitWithError, printStaleNotice } from './cli/bootstrap.ts';
import { stderrProgress } from './cli/progress.ts';
import { openEngine } from './engine.ts';
import { GENERATION_POLL_INTERVAL_MS, REBUILD_RETRY_INTERVAL_MS } from './limits.ts';
import { logger } from './logger.ts';
import { endQuietlyOnClosedPipe } from './cli/closed-pipe.ts';

/**
 * `npm start`: makes sure the index matches the corpus (rebuilding with a progress bar if not), then runs the
 * Discord bot, or a local console with the same commands when no DISCORD_TOKEN is set.
 */
const settings = bootstrapSettings();
const progress = stderrProgress();

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

try {
  if (settings.DISCORD_TOKEN && settings.DISCORD_SHARD_PROCESSES > 1) {
    const { isShardChild, startShardManager } = await import('./bot/shard-manager.ts');
    if (!isShardChild()) {
      // The supervisor: brings the index up to date once (the children then only load it), then starts one
      // process per shard. It answers nothing itself.
      const engine = await openEngine(settings, { whenStale: 'rebuild', onProgress: progress.onProgress });
      progress.stop();
      printStaleNotice(engine);
      await engine.close();
      const shards = await startShardManager(settings);
      const shutdown = async (signal: string) => {
        logger.info({ signal }, 'shutting down every shard process');
        await shards.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await new Promise<never>(() => undefined);
    }
  }
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
    // The console's output may be piped to a reader that stops early; the bot's logs must not end the bot that way
    // (a supervisor would not restart a process that exited with status 0), so only the console path does this.
    endQuietlyOnClosedPipe();
    const { runConsole } = await import('./cli/console.ts');
    await runConsole(engine);
    await engine.close();
  }
} catch (error) {
  progress.stop();
  exitWithError(error);
}
