import type { APIEmbed } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/embedding/synthetic/prng.ts';
import { strings } from '../../src/reply/i18n.ts';
import { slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';
import { newUser, startFaultyHarness, useFaultyHarness, waitUntil, type FaultyHarness } from './support/bot-harness.ts';
import { rateLimited, serverError } from './support/fault-proxy.ts';
import { expectNoLiveMentions, finalMessage } from './support/wire-safety.ts';

/**
 * Gateway and REST faults between the real discord.js client and the fake Discord, injected by the proxy. After
 * each fault the bot must be back on the gateway (by RESUME or a fresh IDENTIFY) and answer the next /ask.
 */

const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';
const logLines: string[] = [];
const live = useFaultyHarness((line) => logLines.push(line));

beforeEach(async () => {
  // Every test starts from one ready session.
  await waitUntil(() => live.harness.proxy.readySessions === 1 && live.harness.proxy.openLinks === 1, 15_000);
});

async function expectAnswered(): Promise<void> {
  const requests = await live.harness.ask(QUESTION);
  const embed = (finalMessage(requests).embeds as APIEmbed[])[0]!;
  expect(embed.title).toBe(strings('en').answerTitle);
  expect(embed.description).toMatch(/1950/u);
  expectNoLiveMentions(requests);
}

/** Waits for the bot to come back after a gateway fault: a new ready session on a new socket. */
async function backOnline(before: { resumes: number; identifies: number }): Promise<'resume' | 'identify'> {
  await waitUntil(
    () =>
      live.harness.proxy.readySessions === 1 &&
      (live.harness.proxy.resumes.length > before.resumes || live.harness.fake.identifies.length > before.identifies),
    20_000,
  );
  return live.harness.proxy.resumes.length > before.resumes ? 'resume' : 'identify';
}

const counts = () => ({ resumes: live.harness.proxy.resumes.length, identifies: live.harness.fake.identifies.length });

describe('gateway faults', () => {
  it('socket cut mid-session (no close frame): resumes the session and answers the next command', async () => {
    await expectAnswered();
    const before = counts();
    live.harness.proxy.dropSockets();
    expect(await backOnline(before)).toBe('resume');
    await expectAnswered();
  });

  it('socket closed by the server with a resumable code (4000): resumes and answers', async () => {
    const before = counts();
    live.harness.proxy.dropSockets(4000);
    expect(await backOnline(before)).toBe('resume');
    await expectAnswered();
  });

  it('RECONNECT (op 7): reconnects with RESUME and answers', async () => {
    const before = counts();
    live.harness.proxy.sendReconnect();
    expect(await backOnline(before)).toBe('resume');
    await expectAnswered();
  });

  it('INVALID_SESSION (op 9, not resumable): identifies afresh and answers', async () => {
    const before = counts();
    live.harness.proxy.sendInvalidSession(false);
    expect(await backOnline(before)).toBe('identify');
    await expectAnswered();
  });

  it('INVALID_SESSION (op 9, resumable): resumes and answers', async () => {
    const before = counts();
    live.harness.proxy.sendInvalidSession(true);
    expect(await backOnline(before)).toBe('resume');
    await expectAnswered();
  });

  it('a fault while a question is being answered: the reply still lands', async () => {
    // The answer goes out over REST, so a gateway drop between the interaction and its reply loses nothing.
    const before = counts();
    const interaction = slashCommand('ask', [stringOption('question', QUESTION)], { guildId: live.harness.guildId, user: newUser() });
    const pending = live.harness.interact(interaction);
    // Cut the socket once the bot holds the interaction (its deferral is on the wire), before the answer is sent.
    await live.harness.fake.waitForRequest((r) => r.path.includes(`/${interaction.id}/`));
    live.harness.proxy.dropSockets();
    const requests = await pending;
    expect((finalMessage(requests).embeds as APIEmbed[])[0]!.title).toBe(strings('en').answerTitle);
    await backOnline(before);
    await expectAnswered();
  });
});

describe('REST faults', () => {
  const isCallback = (method: string, path: string) => method === 'POST' && path.endsWith('/callback');
  const isEdit = (method: string, path: string) => method === 'PATCH' && path.endsWith('/messages/@original');

  it('429 on the deferral (retry_after + X-RateLimit headers): retried, and the answer lands', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    live.harness.proxy.failRest(isCallback, [rateLimited(0.3)]);
    await expectAnswered();
    expect(live.harness.proxy.injected.slice(injectedBefore)).toEqual([expect.objectContaining({ status: 429 })]);
  });

  it('429 twice on the edit carrying the answer: waits and retries until it lands', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    live.harness.proxy.failRest(isEdit, [rateLimited(0.2), rateLimited(0.3)]);
    await expectAnswered();
    expect(live.harness.proxy.injected.slice(injectedBefore).map((f) => f.status)).toEqual([429, 429]);
  });

  it('a global 429 is survived as well', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    live.harness.proxy.failRest(isEdit, [rateLimited(0.2, 'global')]);
    await expectAnswered();
    expect(live.harness.proxy.injected.slice(injectedBefore).map((f) => f.status)).toEqual([429]);
  });

  it('502 then 503 on the edit: retried, and the answer lands', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    live.harness.proxy.failRest(isEdit, [serverError(502), serverError(503)]);
    await expectAnswered();
    expect(live.harness.proxy.injected.slice(injectedBefore).map((f) => f.status)).toEqual([502, 503]);
  });

  it('500 on the deferral: retried, and the answer lands', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    live.harness.proxy.failRest(isCallback, [serverError(500)]);
    await expectAnswered();
    expect(live.harness.proxy.injected.slice(injectedBefore).map((f) => f.status)).toEqual([500]);
  });

  it('nothing failed for good: no interaction was logged as failed', () => {
    expect(logLines.filter((line) => line.includes('interaction failed'))).toEqual([]);
  });

  it('an edit that keeps failing (502 past every retry) ends in a clear, private error message, not silence', async () => {
    const injectedBefore = live.harness.proxy.injected.length;
    // discord.js tries a request 1 + 3 times; one more failure than that makes the edit fail for good.
    live.harness.proxy.failRest(isEdit, Array.from({ length: 4 }, () => serverError(502)));
    const interaction = slashCommand('ask', [stringOption('question', QUESTION)], { guildId: live.harness.guildId, user: newUser() });
    const finished = live.harness.fake.waitForRequest((r) => r.method === 'POST' && r.path.includes(`/${interaction.token}`) && !r.path.endsWith('/callback'));
    live.harness.proxy.dispatchInteraction(interaction);
    const followUp = await finished;
    expect(live.harness.proxy.injected.length - injectedBefore).toBe(4);
    const body = followUp.body as { content?: string; flags?: number; allowed_mentions?: unknown };
    expect(body.content).toBe(strings('en').errorGeneric);
    expect((body.flags ?? 0) & 64).toBe(64);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    await waitUntil(() => logLines.some((line) => line.includes('interaction failed')));
    logLines.length = 0;
  });
});

describe('faults during start-up', () => {
  it('GET /gateway/bot answering 502 twice, then 429: the bot still logs in and answers', async () => {
    let faulty: FaultyHarness | undefined;
    try {
      faulty = await startFaultyHarness(live.engine, {}, (proxy) =>
        proxy.failRest((method, path) => method === 'GET' && path === '/gateway/bot', [serverError(502), serverError(503), rateLimited(0.3)]),
      );
      expect(faulty.proxy.injected.map((f) => f.status)).toEqual([502, 503, 429]);
      const requests = await faulty.ask(QUESTION);
      expect((finalMessage(requests).embeds as APIEmbed[])[0]!.title).toBe(strings('en').answerTitle);
    } finally {
      await faulty?.stop();
    }
  });
});

describe('a random sequence of faults', () => {
  const FULL = process.env.RELIABILITY_FULL === '1';
  const STEPS = FULL ? 40 : 6;
  const SEED = Number(process.env.RELIABILITY_SEED ?? 20261129);
  const isEditOrCallback = (method: string, path: string) =>
    (method === 'PATCH' && path.endsWith('/messages/@original')) || (method === 'POST' && path.endsWith('/callback'));

  it(`survives ${STEPS} faults drawn at random (seed ${SEED}), answering after every one`, { timeout: 300_000 }, async () => {
    // Seeded, so that a failing sequence can be replayed from its seed.
    const random = mulberry32(SEED);
    const faults: Array<[string, () => Promise<void>]> = [
      ['socket cut', async () => live.harness.proxy.dropSockets()],
      ['close 4000', async () => live.harness.proxy.dropSockets(4000)],
      ['RECONNECT', async () => live.harness.proxy.sendReconnect()],
      ['INVALID_SESSION resumable', async () => live.harness.proxy.sendInvalidSession(true)],
      ['INVALID_SESSION', async () => live.harness.proxy.sendInvalidSession(false)],
      ['429', async () => live.harness.proxy.failRest(isEditOrCallback, [rateLimited(0.1 + random() * 0.4)])],
      ['5xx', async () => live.harness.proxy.failRest(isEditOrCallback, [serverError(500 + Math.floor(random() * 4))])],
    ];
    const applied: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      await waitUntil(() => live.harness.proxy.readySessions === 1 && live.harness.proxy.openLinks === 1, 20_000);
      const [name, inject] = faults[Math.floor(random() * faults.length)]!;
      applied.push(name);
      const before = counts();
      await inject();
      if (!['429', '5xx'].includes(name)) await backOnline(before);
      await expectAnswered();
    }
    expect(applied).toHaveLength(STEPS);
    expect(logLines.filter((line) => line.includes('interaction failed'))).toEqual([]);
  });
});
