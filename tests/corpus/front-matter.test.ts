import { describe, expect, it } from 'vitest';
import { isRealIsoDate, validateFrontMatter } from '../../src/corpus/front-matter.ts';

const VALID = { id: 'a-1', title: 'T', outlet: 'O', lang: 'en', published: '2025-01-14' };

function fieldsWithProblems(data: Record<string, unknown>): string[] {
  const result = validateFrontMatter(data, '');
  return result.ok ? [] : result.problems.map((problem) => problem.field);
}

describe('front matter validation', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-1-14', false],
    ['14/01/2025', false],
    ['2025-01-14T00:00:00Z', false],
  ])('isRealIsoDate(%s) = %s', (value, expected) => {
    expect(isRealIsoDate(value)).toBe(expected);
  });

  it('accepts a minimal article and drops the provenance note from the metadata', () => {
    const result = validateFrontMatter({ ...VALID, notes: 'title written for the corpus' }, '');
    expect(result).toEqual({ ok: true, meta: VALID });
  });

  it.each<[Record<string, unknown>, string[]]>([
    [{ ...VALID, id: 'Has Spaces' }, ['id']],
    [{ ...VALID, id: 'trailing-' }, ['id']],
    [{ ...VALID, lang: 'fr' }, ['lang']],
    [{ ...VALID, url: 'ftp://example.com/x' }, ['url']],
    [{ ...VALID, url: 'thanhnien.vn' }, ['url']],
    [{ ...VALID, title: '   ' }, ['title']],
    [{ ...VALID, translated_from: 'en' }, ['translated_from']],
    [{ ...VALID, translated_from: 'xx' }, ['translated_from']],
    [{ ...VALID, publshed: '2025-01-14' }, ['front matter']],
    [{ title: 'T' }, ['id', 'outlet', 'lang', 'published']],
  ])('%o → problems in %o', (data, fields) => {
    expect(fieldsWithProblems(data).sort()).toEqual([...fields].sort());
  });

  it('re-reads an unquoted YAML date from the raw text so that impossible dates are not rolled over', () => {
    const rolledOver = new Date(Date.UTC(2025, 1, 30)); // what YAML makes of 2025-02-30: 2 March
    const result = validateFrontMatter({ ...VALID, published: rolledOver }, 'id: a-1\npublished: 2025-02-30\n');
    expect(result.ok).toBe(false);
    const fine = validateFrontMatter({ ...VALID, published: new Date(Date.UTC(2025, 0, 14)) }, 'published: 2025-01-14 # dateline\n');
    expect(fine).toEqual({ ok: true, meta: VALID });
  });
});
