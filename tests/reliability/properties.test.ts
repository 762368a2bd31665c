import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain.ts';
import { BotError } from '../../src/errors.ts';
import { MAX_QUESTION_LENGTH } from '../../src/limits.ts';
import { escapeDiscordText, unescapeDiscordText } from '../../src/reply/escape.ts';
import { useLexicalEngine } from './support/bot-harness.ts';
import { LIVE_MENTION } from './support/wire-safety.ts';

/**
 * Properties over random strings: the query path never throws and always returns a well-formed Answer, and the
 * Discord escaper makes any text inert. RELIABILITY_FULL=1 runs many more cases.
 */
const FULL = process.env.RELIABILITY_FULL === '1';
const ENGINE_RUNS = FULL ? 2_000 : 300;
const ESCAPE_RUNS = FULL ? 20_000 : 1_000;

/** Fragments that mean something to Discord, Markdown, regexes or text segmentation, mixed into random text. */
const HOSTILE_FRAGMENTS = [
  '@everyone', '@here', '<@', '<@&', '<#', '<t:', '</', '>', '<', '@', '*', '**', '_', '__', '~~', '||', '`', '```', '\\',
  '[', ']', '(', ')', '](https://evil.example)', 'https://x.example/a_b_', '# ', '-# ', '> ', '>>> ', '- ', '1. ', '\n',
  '\r', '\t', '\u0000', '\u200B', '\u200D', '\uFEFF', '\u202E', '\uD800', '\uDFFF', '🇻🇳', '👍🏽', 'e\u0301', ':', '.*',
  '$', '^', '(?', '\\1', '<:', '<a:', 'x_y', ':12345>', '<a:x_y:12345>', '<:x_y:1>', '_:1>', '~', '|', '<https://x.example/*a*>', 'Putin', 'Hà Nội', 'Путин', '1950', 'ความ', 'ግንኙነት', 'ـ', ' ',
];

/** Random text: arbitrary code units (lone surrogates included), graphemes, and hostile fragments, concatenated. */
const hostileText = (maxPieces: number) =>
  fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom(...HOSTILE_FRAGMENTS)), {
      maxLength: maxPieces,
    })
    .map((pieces) => pieces.join(''));

describe('engine.ask over random questions', () => {
  const live = useLexicalEngine();

  it('never throws and always returns a well-formed Answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText(20),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.constantFrom(...LANGUAGES), { nil: undefined }),
        async (question, k, offset, lang) => {
          if (question.length > MAX_QUESTION_LENGTH) {
            await expect(live.engine.ask({ question, k, offset, lang })).rejects.toMatchObject({ code: 'QUESTION_TOO_LONG' });
            return;
          }
          const answer = await live.engine.ask({ question, k, offset, lang });
          expect(answer.question).toBe(question);
          expect(typeof answer.abstained).toBe('boolean');
          expect(typeof answer.hasMore).toBe('boolean');
          expect(['hybrid', 'lexical']).toContain(answer.mode);
          expect(typeof answer.queryLang).toBe('string');
          expect(answer.results.length).toBeLessThanOrEqual(k);
          if (answer.abstained) {
            expect(answer.results).toEqual([]);
            expect(['empty-question', 'no-relevant-passage']).toContain(answer.abstainReason);
          }
          if (question.trim() === '') expect(answer.abstained).toBe(true);
          answer.results.forEach((hit, i) => {
            expect(hit.rank).toBe(offset + i + 1);
            expect(hit.score).toBeGreaterThanOrEqual(0);
            expect(hit.score).toBeLessThanOrEqual(1);
            expect(hit.quote.trim().length).toBeGreaterThan(0);
            expect(hit.passage.text.length).toBeGreaterThan(0);
            expect(LANGUAGES).toContain(hit.source.lang);
            if (lang) expect(hit.source.lang).toBe(lang);
            expect(hit.source.doc).toBe(hit.passage.docId);
          });
          // The answer survives the JSON contract of `npm run ask --json` and the Discord payload.
          expect(() => JSON.stringify(answer)).not.toThrow();
        },
      ),
      { numRuns: ENGINE_RUNS },
    );
  });

  it('refuses a question over MAX_QUESTION_LENGTH itself, with QUESTION_TOO_LONG naming its length, and answers one at the limit', async () => {
    const unit = 'When did Putin visit Hanoi? ';
    const atLimit = unit.repeat(Math.ceil(MAX_QUESTION_LENGTH / unit.length)).slice(0, MAX_QUESTION_LENGTH);
    const answer = await live.engine.ask({ question: atLimit, k: 3 });
    expect(answer.question).toBe(atLimit);
    for (const question of [`${atLimit}x`, 'ж'.repeat(10_000_000)]) {
      const refusal = live.engine.ask({ question, k: 3 });
      await expect(refusal).rejects.toBeInstanceOf(BotError);
      await expect(refusal).rejects.toMatchObject({
        code: 'QUESTION_TOO_LONG',
        message: expect.stringContaining(`${question.length.toLocaleString('en-US')} characters long`),
        details: { length: question.length, limit: MAX_QUESTION_LENGTH },
      });
    }
  });
});

/** Characters that format on their own in Discord Markdown; `~` and `|` format only doubled (`~~`, `||`). */
const SINGLE_MARKERS = new Set(['*', '_', '`', '[', ']']);
const DOUBLED_MARKERS = new Set(['~', '|']);
/** Discord does not format inside a bare URL, and escapeMarkdown leaves URLs alone so that they still link. */
const URL_PATTERN = /https?:\/\/\S+/gu;

/** Positions of live formatting markers (not preceded by an odd run of backslashes), URLs aside. */
function unescapedFormatting(escaped: string): number[] {
  const inUrl = new Set<number>();
  for (const match of escaped.matchAll(URL_PATTERN)) for (let i = match.index; i < match.index + match[0].length; i++) inUrl.add(i);
  const live = (i: number) => {
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && escaped[j] === '\\'; j--) backslashes++;
    return backslashes % 2 === 0 && !inUrl.has(i);
  };
  const positions: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (SINGLE_MARKERS.has(c) && live(i)) positions.push(i);
    else if (DOUBLED_MARKERS.has(c) && escaped[i + 1] === c && live(i) && live(i + 1)) positions.push(i);
  }
  return positions;
}

describe('escapeDiscordText over random text', () => {
  it('never leaves a live mention (@everyone, @here, <@id>, <@&id>, <#id>)', () => {
    fc.assert(
      fc.property(hostileText(30), (text) => {
        const escaped = escapeDiscordText(text);
        expect(escaped).not.toMatch(LIVE_MENTION);
        expect(escaped).not.toMatch(/[@<](?!\u200D)/u);
      }),
      { numRuns: ESCAPE_RUNS },
    );
  });

  it('is undone exactly by unescapeDiscordText (the "More results" button relies on it)', () => {
    fc.assert(
      fc.property(hostileText(30), (text) => {
        expect(unescapeDiscordText(escapeDiscordText(text))).toBe(text);
      }),
      { numRuns: ESCAPE_RUNS },
    );
  });

  it('leaves no formatting character unescaped outside URLs, and no line that starts a block', () => {
    fc.assert(
      fc.property(hostileText(30), (text) => {
        const escaped = escapeDiscordText(text);
        expect(unescapedFormatting(escaped)).toEqual([]);
        // Block markers count after spaces, as in escapeMarkdown's own rules; user text is whitespace-collapsed first anyway.
        for (const line of escaped.split('\n')) expect(line).not.toMatch(/^ *(#{1,3} |-# |>|[-*+] |\d+\. )/u);
      }),
      { numRuns: ESCAPE_RUNS },
    );
  });

  it('escaping twice stays reversible twice (no escape is lost or merged)', () => {
    fc.assert(
      fc.property(hostileText(20), (text) => {
        const twice = escapeDiscordText(escapeDiscordText(text));
        expect(unescapeDiscordText(unescapeDiscordText(twice))).toBe(text);
        expect(twice).not.toMatch(LIVE_MENTION);
      }),
      { numRuns: ESCAPE_RUNS },
    );
  });
});
