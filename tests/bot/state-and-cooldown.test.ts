import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../../src/bot/cooldown.ts';
import { CUSTOM_ID_MAX, decodeAskMore, decodeTimelinePage, encodeAskMore, encodeTimelinePage, TIMELINE_TOPIC_MAX } from '../../src/bot/custom-ids.ts';
import { TIMELINE_KINDS } from '../../src/timeline/lexicon.ts';
import { commandNameOfCustomId } from '../../src/bot/interactions.ts';
import { replyLocale, strings, UI_LANGUAGES, uiLangFromLocale } from '../../src/reply/i18n.ts';

describe('button state in custom_id', () => {
  it('round-trips /ask paging state and stays within 100 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(undefined, 'vi', 'id', 'en', 'ru'), fc.boolean(), (offset, lang, ephemeral) => {
        const id = encodeAskMore({ offset, lang: lang as never, ephemeral });
        expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
        expect(decodeAskMore(id)).toEqual({ offset, lang, ephemeral });
        expect(commandNameOfCustomId(id)).toBe('ask');
      }),
    );
  });

  it('round-trips timeline paging state, topic included, within 100 characters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
        fc.option(fc.string({ minLength: 1, maxLength: TIMELINE_TOPIC_MAX }), { nil: undefined }),
        fc.option(fc.constantFrom(...TIMELINE_KINDS), { nil: undefined }),
        fc.constantFrom('prev' as const, 'next' as const),
        (page, from, to, topic, kind, direction) => {
          const id = encodeTimelinePage(direction, { page, from, to, topic, kind });
          expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
          expect(decodeTimelinePage(id)).toEqual({ page, from, to, topic, kind });
          expect(commandNameOfCustomId(id)).toBe('timeline');
        },
      ),
    );
  });

  it('still reads the buttons of replies sent before kinds existed', () => {
    expect(decodeTimelinePage('timeline:n:1:1990:*:state visit')).toEqual({ page: 1, from: 1990, to: undefined, topic: 'state visit', kind: undefined });
    expect(decodeTimelinePage('timeline:n:1:*:*:')).toEqual({ page: 1, from: undefined, to: undefined, topic: undefined, kind: undefined });
    // A topic with a colon in it is not a kind.
    expect(decodeTimelinePage('timeline:p:0:*:*:Putin:visit')).toMatchObject({ topic: 'Putin:visit', kind: undefined });
  });

  it('rejects foreign or tampered ids', () => {
    expect(decodeAskMore('ask:more:x:en:0')).toBeNull();
    expect(decodeAskMore('ask:more:3:xx:0')).toBeNull();
    expect(decodeTimelinePage('timeline:q:1:*:*:')).toBeNull();
  });
});

describe('Cooldowns', () => {
  it('admits a user once per window and says when they may retry', () => {
    const cooldowns = new Cooldowns(5_000);
    expect(cooldowns.take('u1', 1_000)).toEqual({ allowed: true });
    expect(cooldowns.take('u1', 3_000)).toEqual({ allowed: false, retryAtMs: 6_000 });
    expect(cooldowns.take('u2', 3_000)).toEqual({ allowed: true });
    expect(cooldowns.take('u1', 6_000)).toEqual({ allowed: true });
  });

  it('is disabled by a zero cooldown and forgets expired users', () => {
    expect(new Cooldowns(0).take('u', 0)).toEqual({ allowed: true });
    const cooldowns = new Cooldowns(10);
    for (let i = 0; i < 250; i++) cooldowns.take(`user${i}`, i * 100);
    expect(cooldowns.size).toBeLessThan(150);
  });
});

describe('interface language', () => {
  it('maps Discord locales to en/vi/id/ru and falls back to English', () => {
    expect(uiLangFromLocale('vi')).toBe('vi');
    expect(uiLangFromLocale('id')).toBe('id');
    expect(uiLangFromLocale('ru')).toBe('ru');
    expect(uiLangFromLocale('en-GB')).toBe('en');
    expect(uiLangFromLocale('fr')).toBe('en');
  });

  it('uses the user locale for ephemeral replies and the server locale for public ones', () => {
    const interaction = { locale: 'ru', guildLocale: 'vi' };
    expect(replyLocale(interaction, true)).toBe('ru');
    expect(replyLocale(interaction, false)).toBe('vi');
  });

  it('has every string translated (no language reuses the English text)', () => {
    for (const lang of UI_LANGUAGES.filter((l) => l !== 'en')) {
      const t = strings(lang);
      for (const key of Object.keys(strings('en')) as Array<keyof ReturnType<typeof strings>>) {
        const en = strings('en')[key];
        const other = t[key];
        const sample = (v: unknown) => (typeof v === 'function' ? String((v as (...a: unknown[]) => unknown)(1, 2, 3)) : String(v));
        expect(sample(other), `${lang}.${key}`).not.toBe(sample(en));
      }
    }
  });
});
