import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { Locale, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AskRequest, QaEngine } from '../../src/engine-types.ts';
import { loadCommands } from '../../src/bot/load-commands.ts';
import { BotError } from '../../src/errors.ts';
import { RESULTS_PER_PAGE, TIMELINE_EVENTS_PER_PAGE } from '../../src/limits.ts';
import { questionFromAnswerEmbed } from '../../src/reply/discord-answer.ts';
import { collapseWhitespace } from '../../src/reply/escape.ts';
import { strings } from '../../src/reply/i18n.ts';
import {
  autocomplete,
  booleanOption,
  buttonClick,
  integerOption,
  MEMBER_PERMISSIONS,
  slashCommand,
  stringOption,
  type InteractionPlace,
} from '../support/fake-discord/fixtures.ts';
import type { RecordedRequest } from '../support/fake-discord/server.ts';
import { keepOpen, useE2eEngine } from './support/e2e-engine.ts';
import { expectWithinEmbedLimits } from './support/embed-assert.ts';
import { FAKE_TOKEN, startHarness, type Harness } from './support/harness.ts';
import {
  askOverWire,
  bodyOf,
  buttonsOf,
  customIdsOf,
  embedOf,
  freshUser,
  isCallback,
  isEditOriginal,
  messageFromEdit,
  QUESTION,
  UNANSWERABLE,
} from './support/wire.ts';

/**
 * The real discord.js client, started by `startBot`, against a fake Discord over real sockets. Every assertion is
 * on what went over the wire.
 */

const FAILING_MARKER = 'please-fail-now';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const live = useE2eEngine();
const { logLines } = live;
let realEngine: QaEngine;
let harness: Harness;

/** The real engine, plus one injected fault: questions containing FAILING_MARKER fail like a damaged index. */
function withFault(inner: QaEngine): QaEngine {
  return {
    ask: (request: AskRequest): Promise<Answer> =>
      request.question.includes(FAILING_MARKER) ? Promise.reject(new BotError('INDEX_CORRUPT', 'vectors.bin is truncated')) : inner.ask(request),
    timeline: (query) => inner.timeline(query),
    timelineTopics: (prefix) => inner.timelineTopics(prefix),
    sources: () => inner.sources(),
    stats: () => inner.stats(),
    close: () => inner.close(),
  };
}

/** A fresh user per test, so that the shared cooldown never links two tests. */
function place(overrides: Partial<InteractionPlace> = {}): InteractionPlace {
  return { guildId: harness.guildIds[0]!, user: freshUser(), ...overrides };
}

const ask = (question: string, at: InteractionPlace, extra: ReturnType<typeof booleanOption>[] = []) => askOverWire(harness, question, at, extra);

beforeAll(async () => {
  realEngine = live.engine;
  // No renderChart override: startBot loads the real chart module, as in production.
  harness = await startHarness({ engine: withFault(keepOpen(realEngine)), env: { ASK_COOLDOWN_SECONDS: '30' } });
});

afterAll(async () => {
  await harness?.stop();
});

describe('/ask over the wire', () => {
  it('defers first, then edits the original message with sourced excerpts within every embed limit', async () => {
    const expected = await realEngine.ask({ question: QUESTION, k: RESULTS_PER_PAGE, offset: 0 });
    expect(expected.results.length).toBeGreaterThan(0);

    const { requests, edit } = await ask(QUESTION, place());
    expect(isCallback(requests[0]!)).toBe(true);
    expect(bodyOf(requests[0]!).type).toBe(5);
    expect((bodyOf(requests[0]!).data?.flags as number | undefined) ?? 0).toBe(0);
    expect(edit).toBeDefined();
    expect(requests.indexOf(edit!)).toBeGreaterThan(0);

    const body = bodyOf(edit!);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const embed = embedOf(edit!);
    expectWithinEmbedLimits(embed);
    expect(embed.title).toBe(strings('en').answerTitle);
    expect(questionFromAnswerEmbed(embed)).toBe(QUESTION);
    expected.results.forEach((hit, i) => {
      // The answering sentence is bold, after its context sentence when it has one.
      expect(embed.description).toMatch(new RegExp(`\\*\\*${i + 1}\\.\\*\\* [^\\n]*\\*\\*[^\\n]+\\*\\*\\n└ `, 'u'));
      expect(embed.description).toContain(hit.source.published);
      if (hit.source.url) expect(embed.description).toContain(`](${hit.source.url})`);
    });
    expect(embed.footer?.text).toContain(String(realEngine.stats().documents));
    expect(embed.footer?.text).toContain(realEngine.stats().builtAt.slice(0, 10));

    expect(customIdsOf(edit!)).toEqual(expected.hasMore ? [`ask:more:${expected.results.length}:*:0`] : []);
    const linkUrls = buttonsOf(edit!).flatMap((b) => ('url' in b ? [b.url] : []));
    expect(linkUrls).toEqual(expected.results.flatMap((hit) => (hit.source.url ? [hit.source.url] : [])));
    for (const row of (body.components ?? []) as APIActionRowComponent<APIButtonComponent>[]) expect(row.components.length).toBeLessThanOrEqual(5);
  });

  it('keeps a private answer ephemeral in the user language, and a public one in the server language', async () => {
    const privately = await ask(QUESTION, place({ locale: Locale.Vietnamese, guildLocale: Locale.EnglishUS }), [booleanOption('private', true)]);
    expect(bodyOf(privately.requests[0]!).type).toBe(5);
    expect(bodyOf(privately.requests[0]!).data?.flags).toBe(64);
    expect(embedOf(privately.edit!).title).toBe(strings('vi').answerTitle);

    const publicly = await ask(QUESTION, place({ locale: Locale.Russian, guildLocale: Locale.Indonesian }));
    expect(embedOf(publicly.edit!).title).toBe(strings('id').answerTitle);
  });

  it('turns mentions and Markdown in the question into inert text', async () => {
    const hostile = `@everyone @here <@&123456789012345678> <@123456789012345678> **Putin** in __Hanoi__ [click](https://evil.example) # ${QUESTION}`;
    const { edit } = await ask(hostile, place());
    const body = bodyOf(edit!);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const wire = JSON.stringify(body);
    expect(wire).not.toMatch(/@everyone|@here|<@&\d|<@\d/u);
    const embed = embedOf(edit!);
    expectWithinEmbedLimits(embed);
    expect(embed.description).not.toContain('**Putin**');
    expect(embed.description).not.toContain('[click](https://evil.example)');
    expect(embed.description).toContain('\\*\\*Putin\\*\\*');
    // Inert, yet exactly recoverable: that is what "More results" relies on.
    expect(questionFromAnswerEmbed(embed)).toBe(collapseWhitespace(hostile));
  });

  it('says politely when the corpus holds no answer, and suggests what it covers', async () => {
    const expected = await realEngine.ask({ question: UNANSWERABLE, k: RESULTS_PER_PAGE });
    expect(expected.abstained).toBe(true);
    const { edit } = await ask(UNANSWERABLE, place());
    const embed = embedOf(edit!);
    expect(embed.title).toBe(strings('en').abstainTitle);
    expect(embed.description).toContain(strings('en').abstainBody);
    const topics = realEngine.timelineTopics('');
    if (topics.length > 0) expect(embed.description).toContain(`**${strings('en').topicsLabel}:**`);
    expect(customIdsOf(edit!)).toEqual([]);
    expect(bodyOf(edit!).allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a second question inside the cooldown with a private slow-down and a relative time, without deferring', async () => {
    const user = place({ locale: Locale.Indonesian });
    await ask(QUESTION, user);
    const { requests } = await ask(QUESTION, user);
    expect(requests).toHaveLength(1);
    const body = bodyOf(requests[0]!);
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.content).toMatch(/<t:\d+:R>/u);
    expect(body.data?.content).toContain(strings('id').cooldown('').slice(0, 10));
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('"More results" updates the same message with the next page, also after a restart', async () => {
    const at = place();
    const first = await realEngine.ask({ question: QUESTION, k: RESULTS_PER_PAGE, offset: 0 });
    expect(first.hasMore).toBe(true);
    const second = await realEngine.ask({ question: QUESTION, k: RESULTS_PER_PAGE, offset: first.results.length });

    const { edit } = await ask(QUESTION, at);
    const [moreId] = customIdsOf(edit!);
    const requests = await harness.interact(buttonClick(moreId!, messageFromEdit(edit!, at.guildId), at));
    expect(bodyOf(requests[0]!).type).toBe(6);
    const update = requests.find(isEditOriginal)!;
    const embed = embedOf(update);
    expectWithinEmbedLimits(embed);
    expect(embed.description).toContain(`**${first.results.length + 1}.** `);
    expect(embed.description).not.toContain('**1.** ');
    for (const hit of second.results) expect(embed.description).toContain(hit.source.published);
    expect(questionFromAnswerEmbed(embed)).toBe(QUESTION);

    // A new process (new client, no shared memory) still pages the old message.
    const restarted = await startHarness({ engine: keepOpen(realEngine), renderChart: null });
    try {
      const again = await restarted.interact(buttonClick(moreId!, messageFromEdit(edit!, restarted.guildIds[0]!), { ...at, guildId: restarted.guildIds[0]! }));
      expect(embedOf(again.find(isEditOriginal)!).description).toBe(embed.description);
    } finally {
      await restarted.stop();
    }
  });

  it('answers a click past the last page privately, leaving the message as it was', async () => {
    const at = place();
    const { edit } = await ask(QUESTION, at);
    const requests = await harness.interact(buttonClick('ask:more:999:*:0', messageFromEdit(edit!, at.guildId), at));
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(bodyOf(requests[0]!).type).toBe(6);
    expect(bodyOf(requests[1]!)).toMatchObject({ content: strings('en').noMoreResults, flags: 64 });
  });

  it('replies to an internal failure privately and kindly, and logs the error code and latency', async () => {
    const { requests } = await ask(`${QUESTION} ${FAILING_MARKER}`, place(), []).catch(() => ({ requests: [] as RecordedRequest[] }));
    const followUp = await harness.fake.waitForRequest(
      (r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(r.path) && JSON.stringify(r.body).includes(strings('en').errorIndex),
    );
    expect(bodyOf(followUp).flags).toBe(64);
    expect(bodyOf(followUp).content).toBe(strings('en').errorIndex);
    expect(JSON.stringify(followUp.body)).not.toMatch(/truncated|vectors\.bin|at .*\.ts/u);
    expect(requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'))).toBe(true);
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'interaction failed');
    expect(logged).toMatchObject({ command: 'ask', code: 'INDEX_CORRUPT' });
    expect(typeof logged?.latencyMs).toBe('number');
  });
});

describe('/timeline over the wire', () => {
  it('defers, then sends a page of dated, sourced events with the chart attached as a PNG', async () => {
    const events = realEngine.timeline({});
    expect(events.length).toBeGreaterThan(0);
    const requests = await harness.interact(slashCommand('timeline', [], place()));
    expect(bodyOf(requests[0]!).type).toBe(5);
    const edit = requests.find(isEditOriginal)!;
    expect(edit.contentType).toMatch(/^multipart\/form-data/u);
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]!.name).toBe('timeline.png');
    expect(edit.files[0]!.head.equals(PNG_SIGNATURE)).toBe(true);
    const embed = embedOf(edit);
    expectWithinEmbedLimits(embed);
    expect(embed.image?.url).toBe('attachment://timeline.png');
    expect(embed.fields?.map((f) => f.name.slice(0, 10))).toEqual(events.slice(0, TIMELINE_EVENTS_PER_PAGE).map((e) => e.date.slice(0, 10)));
    expect(bodyOf(edit).allowed_mentions).toEqual({ parse: [] });
  });

  it('pages with Previous/Next buttons whose state lives in the custom_id', async () => {
    const from = Number(realEngine.timeline({})[0]!.date.slice(0, 4));
    const events = realEngine.timeline({ from });
    expect(events.length).toBeGreaterThan(TIMELINE_EVENTS_PER_PAGE);
    const at = place();
    const first = (await harness.interact(slashCommand('timeline', [integerOption('from', from)], at))).find(isEditOriginal)!;
    const ids = customIdsOf(first);
    expect(ids).toEqual([`timeline:p:0:${from}:*:*:`, `timeline:n:1:${from}:*:*:`]);

    const requests = await harness.interact(buttonClick(ids[1]!, messageFromEdit(first, at.guildId), at));
    expect(bodyOf(requests[0]!).type).toBe(6);
    const page2 = embedOf(requests.find(isEditOriginal)!);
    expectWithinEmbedLimits(page2);
    expect(page2.fields?.map((f) => f.name.slice(0, 10))).toEqual(
      events.slice(TIMELINE_EVENTS_PER_PAGE, 2 * TIMELINE_EVENTS_PER_PAGE).map((e) => e.date.slice(0, 10)),
    );
  });

  it('filters by the kind chosen, keeps the kind while paging, and names it', async () => {
    const visits = realEngine.timeline({ kind: 'visit', lang: 'en' });
    // Enough visits for two pages, so that the kind must survive in the buttons.
    expect(visits.length).toBeGreaterThan(TIMELINE_EVENTS_PER_PAGE);
    const at = place();
    const first = (await harness.interact(slashCommand('timeline', [stringOption('kind', 'visit')], at))).find(isEditOriginal)!;
    const embed = embedOf(first);
    expectWithinEmbedLimits(embed);
    expect(embed.description).toContain('**visit**');
    expect(embed.fields?.map((f) => f.name.slice(0, 10))).toEqual(visits.slice(0, TIMELINE_EVENTS_PER_PAGE).map((e) => e.date.slice(0, 10)));
    const ids = customIdsOf(first);
    expect(ids).toEqual(['timeline:p:0:*:*:visit:', 'timeline:n:1:*:*:visit:']);

    const requests = await harness.interact(buttonClick(ids[1]!, messageFromEdit(first, at.guildId), at));
    const page2 = embedOf(requests.find(isEditOriginal)!);
    expect(page2.fields?.map((f) => f.name.slice(0, 10))).toEqual(visits.slice(TIMELINE_EVENTS_PER_PAGE).map((e) => e.date.slice(0, 10)));

    // The establishment of relations (1950), the 1994 treaty and the 2012 statement are not visits.
    const calls = realEngine.timeline({ kind: 'call' });
    expect(calls.length).toBeGreaterThan(0);
    const callEdit = (await harness.interact(slashCommand('timeline', [stringOption('kind', 'call')], place()))).find(isEditOriginal)!;
    expect(embedOf(callEdit).fields?.map((f) => f.name.slice(0, 10))).toEqual(calls.map((e) => e.date.slice(0, 10)));
    for (const date of ['1950-01-30', '1994-06-16', '2012-07-27']) expect(visits.map((e) => e.date)).not.toContain(date);
  });

  it("tells each event in the reply's language where a source in it exists, else in English", async () => {
    const relations = (lang: 'en' | 'id' | 'ru') => realEngine.timeline({ from: 1950, to: 1950, lang })[0]!;
    expect(relations('id').text).not.toBe(relations('en').text);
    for (const [guildLocale, lang] of [
      [Locale.Indonesian, 'id'],
      [Locale.EnglishUS, 'en'],
      [Locale.Russian, 'ru'],
    ] as const) {
      const edit = (await harness.interact(slashCommand('timeline', [integerOption('from', 1950), integerOption('to', 1950)], place({ guildLocale })))).find(
        isEditOriginal,
      )!;
      const field = embedOf(edit).fields![0]!;
      const expected = relations(lang);
      expect(collapseWhitespace(field.value)).toContain(collapseWhitespace(expected.text).slice(0, 40));
      // The article quoted is the first source listed.
      expect(field.value).toContain(`${expected.sources[0]!.outlet}, ${expected.sources[0]!.published}`.slice(0, 30));
    }
    // Russian has no source here: the English text is shown.
    expect(relations('ru').text).toBe(relations('en').text);
  });

  it('offers topic autocompletion from the engine', async () => {
    const prefix = realEngine.timelineTopics('')[0]?.slice(0, 2) ?? '';
    const requests = await harness.interact(autocomplete('timeline', { name: 'topic', value: prefix }, place()));
    expect(requests).toHaveLength(1);
    const body = bodyOf(requests[0]!);
    expect(body.type).toBe(8);
    const expected = realEngine.timelineTopics(prefix).filter((t) => t.length <= 60).slice(0, 25);
    expect((body.data?.choices as Array<{ value: string }>).map((c) => c.value)).toEqual(expected);
  });
});

describe('/help over the wire', () => {
  const MODERATOR_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

  async function help(at: InteractionPlace) {
    const requests = await harness.interact(slashCommand('help', [], at));
    expect(requests).toHaveLength(1);
    const body = bodyOf(requests[0]!);
    // Answered at once and privately: no deferral, nothing for the channel.
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    const embed = (body.data?.embeds as APIEmbed[])[0]!;
    expectWithinEmbedLimits(embed);
    return embed;
  }

  it("lists every command a member can use with its options, in the member's language where the definitions have it", async () => {
    const definitions = new Map([...(await loadCommands()).values()].map((command) => [command.data.name, command.data.toJSON()]));
    const embed = await help(place({ locale: Locale.Vietnamese, guildLocale: Locale.EnglishUS }));
    expect(embed.title).toBe(strings('vi').helpTitle);
    expect(embed.description).toBe(strings('vi').helpIntro);
    // /gaps needs Manage Server, which a member does not have: Discord would not show it either.
    expect(embed.fields!.map((f) => f.name)).toEqual(['/ask', '/help', '/sources', '/timeline']);
    for (const field of embed.fields!) {
      const definition = definitions.get(field.name.slice(1))!;
      const lines = field.value.split('\n');
      expect(lines[0]).toBe(definition.description_localizations!.vi);
      // One line per option, in order, its description translated where the command file translates it.
      expect(lines.slice(1).map((line) => /^• `([^`]+)`/u.exec(line)?.[1])).toEqual((definition.options ?? []).map((o) => o.name));
    }
    const ask = embed.fields!.find((f) => f.name === '/ask')!.value;
    expect(ask).toContain(`• \`question\` (${strings('vi').helpRequired}) — Your question, in any language`);
    expect(embed.fields!.find((f) => f.name === '/timeline')!.value).toContain('• `kind` — Chỉ các sự kiện thuộc loại này');
  });

  it('speaks English to an English client, and lists /gaps to a moderator', async () => {
    const embed = await help(place({ locale: Locale.EnglishUS, guildLocale: Locale.Russian, permissions: MODERATOR_PERMISSIONS }));
    expect(embed.title).toBe(strings('en').helpTitle);
    expect(embed.fields!.map((f) => f.name)).toEqual(['/ask', '/gaps', '/help', '/sources', '/timeline']);
    expect(embed.fields!.find((f) => f.name === '/gaps')!.value).toBe(
      'Moderators: the most asked questions the articles could not answer in this server.\n• `days` — Only the last so many days',
    );
    expect(embed.fields!.find((f) => f.name === '/ask')!.value).toContain('• `question` (required) — Your question, in any language');
  });
});

describe('wire-wide guarantees', () => {
  it('sends allowed_mentions {"parse":[]} with every message the bot wrote, and never leaks the token', async () => {
    const messages = harness.fake.requests.flatMap((request) => {
      const body = bodyOf(request);
      const payload = isCallback(request) ? body.data : body;
      return payload && ('content' in payload || 'embeds' in payload) ? [payload] : [];
    });
    expect(messages.length).toBeGreaterThan(10);
    for (const payload of messages) expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(logLines.join('')).not.toContain(FAKE_TOKEN);
  });
});
