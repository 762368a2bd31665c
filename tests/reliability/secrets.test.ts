import { summariseSources } from '../../src/corpus/summary.ts';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot/start.ts';
import type { Answer, AskRequest, QaEngine } from '../../src/engine-types.ts';
import { BotError } from '../../src/errors.ts';
import { logger, registerSecret, scrubSecrets, setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { guildIdForShard } from '../support/fake-discord/fixtures.ts';
import { FakeDiscord } from '../support/fake-discord/server.ts';
import { settingsFor } from '../bot/support/harness.ts';
import { openLexicalEngine, REPO_ROOT, startFaultyHarness, waitUntil, type FaultyHarness } from './support/bot-harness.ts';
import { runMainUntilExit, startBotProcess, type BotProcess } from './support/bot-process.ts';
import { FaultProxy, serverError } from './support/fault-proxy.ts';

/**
 * The bot token must never leave the Authorization header: not in logs (at any level), error messages, replies or
 * REST bodies, whether the bot runs in this process or as `npm start`, and whether it works or fails.
 */
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.SECRET-reliability.token-9f8e7d6c5b4a';
/** Parts a careless log might print on their own: the id part and the secret tail. */
const TOKEN_PARTS = TOKEN.split('.').filter((part) => part.length >= 8);
const FAILING_MARKER = 'fail-with-token-in-message';

function expectNoToken(text: string, where: string): void {
  expect(text, where).not.toContain(TOKEN);
  for (const part of TOKEN_PARTS) expect(text, `${where}: token part`).not.toContain(part);
}

describe('the token stays secret in-process', () => {
  const logLines: string[] = [];
  let harness: FaultyHarness;
  let cleanup: () => Promise<void>;
  const previousLevel = logger.level;

  beforeAll(async () => {
    setLogSink((line) => logLines.push(line));
    logger.level = 'trace';
    const opened = await openLexicalEngine();
    cleanup = opened.cleanup;
    // An engine failure whose message carries the token, as a careless error from any library might.
    const leaky: QaEngine = {
      ask: (request: AskRequest): Promise<Answer> =>
        request.question.includes(FAILING_MARKER)
          ? Promise.reject(new BotError('INTERNAL', `request failed with Authorization: Bot ${TOKEN}`, { cause: new Error(`token=${TOKEN}`) }))
          : opened.engine.ask(request),
      timeline: (query) => opened.engine.timeline(query),
      timelineTopics: (prefix) => opened.engine.timelineTopics(prefix),
      sources: () => opened.engine.sources(),
      stats: () => opened.engine.stats(),
      close: async () => undefined,
    };
    harness = await startFaultyHarness(leaky, { DISCORD_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await harness?.stop();
    await cleanup?.();
    logger.level = previousLevel;
    restoreTestLogs();
  });

  it('answers, fails, survives REST faults and reconnects without the token in logs, replies or REST bodies', async () => {
    await harness.ask('When did Vietnam and the Soviet Union establish diplomatic relations?');
    await harness.ask(`${FAILING_MARKER} ${TOKEN}`);
    harness.proxy.failRest((method, path) => method === 'PATCH' && path.endsWith('/@original'), [serverError(503)]);
    await harness.ask('Mishustin visit 2025');
    const identifies = harness.fake.identifies.length;
    harness.proxy.sendInvalidSession(false);
    await waitUntil(() => harness.fake.identifies.length > identifies && harness.proxy.readySessions === 1, 20_000);
    await harness.ask('Putin Hanoi 2024');
    await waitUntil(() => logLines.filter((line) => line.includes('interaction')).length >= 4);

    expect(logLines.some((line) => line.includes('interaction failed'))).toBe(true);
    expectNoToken(logLines.join(''), 'logs');
    for (const request of harness.fake.requests) {
      const body = JSON.stringify(request.body ?? '');
      // The question itself contained the token, and the bot echoes questions: the echo is the user's own text.
      if (!body.includes(FAILING_MARKER)) expectNoToken(`${request.path} ${JSON.stringify(request.query)} ${body}`, `${request.method} ${request.path}`);
    }
    // The failure reply itself is a fixed, friendly sentence: no error text, so no token.
    const failureReplies = harness.fake.requests.filter((r) => r.method === 'POST' && /^\/webhooks\//u.test(r.path));
    expect(failureReplies.length).toBeGreaterThan(0);
    for (const reply of failureReplies) expectNoToken(JSON.stringify(reply.body), 'failure reply');
  });

  it('a login refused by Discord fails with an error that does not carry the token', async () => {
    const fake = await FakeDiscord.start({ guildIds: [guildIdForShard(0, 1)] });
    const proxy = await FaultProxy.start(fake);
    const unauthorized = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    proxy.failRest(() => true, [unauthorized, unauthorized, unauthorized]);
    try {
      const error = await startBot(settingsFor(fake, { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: proxy.apiBase }), await openLexicalEngineForLogin(), {
        renderChart: null,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/invalid token/u);
      expectNoToken(`${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`, 'login error');
      expectNoToken(logLines.join(''), 'logs after failed login');
    } finally {
      await proxy.close();
      await fake.close();
    }
  });
});

async function openLexicalEngineForLogin(): Promise<QaEngine> {
  // The engine is never asked anything: login fails first.
  return { ask: () => Promise.reject(new Error('unused')), timeline: () => [], timelineTopics: () => [], sources: () => summariseSources([]), stats: () => ({ documents: 0, passages: 0, builtAt: '', mode: 'lexical', modelId: null }), close: async () => undefined };
}

describe('the token stays secret in `npm start` (src/main.ts in its own process)', () => {
  let bot: BotProcess | undefined;
  afterAll(async () => bot?.stop());

  it('at trace level, through an answer and a gateway reconnection, stderr and stdout never show it', async () => {
    bot = await startBotProcess(TOKEN, { LOG_LEVEL: 'trace' });
    const { slashCommand, stringOption } = await import('../support/fake-discord/fixtures.ts');
    const { newUser } = await import('./support/bot-harness.ts');
    await bot.interact(slashCommand('ask', [stringOption('question', 'When did Putin visit Hanoi?')], { guildId: bot.guildId, user: newUser() }));
    const resumes = bot.proxy.resumes.length;
    bot.proxy.dropSockets();
    await waitUntil(() => bot!.proxy.resumes.length > resumes && bot!.proxy.readySessions === 1, 20_000);
    await bot.interact(slashCommand('ask', [stringOption('question', 'Mishustin 2025')], { guildId: bot.guildId, user: newUser() }));
    await bot.stop();
    expect(bot.output()).toContain('discord bot ready');
    expectNoToken(bot.output(), 'bot process output');
  });

  it('a refused login exits non-zero with a clear message and no token', async () => {
    const fake = await FakeDiscord.start({ guildIds: [guildIdForShard(0, 1)] });
    const proxy = await FaultProxy.start(fake);
    const indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-login-'));
    proxy.failRest(() => true, Array.from({ length: 10 }, () => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } })));
    try {
      // Asynchronous: the fake answering the child lives in this process.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: proxy.apiBase, EMBEDDINGS: 'off', INDEX_DIR: indexDir, LOG_LEVEL: 'trace' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const result = { stdout: '', stderr: '', status: null as number | null };
      child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
      result.status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      expect(proxy.injected.length).toBeGreaterThan(0);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/invalid token/u);
      // A setup problem, explained in one line: not logged as a crash with a stack trace.
      expect(result.stderr).toMatch(/Discord refused DISCORD_TOKEN/u);
      expect(result.stderr).not.toMatch(/unexpected failure/u);
      expectNoToken(result.stdout + result.stderr, 'failed start output');
    } finally {
      await proxy.close();
      await fake.close();
      await rm(indexDir, { recursive: true, force: true });
    }
  });

  it('DISCORD_TOKEN="Bot <token>  ": a REST error body echoing the bare token is scrubbed, token and parts', async () => {
    const fake = await FakeDiscord.start({ guildIds: [guildIdForShard(0, 1)] });
    const proxy = await FaultProxy.start(fake);
    const indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-prefix-'));
    // A 403 is not retried and is not a token error: discord.js rejects login with the body's message, which
    // echoes the header the bot sent (discord.js strips the "Bot " it was given and adds its own).
    const echo = { status: 403, body: { message: `Missing Access for Authorization: Bot ${TOKEN} (id ${TOKEN_PARTS[0]})`, code: 50001 } };
    proxy.failRest((method, path) => method === 'GET' && path === '/gateway/bot', [echo, echo]);
    try {
      const result = await runMainUntilExit({ DISCORD_TOKEN: `Bot ${TOKEN}   `, DISCORD_API_BASE: proxy.apiBase, INDEX_DIR: indexDir, LOG_LEVEL: 'trace' });
      expect(proxy.injected.length, result.stderr).toBeGreaterThan(0);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Missing Access for Authorization: Bot \[REDACTED\]/u);
      expectNoToken(result.stdout + result.stderr, 'failed start output');
    } finally {
      await proxy.close();
      await fake.close();
      await rm(indexDir, { recursive: true, force: true });
    }
  });

  it('an invalid setting next to the token is reported without echoing the token', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask-cli.ts', 'question'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: TOKEN, EMBED_CONCURRENCY: TOKEN },
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/DISCORD_GUILD_ID/u);
    expectNoToken(result.stdout + result.stderr, 'config error');
  });
});

describe('the scrubber redacts every form of a registered token', () => {
  it('bare, with "Bot "/"Bearer " in any case, trimmed, and each long dot-separated part on its own', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.scrubber-unit-test-secret-tail';
    registerSecret(`  bEaReR ${token}  `);
    const [id, stamp, tail] = token.split('.');
    const text = `a ${token} b Bot ${token} c ${id} d ${tail} e ${id}.******`;
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toContain(id);
    expect(scrubbed).not.toContain(tail);
    // The whole token becomes one marker, not one per part.
    expect(scrubbed).toBe('a [REDACTED] b Bot [REDACTED] c [REDACTED] d [REDACTED] e [REDACTED].******');
    // Parts shorter than 8 characters (the timestamp) would scrub ordinary words, so they stay.
    expect(scrubSecrets(`time ${stamp}`)).toBe(`time ${stamp}`);
    // Any run of 12 or more characters of the token is redacted whole, wherever it was cut.
    const cut = token.slice(5, 40);
    expect(scrubSecrets(`truncated: "${cut}…" and ${token.slice(-12)}!`)).toBe('truncated: "[REDACTED]…" and [REDACTED]!');
    expect(scrubSecrets(`short ${token.slice(3, 14)} stays`)).toBe(`short ${token.slice(3, 14)} stays`);
  });
});

describe('.env stays out of git', () => {
  it('git check-ignore says .env is ignored, and .env.example is not', () => {
    expect(spawnSync('git', ['check-ignore', '-q', '.env'], { cwd: REPO_ROOT }).status).toBe(0);
    expect(spawnSync('git', ['check-ignore', '-q', '.env.example'], { cwd: REPO_ROOT }).status).toBe(1);
    expect(spawnSync('git', ['ls-files', '--error-unmatch', '.env'], { cwd: REPO_ROOT }).status).not.toBe(0);
  });
});
