import { describe, expect, it } from 'vitest';
import type { Answer, AnswerHit, IndexStats, TimelineEvent } from '../../src/engine-types.ts';
import { questionFromAnswerEmbed, renderAnswer } from '../../src/reply/discord-answer.ts';
import { renderTimelinePage } from '../../src/reply/discord-timeline.ts';
import { strings } from '../../src/reply/i18n.ts';
import { TIMELINE_EVENTS_PER_PAGE } from '../../src/limits.ts';
import { expectWithinEmbedLimits } from './support/embed-assert.ts';

const stats: IndexStats = { documents: 42, passages: 300, builtAt: '2026-11-20T08:00:00.000Z', mode: 'lexical', modelId: null };

function hit(rank: number, quote: string, overrides: Partial<AnswerHit['source']> = {}): AnswerHit {
  const source = { doc: `d${rank}`, title: `Title ${rank}`, outlet: 'VnExpress', url: `https://example.com/${rank}`, lang: 'vi' as const, published: '2024-06-20', ...overrides };
  return {
    rank,
    score: 0.9,
    quote,
    source,
    passage: { id: `d${rank}#0`, docId: `d${rank}`, text: quote, start: 0, end: quote.length, textHash: 'h', meta: { id: source.doc, title: source.title, outlet: source.outlet, url: source.url ?? undefined, lang: source.lang, published: source.published } },
  };
}

function answer(results: AnswerHit[], overrides: Partial<Answer> = {}): Answer {
  return { question: 'q?', abstained: false, results, hasMore: false, queryLang: 'en', mode: 'lexical', ...overrides };
}

const view = { ui: 'en' as const, offset: 0, lang: undefined, ephemeral: false, stats, topics: ['Putin visit', 'oil and gas'] };

describe('renderAnswer', () => {
  it('makes corpus text inert: mentions, Markdown and link syntax in quotes, titles and outlets', () => {
    const payload = renderAnswer(
      answer([hit(1, 'Hello @everyone, see <@&123456789012345678> and **this** [x](https://evil.example)', { title: 'A](https://evil.example) [b', outlet: '@here News' })]),
      view,
    );
    const description = payload.embeds[0]!.description!;
    expect(description).not.toMatch(/@everyone|@here|<@&\d/u);
    expect(description).not.toContain('[x](https://evil.example)');
    // The only link is the title linked to the article URL, with its brackets escaped inside the label.
    expect(description.match(/(?<!\\)\]\(https?:[^)]*\)/gu)).toEqual(['](https://example.com/1)']);
    expect(payload.allowedMentions).toEqual({ parse: [] });
  });

  it('shows the best sentence in bold with outlet, date, flag and linked title under it', () => {
    const payload = renderAnswer(answer([hit(1, 'Putin visited Hanoi.')]), view);
    expect(payload.embeds[0]!.description).toContain('**1.** **Putin visited Hanoi.**\n└ 🇻🇳 VnExpress · 2024-06-20 · [Title 1](https://example.com/1)');
    expect(payload.embeds[0]!.footer?.text).toBe('Index: 42 articles · built 2026-11-20');
  });

  it("names the asker's language, in the reply's language, when no quote is in it", () => {
    const russian = renderAnswer(answer([hit(1, 'Putin visited Hanoi.')], { queryLang: 'ru' }), { ...view, ui: 'ru' }).embeds[0]!.description!;
    expect(russian.split('\n')[1]).toBe('*Источников на русском языке об этом нет; цитаты приводятся на языке оригинала.*');
    const vietnamese = renderAnswer(answer([hit(1, 'Putin visited Hanoi.')], { queryLang: 'vi' }), view).embeds[0]!.description!;
    expect(vietnamese).not.toContain('No source in');
  });

  it('with a context sentence before the answer, only the answering sentence is bold', () => {
    const withContext = { ...hit(1, 'Putin arrived in Hanoi. He called the visit historic.'), answer: 'He called the visit historic.' };
    const description = renderAnswer(answer([withContext]), view).embeds[0]!.description!;
    expect(description).toContain('**1.** Putin arrived in Hanoi. **He called the visit historic.**\n└ ');
  });

  it('stays within every embed limit for huge quotes and titles, and keeps the question recoverable', () => {
    const long = 'word **bold** @everyone '.repeat(400);
    const question = `${'why '.repeat(120)}**now**?`;
    const payload = renderAnswer(answer(Array.from({ length: 12 }, (_, i) => hit(i + 1, long, { title: long, outlet: long })), { question }), view);
    expectWithinEmbedLimits(payload.embeds[0]!);
    expect(questionFromAnswerEmbed(payload.embeds[0])).toBe(question.trim());
  });

  it('puts at most five link buttons in a row and skips results without a usable URL', () => {
    const hits = Array.from({ length: 12 }, (_, i) => hit(i + 1, 'q', { url: i === 3 ? 'javascript:alert(1)' : `https://example.com/${i}` }));
    const payload = renderAnswer(answer(hits, { hasMore: true }), { ...view, offset: 3, lang: 'vi', ephemeral: true });
    const [more, ...links] = payload.components;
    expect(more!.components).toEqual([expect.objectContaining({ custom_id: 'ask:more:15:vi:1', label: 'More results' })]);
    expect(links.map((row) => row.components.length)).toEqual([5, 5, 1]);
    expect(links[0]!.components[0]).toMatchObject({ label: 'Read article 4', url: 'https://example.com/0' });
  });

  it('abstains in the reader language, suggesting topics, without buttons', () => {
    const payload = renderAnswer(answer([], { abstained: true }), { ...view, ui: 'ru', coverage: { from: '2024', to: '2025' } });
    const embed = payload.embeds[0]!;
    expect(embed.title).toBe(strings('ru').abstainTitle);
    expect(embed.description).toContain(strings('ru').corpusCovers(42, '2024', '2025'));
    expect(embed.description).toContain('Putin visit · oil and gas');
    expect(payload.components).toEqual([]);
  });
});

describe('renderTimelinePage', () => {
  const events: TimelineEvent[] = Array.from({ length: 19 }, (_, i) => ({
    date: `${2000 + i}`,
    end: i === 0 ? '2001' : null,
    precision: 'year',
    text: `Event ${i} with **markdown** and @everyone`,
    sources: Array.from({ length: 5 }, (_, j) => ({ doc: `d${j}`, title: 't', outlet: `Outlet ${j}`, url: `https://e.com/${j}`, lang: 'en' as const, published: '2020-01-01' })),
    kinds: ['other'],
  }));

  it('shows one page of events with dates, escaped text and at most three sources each', () => {
    const payload = renderTimelinePage(events, { ui: 'en', state: { page: 0, from: 2000, to: undefined, topic: 'oil' }, stats });
    const embed = payload.embeds[0]!;
    expectWithinEmbedLimits(embed);
    expect(embed.fields).toHaveLength(TIMELINE_EVENTS_PER_PAGE);
    expect(embed.fields![0]!.name).toBe('2000 – 2001');
    expect(embed.fields![0]!.value).not.toMatch(/@everyone|\*\*markdown\*\*/u);
    expect(embed.fields![0]!.value).toContain('· +2');
    expect(embed.footer?.text).toMatch(/^Page 1 of 3 · /u);
  });

  it('disables Previous on the first page and Next on the last, keeping ids distinct', () => {
    const first = renderTimelinePage(events, { ui: 'en', state: { page: 0, from: undefined, to: undefined, topic: undefined }, stats });
    expect(first.components[0]!.components.map((b) => [('custom_id' in b && b.custom_id) || '', b.disabled])).toEqual([
      ['timeline:p:0:*:*:*:', true],
      ['timeline:n:1:*:*:*:', false],
    ]);
    const last = renderTimelinePage(events, { ui: 'en', state: { page: 99, from: undefined, to: undefined, topic: undefined }, stats });
    expect(last.embeds[0]!.fields).toHaveLength(3);
    expect(last.components[0]!.components.map((b) => b.disabled)).toEqual([false, true]);
  });

  it('says so when no event matches, without paging buttons', () => {
    const payload = renderTimelinePage([], { ui: 'vi', state: { page: 0, from: 1900, to: 1901, topic: undefined }, stats });
    expect(payload.embeds[0]!.description).toContain(strings('vi').timelineEmpty);
    expect(payload.components).toEqual([]);
  });
});
