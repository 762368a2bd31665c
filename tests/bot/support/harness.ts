import type { APIInteraction } from 'discord-api-types/v10';
import { loadSettings, type Settings } from '../../../src/config.ts';
import type { QaEngine } from '../../../src/engine-types.ts';
import type { ChartRenderer } from '../../../src/bot/command.ts';
import { startBot, type RunningBot } from '../../../src/bot/start.ts';
import { APPLICATION_ID, guildIdForShard } from '../../support/fake-discord/fixtures.ts';
import { FakeDiscord, type RecordedRequest } from '../../support/fake-discord/server.ts';

export const FAKE_TOKEN = 'fake-bot-token-0123456789abcdefghijklmnop';

export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  settings: Settings;
  guildIds: string[];
  /** Dispatches an interaction and resolves with every request it caused, once `done` matches one of them. */
  interact(interaction: APIInteraction, done?: (request: RecordedRequest) => boolean): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

export function settingsFor(fake: FakeDiscord, env: Record<string, string> = {}): Settings {
  return loadSettings({
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_CLIENT_ID: APPLICATION_ID,
    DISCORD_API_BASE: fake.apiBase,
    ASK_COOLDOWN_SECONDS: '0',
    EMBEDDINGS: 'off',
    // Feedback writes a database under DATA_DIR (default data/, in the repository): suites that test it turn it on
    // with a DATA_DIR of their own (tests/bot/feedback-e2e.test.ts).
    FEEDBACK: 'off',
    ...env,
  });
}

/** The request that ends an interaction: an edit of the original response, or a non-deferred callback. */
export function isFinalResponse(request: RecordedRequest): boolean {
  if (request.method === 'PATCH' && request.path.endsWith('/messages/@original')) return true;
  if (request.method === 'POST' && request.path.endsWith('/callback')) {
    const type = (request.body as { type?: number } | undefined)?.type;
    return type === 4 || type === 7 || type === 8;
  }
  return request.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(request.path);
}

export async function startHarness(options: {
  engine: QaEngine;
  shards?: number;
  env?: Record<string, string>;
  /** Omitted: startBot loads the real chart module. */
  renderChart?: ChartRenderer | null;
  /** The bot's clock (cooldowns, feedback retries); default Date.now. */
  now?: () => number;
}): Promise<Harness> {
  const shards = options.shards ?? 1;
  const guildIds = Array.from({ length: shards }, (_, shard) => guildIdForShard(shard, shards));
  const fake = await FakeDiscord.start({ shardCount: shards, guildIds });
  const settings = settingsFor(fake, { ...(shards > 1 ? { DISCORD_SHARDS: String(shards) } : {}), ...options.env });
  let bot: RunningBot;
  try {
    bot = await startBot(settings, options.engine, {
      ...('renderChart' in options ? { renderChart: options.renderChart ?? null } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    bot,
    settings,
    guildIds,
    async interact(interaction, done = isFinalResponse) {
      const token = interaction.token;
      const finished = fake.waitForRequest((r) => r.path.includes(`/${token}`) && done(r));
      fake.dispatchInteraction(interaction);
      await finished;
      return fake.requestsFor(interaction);
    },
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** Polls until `condition` holds; for effects that follow a wire event (a log line, a heartbeat). */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
