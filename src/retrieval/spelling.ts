/**
 * Questions typed with a slip ("Misustin", "ambasador", "navigsi") name things the corpus holds under another
 * spelling. Serves the class "typed as users type": a word the corpus and the glossary do not know, long enough
 * that one edit rarely turns one real word into another, is replaced by the known word one edit away. Pure, given
 * the two look-ups.
 */
import type { SimilarTerm } from '../index/lexical-index.ts';
import { hasCyrillic } from '../text/normalize.ts';
import { analyze, WORD } from '../text/tokenizer.ts';

/** Words shorter than this are never corrected: one edit turns short words into other real words. */
export const MIN_CORRECTED_LENGTH = 6;
/** At most one edit (insertion, deletion or substitution). */
export const MAX_CORRECTION_EDITS = 1;

export interface SpellingLookup {
  /** The term is in the index or the glossary. */
  known(term: string): boolean;
  /** Index words within `maxEdits` edits of the term, with their document frequency. */
  similar(term: string, maxEdits: number): SimilarTerm[];
}

/** The question with unknown long words replaced by their closest known spelling; unchanged when none is close. */
export function correctSpelling(question: string, lookup: SpellingLookup): string {
  return question.replace(WORD, (word) => {
    if (hasCyrillic(word) || /\p{N}/u.test(word)) return word;
    const token = analyze(word)[0]?.[0];
    if (token === undefined || token.stop || token.term.length < MIN_CORRECTED_LENGTH || lookup.known(token.term)) return word;
    const best = lookup
      .similar(token.term, MAX_CORRECTION_EDITS)
      .sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1))[0];
    if (best === undefined) return word;
    // A capital marks a name (see namedTerms): keep it.
    return /^\p{Lu}/u.test(word) ? best.term.charAt(0).toUpperCase() + best.term.slice(1) : best.term;
  });
}
