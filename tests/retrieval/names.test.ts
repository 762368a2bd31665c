import { describe, expect, it } from 'vitest';
import { namedTerms } from '../../src/retrieval/query.ts';
import { unitWeights } from '../../src/retrieval/relevance.ts';
import { contentTerms } from '../../src/text/tokenizer.ts';

describe('names in questions', () => {
  it('keeps "US" in capitals as the country instead of the stop word "us"', () => {
    expect(contentTerms('Vietnam and the US')).toContain('usa');
    expect(contentTerms('Vietnam and the U.S. signed')).toContain('usa');
    expect(contentTerms('Did Putin tell us anything?')).not.toContain('usa');
  });

  it('marks capitalised words inside a sentence as names, but not the first word of a sentence', () => {
    const names = namedTerms('When did Vietnam and Japan sign? Which treaty did Kim propose');
    expect(names.has('japan')).toBe(true);
    expect(names.has('kim')).toBe(true);
    expect(names.has('vietnam')).toBe(true);
    expect(names.has('when')).toBe(false);
    expect(names.has('which')).toBe(false);
    expect(names.has('sign')).toBe(false);
  });

  it('weighs a name the corpus never mentions more than an unknown ordinary word', () => {
    const unit = (named: boolean) => ({ label: 'x', conceptId: null, cyrillic: false, named, anchors: [['x']] });
    const [name, word] = unitWeights([unit(true), unit(false)], () => 0, 100);
    expect(name!).toBeGreaterThan(word!);
  });
});
