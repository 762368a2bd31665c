import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyEventKinds, EVENT_KIND_PATTERN_SOURCES, mayNameEventKind, WORD_EDGE_ASSERTIONS } from '../../src/timeline/lexicon.ts';

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('mayNameEventKind', () => {
  it('is what the reasoning behind it needs: the kind patterns lose only their word edges, and have no other lookaround', () => {
    for (const source of EVENT_KIND_PATTERN_SOURCES) {
      const relaxed = source.replace(WORD_EDGE_ASSERTIONS, '');
      // Anything else that looks around would make a piece match where its sentence does not.
      expect(relaxed).not.toMatch(/\(\?<?[=!]/u);
      // A space in a pattern stands between two visible characters, so a match never starts or ends in whitespace.
      expect(relaxed).not.toMatch(/\\s|(?:^|\|) | (?:\||$)/u);
    }
  });

  it('holds for every sentence whose pieces name an event kind (property)', () => {
    // Pieces as the extractor cuts them: any slice of the sentence, cleaned, with an ellipsis at a cut.
    const word = fc.constantFrom('visit', 'thăm', 'xthămx', 'ký', 'thư ký', 'apec', 'APEC', 'elected', 'reelected', 'state', 'visit', 'talks', 'anniversary', 'menandai 75 tahun', 'вступил в должность', 'diplomatic', 'relations', 'ties', 'x', 'Nga', '1950');
    const space = fc.constantFrom(' ', '  ', '\n', ', ', '; ', '\u00a0', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, space), { maxLength: 12 }), fc.nat(), fc.nat(), (parts, x, y) => {
        const sentence = parts.map(([w, s]) => w + s).join('');
        const from = x % (sentence.length + 1);
        const to = from + (y % (sentence.length - from + 1));
        for (const piece of [clean(sentence.slice(from, to)), `…${clean(sentence.slice(from, to))}…`, sentence.slice(from, to)]) {
          if (classifyEventKinds(piece).length > 0) expect(mayNameEventKind(clean(sentence))).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('rules out sentences that name no event at all', () => {
    expect(mayNameEventKind('Vietnam Russia 1950 1950 1950')).toBe(false);
    expect(mayNameEventKind('Nga Việt Nam xthămx 1950')).toBe(true);
  });
});

describe('classifyEventKinds', () => {
  it('finds no kind in a text naming no event, and every kind a text names', () => {
    expect(classifyEventKinds('Vietnam Russia 1950')).toEqual([]);
    expect(classifyEventKinds('Putin paid a state visit and signed an agreement')).toEqual(['state-visit', 'visit', 'agreement']);
  });
});
