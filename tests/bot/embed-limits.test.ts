import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS } from '../../src/limits.ts';
import { expectWithinEmbedLimits } from './support/embed-assert.ts';
import { DISCORD_REDACTED, ELLIPSIS, embedTextLength, fitEmbed, truncateText } from '../../src/reply/embed-limits.ts';
import { registerSecret } from '../../src/logger.ts';
import { renderNotice } from '../../src/reply/discord-answer.ts';


const text = (max: number) => fc.string({ unit: fc.constantFrom('a', ' ', '*', '\\', '[', ']', '(', ')', 'x', '🇻🇳', '\n'), maxLength: max });

describe('fitEmbed', () => {
  it('brings any embed within every Discord limit', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: text(400),
          description: text(6000),
          footer: text(2500),
          fields: fc.array(fc.record({ name: text(300), value: text(1500) }), { maxLength: 30 }),
        }),
        ({ title, description, footer, fields }) => {
          expectWithinEmbedLimits(fitEmbed({ title, description, footer: { text: footer }, fields }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves an embed that already fits untouched', () => {
    const embed: APIEmbed = { title: 'T', description: 'D', fields: [{ name: 'n', value: 'v' }], footer: { text: 'f' } };
    expect(fitEmbed(embed)).toEqual(embed);
  });

  it('meets the 6000 total by shortening the description first', () => {
    const fields = Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(1000) }));
    const fitted = fitEmbed({ description: 'd'.repeat(4096), fields });
    expect(fitted.fields).toHaveLength(5);
    expect(embedTextLength(fitted)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(fitted.description?.endsWith(ELLIPSIS)).toBe(true);
  });
});

describe('truncateText', () => {
  it('ends with an ellipsis and never exceeds the limit', () => {
    fc.assert(
      fc.property(text(500), fc.integer({ min: 1, max: 300 }), (input, max) => {
        const out = truncateText(input, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (input.length > max) expect(out).toContain(ELLIPSIS);
        else expect(out).toBe(input);
      }),
    );
  });

  it('does not leave half a masked link, an open bold, a dangling escape or half a flag', () => {
    expect(truncateText('see [the article title](https://example.com/very/long/path) now', 30)).toBe('see…');
    expect(truncateText('**a bold quote that goes on and on**', 20)).toMatch(/^\*\*a bold quote…\*\*$/u);
    expect(truncateText('abc\\*def ghi jkl', 8).includes('\\…')).toBe(false);
    const flagged = truncateText('ab 🇻🇳🇻🇳🇻🇳🇻🇳', 8);
    expect(flagged).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
  });
});

describe('replies never carry a registered token (issue 11, class 7)', () => {
  it('fitEmbed and notices replace the token, its parts and long runs of it with a marker without Markdown meaning', () => {
    const token = 'MTk5OTk5OTk5OTk5OTk5OTk5OQ.EmBeDs.reply-scrub-test-secret-tail-x';
    registerSecret(`Bot ${token}`);
    const [id, , tail] = token.split('.');
    const embed = fitEmbed({
      title: `t ${token}`,
      description: `see ${token}(http://x.example) and ${tail!.slice(0, 20)}`,
      fields: [{ name: id!, value: `Bot ${token}` }],
      footer: { text: token },
    });
    const sent = JSON.stringify(embed) + JSON.stringify(renderNotice(`token ${token}`));
    for (const piece of [token, id!, tail!, tail!.slice(0, 20)]) expect(sent).not.toContain(piece);
    expect(embed.description).toBe(`see ${DISCORD_REDACTED}(http://x.example) and ${DISCORD_REDACTED}`);
    expect(DISCORD_REDACTED).not.toMatch(/[[\]()*_~`|>\\]/u);
  });
});
