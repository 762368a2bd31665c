import { Client, Events } from 'discord.js';
import type { Settings } from '../config.ts';
import type { QaEngine } from '../engine-types.ts';
import { BotError } from '../errors.ts';
import { childLogger, registerSecret } from '../logger.ts';
import { cachingChartRenderer, loadChartRenderer } from './chart.ts';
import { clientOptionsFrom } from './client-options.ts';
import type { BotContext, ChartRenderer } from './command.ts';
import { Cooldowns } from './cooldown.ts';
import { createInteractionHandler } from './interactions.ts';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './load-commands.ts';

export interface RunningBot {
  client: Client;
  /** Disconnects every shard, then closes the engine. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  commandsDir?: string;
  /** Overrides the chart module (tests); `null` disables the chart. */
  renderChart?: ChartRenderer | null;
  now?: () => number;
}

/** Logs in, waits until every shard is ready, and answers interactions until `stop()`. */
export async function startBot(settings: Settings, engine: QaEngine, options: StartBotOptions = {}): Promise<RunningBot> {
  const log = childLogger('bot');
  if (!settings.DISCORD_TOKEN) throw new BotError('CONFIG_INVALID', 'DISCORD_TOKEN is required to run the Discord bot');
  registerSecret(settings.DISCORD_TOKEN);

  const commands = await loadCommands(options.commandsDir ?? DEFAULT_COMMANDS_DIR);
  const chart = options.renderChart !== undefined ? options.renderChart : await loadChartRenderer();
  const context: BotContext = {
    engine,
    settings,
    cooldowns: new Cooldowns(settings.ASK_COOLDOWN_SECONDS * 1000),
    log,
    renderChart: chart ? cachingChartRenderer(chart) : null,
    now: options.now ?? Date.now,
  };

  const client = new Client(clientOptionsFrom(settings));
  const handleInteraction = createInteractionHandler(commands, context);
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardReady, (shardId) => log.info({ shard: shardId }, 'shard ready'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shard: shardId, code: event.code }, 'shard disconnected'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(settings.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  log.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.options.shardCount, commands: [...commands.keys()] },
    'discord bot ready',
  );

  let stopped: Promise<void> | null = null;
  return {
    client,
    stop() {
      stopped ??= (async () => {
        log.info('stopping discord bot');
        await client.destroy();
        await engine.close();
      })();
      return stopped;
    },
  };
}
