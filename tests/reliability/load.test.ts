import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { afterAll, describe, expect, it } from 'vitest';
import { strings } from '../../src/reply/i18n.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';
import type { RecordedRequest } from '../support/fake-discord/server.ts';
import { newUser, openLexicalEngine } from './support/bot-harness.ts';
import { startBotProcess, type BotProcess } from './support/bot-process.ts';
import { messageOf } from './support/wire-safety.ts';

/**
 * Bursts of /ask. The Discord burst runs the bot as `npm start` does, in its own process, so that the deferral
 * times taken at the fake are what Discord would see (in one process, the fake's own work would compete with the
 * bot's). Every interaction must be deferred within Discord's three-second window (its token is useless after),
 * every one answered, none twice. The heap check runs the same burst through the engine in this process, where the
 * heap can be measured after a full GC.
 *
 * RELIABILITY_FULL=1 runs a larger burst; CI runs the default.
 */
const FULL = process.env.RELIABILITY_FULL === '1';
const BURST = FULL ? 1_000 : 300;
/** Longest a burst may take to be answered before the test reports what is missing (answers are CPU-bound). */
const BURST_DEADLINE_MS = FULL ? 200_000 : 100_000;
/** Discord's deadline for the first response to an interaction. */
const DISCORD_ACK_DEADLINE_MS = 3_000;
/** Engine heap growth allowed after a burst and a full GC; a leak of one small object per question would exceed it at 1,000. */
const HEAP_TOLERANCE_BYTES = 8 * 1024 * 1024;
/**
 * Bot heap growth allowed per interaction of the burst, after a full GC. discord.js keeps about 3 KB per interaction
 * token (one REST handler each) until its hourly sweep; keeping an answer (embed, passages) would cost tens of KB.
 */
const BOT_HEAP_PER_INTERACTION_BYTES = 8 * 1024;

const QUESTIONS = [
  'When did Vietnam and the Soviet Union establish diplomatic relations?',
  'What did Putin and To Lam sign in Hanoi?',
  'Mishustin visit Vietnam 2025',
  'Khi nào Việt Nam và Liên Xô thiết lập quan hệ ngoại giao?',
  'Kapan Putin mengunjungi Vietnam?',
  'Какие соглашения подписали Путин и То Лам?',
  'What is the weather in Hanoi tomorrow?',
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
const report = (what: string, figures: object) => process.stdout.write(`reliability ${what}: ${JSON.stringify(figures)}\n`);

async function burst(bot: BotProcess, count: number) {
  const interactions: APIInteraction[] = Array.from({ length: count }, (_, i) =>
    slashCommand('ask', [stringOption('question', QUESTIONS[i % QUESTIONS.length]!)], { guildId: bot.guildId, user: newUser() }),
  );
  const tokens = new Set(interactions.map((interaction) => interaction.token));
  const ids = new Set(interactions.map((interaction) => interaction.id));
  const deferrals = new Map<string, number[]>();
  const answers = new Map<string, Array<{ at: number; request: RecordedRequest }>>();
  const stray: RecordedRequest[] = [];
  let started = 0;
  const arrivals = new Map<string, number>();
  bot.proxy.onRequestArrived = (method, url) => {
    const id = /\/interactions\/(\d+)\//u.exec(url)?.[1];
    if (method === 'POST' && id && ids.has(id) && !arrivals.has(id)) arrivals.set(id, performance.now() - started);
  };
  const allAnswered = new Promise<void>((resolve) => {
    const listener = (request: RecordedRequest) => {
      const parts = request.path.split('/');
      const at = performance.now() - started;
      if (request.path.endsWith('/callback') && ids.has(parts[2]!)) deferrals.set(parts[2]!, [...(deferrals.get(parts[2]!) ?? []), at]);
      else if (tokens.has(parts[3]!)) answers.set(parts[3]!, [...(answers.get(parts[3]!) ?? []), { at, request }]);
      else stray.push(request);
      if (answers.size === count) {
        bot.fake.off('request', listener);
        resolve();
      }
    };
    bot.fake.on('request', listener);
  });
  started = performance.now();
  for (const interaction of interactions) bot.proxy.dispatchInteraction(interaction);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Say what was lost rather than just timing out: which stage each missing interaction reached, and the bot's complaints.
      const missing = interactions.filter((interaction) => !answers.has(interaction.token));
      const neverDeferred = missing.filter((interaction) => !deferrals.has(interaction.id)).length;
      const complaints = bot.output().split('\n').filter((line) => /"level":(40|50|60)/u.test(line)).slice(-5);
      reject(new Error(`${missing.length} of ${count} interactions unanswered (${neverDeferred} never deferred); bot warnings:\n${complaints.join('\n')}`));
    }, BURST_DEADLINE_MS);
  });
  try {
    await Promise.race([allAnswered, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
  // Anything sent late (a duplicate answer, an error follow-up) would arrive shortly after.
  await new Promise((resolve) => setTimeout(resolve, 500));
  bot.proxy.onRequestArrived = undefined;
  return { interactions, deferrals, answers, stray, arrivals };
}

describe(`a burst of ${BURST} simultaneous /ask interactions`, () => {
  let bot: BotProcess | undefined;
  afterAll(async () => bot?.stop());

  it('through Discord: every one deferred within 3 s and answered exactly once; nothing lost, nothing failed', { timeout: 240_000 }, async () => {
    bot = await startBotProcess('fake-bot-token-load-0123456789abcdefghij');
    await burst(bot, 20); // warm-up: lazily built state and REST connections
    const rssBefore = existsSync('/proc') ? await bot.rss() : 0;
    const botHeapBefore = await bot.heapAfterGc();

    const { interactions, deferrals, answers, stray, arrivals } = await burst(bot, BURST);

    const titles = new Set([strings('en').answerTitle, strings('en').abstainTitle]);
    for (const interaction of interactions) {
      expect(deferrals.get(interaction.id), interaction.id).toHaveLength(1);
      const answer = answers.get(interaction.token);
      expect(answer, interaction.token).toHaveLength(1);
      const message = messageOf(answer![0]!.request);
      expect(answer![0]!.request.method).toBe('PATCH');
      expect(titles.has((message?.embeds as APIEmbed[])[0]!.title!)).toBe(true);
      expect(message?.allowed_mentions).toEqual({ parse: [] });
    }
    expect(stray).toEqual([]);
    expect(bot.output()).not.toContain('interaction failed');

    // Deferral time = when the request reached the proxy, Discord's stand-in; the fake behind it records later.
    expect(arrivals.size).toBe(BURST);
    const deferTimes = [...arrivals.values()];
    const answerTimes = [...answers.values()].flat().map((a) => a.at).sort((a, b) => a - b);
    const lastDefer = Math.max(...deferTimes);
    const rssAfter = existsSync('/proc') ? await bot.rss() : 0;
    const botHeapAfter = await bot.heapAfterGc();
    report('discord burst', {
      burst: BURST,
      lastDeferMs: Math.round(lastDefer),
      answerP50Ms: Math.round(percentile(answerTimes, 50)),
      answerP95Ms: Math.round(percentile(answerTimes, 95)),
      lastAnswerMs: Math.round(answerTimes.at(-1)!),
      botHeapBeforeMB: mb(botHeapBefore),
      botHeapAfterMB: mb(botHeapAfter),
      botRssBeforeMB: mb(rssBefore),
      botRssAfterMB: mb(rssAfter),
    });
    expect(lastDefer).toBeLessThan(DISCORD_ACK_DEADLINE_MS);
    expect(botHeapAfter - botHeapBefore).toBeLessThan(BURST * BOT_HEAP_PER_INTERACTION_BYTES);
  });

  it('through the engine: the heap after GC returns to its baseline', { timeout: 120_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    setLogSink(() => undefined);
    const { engine, cleanup } = await openLexicalEngine();
    try {
      const askAll = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => engine.ask({ question: QUESTIONS[i % QUESTIONS.length]!, k: 3 })));
      await askAll(QUESTIONS.length * 2);
      const before = heapAfterGc();
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
      const answers = await askAll(BURST);
      clearInterval(sampler);
      expect(answers).toHaveLength(BURST);
      const after = heapAfterGc();
      report('engine burst heap', { burst: BURST, heapBeforeMB: mb(before), heapPeakMB: mb(peak), heapAfterMB: mb(after) });
      expect(after - before).toBeLessThan(HEAP_TOLERANCE_BYTES);
    } finally {
      await cleanup();
      restoreTestLogs();
    }
  });
});
