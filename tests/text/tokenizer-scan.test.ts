import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import { analysisForm, analyzeForm, PHRASE_BREAK_CHARS, WORD } from '../../src/text/tokenizer.ts';

/**
 * analyzeForm scans characters with a class table (issue 14: faster index build). It must cut exactly what the
 * regular expressions it replaced cut: phrases at runs of PHRASE_BREAK_CHARS, words as WORD's matches.
 */
function reference(form: string): string[][] {
  return form
    .split(new RegExp(`[${PHRASE_BREAK_CHARS}]+`, 'u'))
    .map((phrase) => [...phrase.matchAll(WORD)].map((m) => m[0]))
    .filter((words) => words.length > 0);
}

/** What analyzeForm cut, as the raw words (each token's analysis is the word cache's, unchanged). */
function scanned(form: string): string[][] {
  return analyzeForm(form).map((phrase) => phrase.map((token) => token.term));
}

function referenceTerms(form: string): string[][] {
  // The same words through the same analysis: only the cutting differs between the two.
  return reference(form)
    .map((words) => words.flatMap((word) => analyzeForm(word).flat().map((t) => t.term)))
    .filter((terms) => terms.length > 0);
}

const tricky = [
  '',
  '...',
  'a',
  'Việt Nam–Nga, 30/1/1950: "quan hệ" (đối tác)…chiến lược!',
  'line one\r\nline two\n\nthree | four [five] {six} «seven» „eight“',
  'x'.repeat(70) + ' long-word ' + '9'.repeat(80),
  'e\u0301 cafe\u0301 ǆ ﬁ Ⅻ ٣٤ ๓ 𝐀𝐁𝐂 𠀀𠀁 emoji 😀 ok',
  'lone \ud800 high, lone \udc00 low, pair \ud835\udc00 end\ud800',
  'Путин и Тô Lâm; 北京 東京 서울.',
  'tab\tsep\u00a0nbsp\u2028ls\u2029ps',
];

describe('analyzeForm', () => {
  it('cuts tricky text into the phrases and words of the regular expressions', () => {
    for (const text of tricky) {
      const form = analysisForm(text);
      expect(scanned(form), text).toEqual(referenceTerms(form));
    }
    // Not vacuous: the fixtures hold several phrases and words outside the Basic Multilingual Plane.
    expect(reference(analysisForm(tricky[6]!)).flat()).toContain('𠀀𠀁');
  });

  it('cuts every passage of the corpus as they did', async () => {
    const documents = await loadCorpus('corpus');
    let words = 0;
    for (const doc of documents) {
      const form = analysisForm(doc.body);
      expect(scanned(form)).toEqual(referenceTerms(form));
      words += reference(form).flat().length;
    }
    expect(words).toBeGreaterThan(1000);
  });
});
