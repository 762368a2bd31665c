import { describe, expect, it } from 'vitest';
import { parseGlossary, loadGlossary } from '../../src/retrieval/glossary.ts';
import { analyzeQuery, foldedVietnameseStopTerms, withDateUnit } from '../../src/retrieval/query.ts';

const glossary = loadGlossary();
const concepts = (q: string) => analyzeQuery(q, glossary).units.filter((u) => u.conceptId !== null).map((u) => u.conceptId);

describe('query analysis', () => {
  it('maps inflected Russian phrases to concepts', () => {
    expect(concepts('Когда были установлены дипломатические отношения между Вьетнамом и СССР?')).toEqual(
      expect.arrayContaining(['diplomatic-relations', 'vietnam', 'soviet-union']),
    );
    expect(concepts('Сколько стипендий получают вьетнамские студенты?')).toEqual(expect.arrayContaining(['scholarships', 'students']));
  });

  it('finds the same concept in every language and without diacritics', () => {
    for (const q of ['quan hệ ngoại giao', 'quan he ngoai giao', 'hubungan diplomatik', 'diplomatic relations', 'дипломатических отношений']) {
      expect(concepts(q), q).toContain('diplomatic-relations');
    }
  });

  it('expands a concept into its variants in other languages as weighted terms', () => {
    const { terms } = analyzeQuery('học bổng', glossary);
    const byTerm = new Map<string, number>();
    for (const t of terms) byTerm.set(t.term, Math.max(byTerm.get(t.term) ?? 0, t.weight)); // as LexicalIndex does
    expect(byTerm.get('beasiswa')).toBeGreaterThan(0);
    expect(byTerm.get('scholarship')).toBeGreaterThan(0);
    expect(byTerm.get('hoc_bong')).toBe(1);
  });

  it('keeps overlapping concepts but drops one nested in a longer one', () => {
    expect(concepts('quan hệ đối tác chiến lược toàn diện')).toEqual(
      expect.arrayContaining(['strategic-partnership', 'comprehensive-strategic-partnership']),
    );
    expect(concepts('comprehensive strategic partnership')).toEqual(['comprehensive-strategic-partnership']);
  });

  it('does not take a function word for a one-word concept, nor an accented word for another one', () => {
    const g = parseGlossary({
      version: 1,
      concepts: [{ id: 'trong', kind: 'person', terms: { en: ['Trong'], vi: ['Trọng'], id: ['Trong'], ru: ['Чонг'] } },
        { id: 'oil', kind: 'topic', terms: { en: ['oil'], vi: ['dầu'], id: ['minyak'], ru: ['нефть'] } }],
    });
    expect(analyzeQuery('trong năm 2024', g).units.map((u) => u.conceptId)).not.toContain('trong');
    expect(analyzeQuery('lần đầu tiên', g).units.map((u) => u.conceptId)).not.toContain('oil');
    expect(analyzeQuery('dầu mỏ', g).units.map((u) => u.conceptId)).toContain('oil');
  });

  it('pairs leftover Vietnamese syllables into one unit so a two-syllable word is not counted twice', () => {
    const paired = analyzeQuery('xung đột biên giới', glossary, { pairSyllables: true }).units.filter((u) => u.conceptId === null);
    const single = analyzeQuery('xung đột biên giới', glossary).units.filter((u) => u.conceptId === null);
    expect(single.length).toBeGreaterThan(paired.length);
    expect(paired.map((u) => u.label)).toContain('bien_gioi');
  });

  it('adds a date unit only to a question that asks for a date, in four languages', () => {
    const hasYear = (t: string) => t === '2024';
    for (const q of ['When did it happen?', 'Kapan terjadi?', 'Việt Nam gia nhập năm nào?', 'Когда это было?', 'In what year?']) {
      expect(withDateUnit(analyzeQuery(q, glossary), q, hasYear).units.at(-1)?.label, q).toBe('(date)');
    }
    const count = 'How many scholarships?';
    expect(withDateUnit(analyzeQuery(count, glossary), count, hasYear).units.map((u) => u.label)).not.toContain('(date)');
  });

  it('adds a date unit anchored on the years the index holds', () => {
    const base = analyzeQuery('When did Putin visit?', glossary);
    const withDate = withDateUnit(base, 'When did Putin visit?', (t) => t === '1950' || t === '2024');
    const unit = withDate.units.at(-1)!;
    expect(unit.label).toBe('(date)');
    expect(unit.anchors).toEqual([['1950'], ['2024']]);
    // Relevance only: the years are not searched with BM25.
    expect(withDate.terms).toEqual(base.terms);
  });
});

describe('Vietnamese typed without diacritics', () => {
  const options = { pairSyllables: true, withoutDiacritics: true };
  const units = (q: string, o: { pairSyllables?: boolean; withoutDiacritics?: boolean } = options) => analyzeQuery(q, glossary, o).units;
  const conceptIds = (q: string, o?: { pairSyllables?: boolean; withoutDiacritics?: boolean }) => units(q, o).filter((u) => u.conceptId !== null).map((u) => u.conceptId);
  const wordLabels = (q: string, o?: { pairSyllables?: boolean; withoutDiacritics?: boolean }) => units(q, o).filter((u) => u.conceptId === null).map((u) => u.label);

  it('knows the folded forms of the Vietnamese function words', () => {
    const stops = foldedVietnameseStopTerms();
    for (const w of ['lam', 'de', 'gi', 'la', 'nam', 'nhieu', 'theo']) expect(stops.has(w), w).toBe(true);
    for (const w of ['putin', 'duma', 'chinh', 'sach']) expect(stops.has(w), w).toBe(false);
  });

  it('reads a lower-case folded function word as that function word, not as a name or a content word', () => {
    const q = 'Chu tich Duma Quoc gia Nga sang Viet Nam de lam gi';
    // As before when the rule is off: "lam" (làm, "to do") is the name Tô Lâm, "de" and "gi" are content words.
    expect(conceptIds(q, { pairSyllables: true })).toContain('to-lam');
    expect(conceptIds(q)).not.toContain('to-lam');
    expect(wordLabels(q).join(' ')).not.toMatch(/\b(de|gi|lam)\b/);
    // "năm 2030" is "the year 2030": the number stands alone instead of pairing with "nam".
    expect(wordLabels('muc tieu thuong mai viet nga nam 2030 la bao nhieu')).toContain('2030');
    expect(wordLabels('muc tieu thuong mai viet nga nam 2030 la bao nhieu')).not.toContain('nam_2030');
  });

  it('matches a one-syllable name only when it is capitalised, or no Vietnamese syllable spells it', () => {
    expect(conceptIds('viet nam theo duoi chinh sach quoc phong gi')).not.toContain('pham-minh-chinh');
    expect(conceptIds('viet nam theo duoi chinh sach quoc phong gi', { pairSyllables: true })).toContain('pham-minh-chinh');
    expect(conceptIds('tong bi thu ong Lam noi gi')).toContain('to-lam');
    expect(conceptIds('putin tham viet nam lan dau tien khi nao')).toContain('putin');
    // Multi-word variants still match across a folded function word.
    expect(conceptIds('putin tham viet nam lan dau tien khi nao')).toContain('vietnam');
  });
});
