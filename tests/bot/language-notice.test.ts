import { describe, expect, it } from 'vitest';
import type { Answer, AnswerHit } from '../../src/engine-types.ts';
import type { Lang } from '../../src/domain.ts';
import { languageNotice, missingAskerLanguage } from '../../src/reply/language-notice.ts';

function hitIn(lang: Lang): AnswerHit {
  const meta = { doc: 'd', title: 'T', outlet: 'O', url: 'https://example.com', lang, published: '2024-06-20' };
  return { rank: 1, score: 0.9, quote: 'q', passage: { id: 'p', text: 'q', meta } as unknown as AnswerHit['passage'], source: meta };
}
const answer = (queryLang: Lang, langs: Lang[], abstained = false): Answer => ({
  question: 'q',
  queryLang,
  abstained,
  results: langs.map(hitIn),
  hasMore: false,
  mode: 'lexical',
});

describe('missingAskerLanguage', () => {
  it('names the asker language when no quote is in it', () => {
    expect(missingAskerLanguage(answer('ru', ['vi', 'id']))).toBe('ru');
    expect(missingAskerLanguage(answer('en', ['vi', 'en']))).toBeNull();
  });

  it('says nothing for a refusal', () => {
    expect(missingAskerLanguage(answer('id', [], true))).toBeNull();
  });
});

describe('languageNotice', () => {
  it('is written in the interface language and names the asker language in it', () => {
    expect(languageNotice(answer('id', ['vi']), 'en')).toBe('No source in Indonesian states this; the quotes are in their original languages.');
    expect(languageNotice(answer('ru', ['en']), 'ru')).toContain('на русском языке');
    expect(languageNotice(answer('vi', ['id']), 'vi')).toContain('tiếng Việt');
    expect(languageNotice(answer('en', ['en']), 'en')).toBeNull();
  });
});
