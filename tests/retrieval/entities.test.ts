import { describe, expect, it } from 'vitest';
import { entityMentions, entityStrength } from '../../src/retrieval/entities.ts';
import { analyze } from '../../src/text/tokenizer.ts';

const given = (question: string) => new Set(analyze(question).flat().map((t) => t.term));
const kinds = (sentence: string) => entityMentions(sentence).map((m) => [m.text, m.kind]);

describe('entityMentions', () => {
  it('a name after a title is a person, in English, Indonesian and Vietnamese', () => {
    expect(kinds('Russian Ambassador Gennady Bezdetko said trade grew.')).toContainEqual(['Gennady Bezdetko', 'person']);
    expect(kinds('Pertemuan itu dihadiri Duta Besar Dang Minh Khoi.')).toContainEqual(['Dang Minh Khoi', 'person']);
    expect(kinds('Theo Đại sứ Đặng Minh Khôi, chuyến thăm rất quan trọng.')).toContainEqual(['Đặng Minh Khôi', 'person']);
  });

  it('a title alone is no name, and the first word of a sentence alone is none either', () => {
    expect(kinds('Tổng Bí thư phát biểu tại buổi lễ.')).toEqual([]);
    expect(kinds('Both sides agreed to deepen cooperation.')).toEqual([]);
  });

  it('an organisation word or an acronym makes an organisation; a locative a place', () => {
    expect(kinds('The deal was signed with Rosatom Corporation last year.')).toContainEqual(['Rosatom Corporation', 'organisation']);
    expect(kinds('Leaders met at the BRICS summit.')).toContainEqual(['BRICS', 'organisation']);
    expect(kinds('Putin attended the summit in Da Nang.')).toContainEqual(['Da Nang', 'place']);
    expect(kinds('Presiden Putin tiba di Hanoi pada malam hari.')).toContainEqual(['Hanoi', 'place']);
  });
});

describe('entityStrength', () => {
  it('a name the question already holds answers nothing', () => {
    const mentions = entityMentions('Russian Ambassador Gennady Bezdetko said trade grew.');
    expect(entityStrength(mentions, 'person', given('Who is the Russian ambassador?'))).toBe(1);
    expect(entityStrength(mentions, 'person', given('What did Gennady Bezdetko say about trade?'))).toBe(0);
  });

  it('words the question gives at the start of a run are set aside, and what remains counts as a name', () => {
    const mentions = entityMentions('Đại sứ Nga tại Việt Nam Gennady Bezdetko đánh giá hợp tác kinh tế.');
    // "Việt Nam" is the question's: the name after it is new, of a kind the sentence does not tell.
    expect(entityStrength(mentions, 'person', given('Đại sứ Nga tại Việt Nam là ai?'))).toBe(0.5);
    expect(entityStrength(mentions, 'person', given('Gennady Bezdetko Việt Nam Nga'))).toBe(0);
  });
});
