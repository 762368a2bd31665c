import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll } from 'vitest';
import { loadSettings, type Settings } from '../../../src/config.ts';
import { openEngine } from '../../../src/engine.ts';
import type { QaEngine } from '../../../src/engine-types.ts';
import { startBot, type RunningBot } from '../../../src/bot/start.ts';
import { setLogSink } from '../../../src/logger.ts';
import { restoreTestLogs } from '../../support/quiet-logs.ts';
import { guildIdForShard, slashCommand, snowflake, stringOption, type InteractionPlace } from '../../support/fake-discord/fixtures.ts';
import { FakeDiscord, type RecordedRequest } from '../../support/fake-discord/server.ts';
import { isFinalResponse, settingsFor, waitUntil } from '../../bot/support/harness.ts';
import { keepOpen } from '../../bot/support/e2e-engine.ts';
import { FaultProxy } from './fault-proxy.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const REAL_CORPUS = join(REPO_ROOT, 'corpus');

/** The real engine, lexical-only, over the real corpus, with its index in a fresh temporary folder. */
export async function openLexicalEngine(): Promise<{ engine: QaEngine; indexDir: string; cleanup: () => Promise<void> }> {
  const indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-index-'));
  const settings = settingsForIndex(indexDir);
  const engine = await openEngine(settings, { whenStale: 'rebuild', embedder: null });
  return {
    engine,
    indexDir,
    cleanup: async () => {
      await engine.close();
      await rm(indexDir, { recursive: true, force: true });
    },
  };
}

type LogSink = (line: string) => void;
const dropLines: LogSink = () => undefined;

/**
 * Registers the current file's (or describe block's) beforeAll/afterAll: while it runs, log lines go to `logSink`
 * and a lexical engine over the real corpus is open. Read `engine` inside tests, once beforeAll has opened it.
 */
export function useLexicalEngine(logSink: LogSink = dropLines): { readonly engine: QaEngine } {
  return useOpenedForFile(logSink, false);
}

/** The same, with the real bot behind the fault proxy in front of that engine. */
export function useFaultyHarness(logSink: LogSink = dropLines): { readonly engine: QaEngine; readonly harness: FaultyHarness } {
  return useOpenedForFile(logSink, true);
}

function useOpenedForFile(logSink: LogSink, withBot: boolean) {
  let opened: Awaited<ReturnType<typeof openLexicalEngine>> | undefined;
  let harness: FaultyHarness | undefined;
  beforeAll(async () => {
    setLogSink(logSink);
    opened = await openLexicalEngine();
    if (withBot) harness = await startFaultyHarness(opened.engine);
  });
  afterAll(async () => {
    await harness?.stop();
    await opened?.cleanup();
    restoreTestLogs();
  });
  return {
    get engine() {
      return opened!.engine;
    },
    get harness() {
      return harness!;
    },
  };
}

/** Settings for an engine alone (no bot): lexical-only unless `env` says otherwise. */
export function settingsForIndex(indexDir: string, corpusDir = REAL_CORPUS, env: Record<string, string> = {}): Settings {
  return loadSettings({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: 'off', ASK_COOLDOWN_SECONDS: '0', ...env });
}

export interface FaultyHarness {
  fake: FakeDiscord;
  proxy: FaultProxy;
  bot: RunningBot;
  guildId: string;
  /** Dispatches /ask through the proxy and resolves with every request it caused once the final one arrives. */
  ask(question: string, place?: Partial<InteractionPlace>, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Same, for any interaction. */
  interact(interaction: APIInteraction, timeoutMs?: number): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

/** The real bot (startBot, real discord.js client) → fault proxy → fake Discord. */
export async function startFaultyHarness(
  engine: QaEngine,
  env: Record<string, string> = {},
  /** Runs before the bot logs in: faults to inject during start-up. */
  beforeStart?: (proxy: FaultProxy) => void,
): Promise<FaultyHarness> {
  const guildId = guildIdForShard(0, 1);
  const fake = await FakeDiscord.start({ guildIds: [guildId] });
  // Tests wait on many interactions at once, each with its own listener.
  fake.setMaxListeners(0);
  const proxy = await FaultProxy.start(fake);
  beforeStart?.(proxy);
  const settings = settingsFor(fake, { DISCORD_API_BASE: proxy.apiBase, ...env });
  let bot: RunningBot;
  try {
    // The engine is shared across a test file, so the bot must not close it on stop.
    bot = await startBot(settings, keepOpen(engine), { renderChart: null });
  } catch (error) {
    await proxy.close();
    await fake.close();
    throw error;
  }
  const interact = async (interaction: APIInteraction, timeoutMs = 15_000) => {
    const finished = fake.waitForRequest((r) => r.path.includes(`/${interaction.token}`) && isFinalResponse(r), timeoutMs);
    proxy.dispatchInteraction(interaction);
    await finished;
    return fake.requestsFor(interaction);
  };
  return {
    fake,
    proxy,
    bot,
    guildId,
    interact,
    ask: (question, place = {}, timeoutMs) => interact(slashCommand('ask', [stringOption('question', question)], { guildId, user: newUser(), ...place }), timeoutMs),
    async stop() {
      await bot.stop();
      await proxy.close();
      await fake.close();
    },
  };
}

export function newUser() {
  return { id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null };
}

export { waitUntil };
