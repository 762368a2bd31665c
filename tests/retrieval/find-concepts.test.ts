import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { findConcepts } from '../../src/retrieval/query.ts';
import { analyze } from '../../src/text/tokenizer.ts';

const glossary = loadGlossary();

describe('findConcepts (indexed by first token)', () => {
  it('finds every glossary variant, in every language, as its own concept', () => {
    const missed: string[] = [];
    for (const concept of glossary.concepts) {
      for (const variant of concept.variants) {
        const found = analyze(`xyz ${variant.text}`).flatMap((phrase) => findConcepts(phrase, glossary).map((m) => m.concept.id));
        // A one-word variant that is a function word is deliberately not evidence (see variantMatchesAt).
        const stopOnly = variant.tokens.length === 1 && variant.tokens[0]!.stop;
        if (!stopOnly && !found.includes(concept.id)) missed.push(`${concept.id}: ${variant.text}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('matches an inflected Russian form by its stem prefix', () => {
    const [phrase] = analyze('визита Путина');
    const variants = glossary.concepts.flatMap((c) => c.variants.filter((v) => v.lang === 'ru').map((v) => ({ id: c.id, v })));
    expect(variants.length).toBeGreaterThan(0);
    expect(findConcepts(phrase!, glossary).length).toBeGreaterThan(0);
  });

  it('matches an inflected Russian form that lost the fleeting vowel of the glossary form (послом ← посол)', () => {
    for (const text of ['послом России', 'посла России', 'послу']) {
      const ids = analyze(text).flatMap((phrase) => findConcepts(phrase, glossary).map((m) => m.concept.id));
      expect(ids, text).toContain(text === 'послу' ? 'ambassador' : 'bezdetko');
    }
    // A word that only shares letters does not match.
    expect(analyze('послание').flatMap((phrase) => findConcepts(phrase, glossary).map((m) => m.concept.id))).not.toContain('ambassador');
  });

  it('reports matches in text order, glossary order within a position', () => {
    const [phrase] = analyze('Putin visited Hanoi and met To Lam about trade');
    const matches = findConcepts(phrase!, glossary);
    const order = matches.map((m) => [m.start, glossary.concepts.indexOf(m.concept)] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(order).toEqual(sorted);
  });
});
