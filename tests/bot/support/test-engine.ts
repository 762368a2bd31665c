import type { Lang } from '../../../src/domain.ts';
import type { Answer, AnswerHit, AskRequest, IndexStats, QaEngine, TimelineEvent, TimelineQuery } from '../../../src/engine-types.ts';

/**
 * A small in-memory QaEngine for unit tests of rendering and routing. It ranks passages by shared words, so its
 * answers depend on the question like the real engine's do; the end-to-end suite uses the real engine instead.
 */
export interface TestPassage {
  text: string;
  lang: Lang;
  title: string;
  outlet: string;
  url: string | null;
  published: string;
}

const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);

export function createTestEngine(passages: TestPassage[], events: TimelineEvent[] = []): QaEngine & { calls: AskRequest[] } {
  const calls: AskRequest[] = [];
  return {
    calls,
    async ask(request: AskRequest): Promise<Answer> {
      calls.push(request);
      const q = words(request.question);
      const scored = passages
        .map((p, i) => ({ p, i, score: [...words(p.text)].filter((w) => q.has(w)).length }))
        .filter((s) => s.score > 0 && (!request.lang || s.p.lang === request.lang))
        .sort((a, b) => b.score - a.score || a.i - b.i);
      const offset = request.offset ?? 0;
      const k = request.k ?? 3;
      const page = scored.slice(offset, offset + k);
      const results: AnswerHit[] = page.map((s, j) => ({
        rank: offset + j + 1,
        score: Math.min(1, s.score / 5),
        quote: s.p.text,
        passage: {
          id: `doc${s.i}#0`,
          docId: `doc${s.i}`,
          text: s.p.text,
          start: 0,
          end: s.p.text.length,
          textHash: 'x',
          meta: { id: `doc${s.i}`, title: s.p.title, outlet: s.p.outlet, url: s.p.url ?? undefined, lang: s.p.lang, published: s.p.published },
        },
        source: { doc: `doc${s.i}`, title: s.p.title, outlet: s.p.outlet, url: s.p.url, lang: s.p.lang, published: s.p.published },
      }));
      return {
        question: request.question,
        abstained: scored.length === 0,
        abstainReason: scored.length === 0 ? 'no-relevant-passage' : undefined,
        results,
        hasMore: offset + k < scored.length,
        queryLang: 'en',
        mode: 'lexical',
      };
    },
    timeline(query: TimelineQuery = {}): TimelineEvent[] {
      return events.filter((e) => {
        const year = Number(e.date.slice(0, 4));
        if (query.from !== undefined && year < query.from) return false;
        if (query.to !== undefined && year > query.to) return false;
        return !query.topic || e.text.toLowerCase().includes(query.topic.toLowerCase());
      });
    },
    timelineTopics(prefix: string): string[] {
      return ['Putin visit', 'oil and gas', 'education', 'trade'].filter((t) => t.startsWith(prefix.toLowerCase()));
    },
    stats(): IndexStats {
      return { documents: passages.length, passages: passages.length, builtAt: '2026-11-29T10:00:00.000Z', mode: 'lexical', modelId: null };
    },
    async close() {},
  };
}
