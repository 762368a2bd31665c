import { Client, Events } from 'discord.js';
import type { Logger } from 'pino';
import type { Settings } from '../config.ts';
import type { QaEngine } from '../engine-types.ts';
import { BotError } from '../errors.ts';
import { childLogger, registerSecret } from '../logger.ts';
import { Feedback } from '../feedback/service.ts';
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
  /** Overrides the feedback store (tests); otherwise opened from the settings. */
  feedback?: Feedback;
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
    // Opened once logged in (a start-up that fails leaves no database behind), or at the first question before that.
    feedback: options.feedback ?? new Feedback(settings, { now: options.now ?? Date.now }),
    commandDefinitions: [...commands.values()].map((command) => command.data.toJSON()),
  };

  const client = new Client(clientOptionsFrom(settings));
  const handleInteraction = createInteractionHandler(commands, context);
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardReady, (shardId) => log.info({ shard: shardId }, 'shard ready'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shard: shardId, code: event.code }, 'shard disconnected'));

  const gateway = watchGatewayAttempts(client, log);

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const loggedIn = client.login(settings.DISCORD_TOKEN).then(() => ready);
  // Settled after a timeout too, when nobody awaits it any more: its late rejection must not be unhandled.
  loggedIn.catch(() => undefined);
  const timeoutMs = settings.DISCORD_CONNECT_TIMEOUT_SECONDS * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(gatewayUnreachable(timeoutMs, gateway)), timeoutMs);
  });
  try {
    await Promise.race([loggedIn, timedOut]);
  } catch (error) {
    await client.destroy();
    context.feedback.close();
    throw error;
  } finally {
    clearTimeout(timer);
    gateway.stopWatching();
  }
  // A damaged or unwritable feedback database is reported here, once; it never stops the bot.
  context.feedback.start();
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
        context.feedback.close();
        await engine.close();
      })();
      return stopped;
    },
  };
}

interface GatewayAttempts {
  attempts: number;
  /** The last gateway URL tried, without its query (which holds only the version and encoding). */
  url: string | undefined;
  networkFailures: number;
  stopWatching(): void;
}

/** discord.js' debug line as each shard opens its WebSocket: `[WS => Shard 0] Connecting to wss://…?v=10…`. */
const CONNECTING_LINE = /(?:Shard (\d+)\] )?Connecting to (\S+)/u;
/** Logged by discord.js right after `GET /gateway/bot`, before any shard connects. */
const FETCHED_GATEWAY_LINE = /Fetched Gateway Information\s+URL: (\S+)/u;
const NETWORK_FAILURE_LINE = /Failed to connect to the gateway URL specified due to a network error/u;

/**
 * Logs every gateway connection attempt (info, with its number and URL), the first network failure (warn; later ones
 * at debug), and every other discord.js debug line at trace level, so that a start-up that cannot reach the gateway is never silent. The
 * token never appears here: discord.js sends it inside the socket, not in the URL, and the scrubber covers the rest.
 */
function watchGatewayAttempts(client: Client, log: Logger): GatewayAttempts {
  const state: GatewayAttempts = { attempts: 0, url: undefined, networkFailures: 0, stopWatching: () => client.off(Events.Debug, onDebug) };
  function onDebug(message: string): void {
    const fetched = FETCHED_GATEWAY_LINE.exec(message);
    if (fetched) assertWebSocketUrl(fetched[1]!);
    const connecting = CONNECTING_LINE.exec(message);
    if (connecting) {
      assertWebSocketUrl(connecting[2]!);
      state.attempts++;
      state.url = connecting[2]!.split('?')[0];
      log.info({ attempt: state.attempts, shard: connecting[1] === undefined ? undefined : Number(connecting[1]), url: state.url }, 'connecting to the Discord gateway');
    } else if (NETWORK_FAILURE_LINE.test(message)) {
      state.networkFailures++;
      // discord.js retries twice a second: one warning says what is wrong, the rest would only flood the log.
      const level = state.networkFailures === 1 ? 'warn' : 'debug';
      log[level]({ attempt: state.attempts, url: state.url }, 'could not reach the Discord gateway; discord.js retries');
    } else {
      log.trace({ message }, 'discord.js debug');
    }
  }
  client.on(Events.Debug, onDebug);
  return state;
}

const WEBSOCKET_PROTOCOLS = new Set(['ws:', 'wss:']);

/**
 * The gateway URL comes from the REST API (DISCORD_API_BASE), not from the settings. The ws library would also
 * follow `http+unix:` to a local socket, so anything but ws/wss is refused. Thrown from the debug listener on
 * purpose: discord.js emits the line synchronously just before it connects, so the throw ends the login (or that
 * connection attempt) before any socket is opened.
 */
function assertWebSocketUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '(not a URL)';
  }
  if (!WEBSOCKET_PROTOCOLS.has(protocol)) {
    throw new BotError('GATEWAY_INVALID', `Discord handed out a gateway URL that is not ws:// or wss:// (${JSON.stringify(url.split('?')[0])}); refusing to connect. Check DISCORD_API_BASE.`);
  }
}

function gatewayUnreachable(timeoutMs: number, gateway: GatewayAttempts): BotError {
  const seconds = Math.round(timeoutMs / 1000);
  const where = gateway.url ? `the Discord gateway at ${gateway.url}` : 'Discord';
  const tries = gateway.attempts === 1 ? '1 attempt' : `${gateway.attempts} attempts`;
  const hint = gateway.networkFailures > 0 ? 'it refused or dropped every connection' : 'no shard became ready';
  return new BotError(
    'GATEWAY_UNREACHABLE',
    `Could not connect to ${where} within ${seconds} s (${tries}; ${hint}). Check the network, firewall or proxy; DISCORD_CONNECT_TIMEOUT_SECONDS sets the wait.`,
    { details: { attempts: gateway.attempts, url: gateway.url, networkFailures: gateway.networkFailures, timeoutMs } },
  );
}
