import type { Passage } from '../domain.ts';
import { loadGlossary, type Glossary } from '../retrieval/glossary.ts';
import { LexicalBuilder, LexicalIndex, type PreviousLexical } from './lexical-index.ts';
import { SentenceStore } from './sentence-store.ts';

/** What an update may reuse of the previous generation's keyword side (same order as its passages). */
export interface PreviousKeyword {
  passages: readonly Passage[];
  lexical: LexicalIndex;
  sentences?: SentenceStore | null;
}

export interface KeywordIndex {
  lexical: LexicalIndex;
  sentences: SentenceStore;
}

/**
 * The keyword side of an index: the lexical index and the sentence store of `passages`, the same bytes as
 * `LexicalIndex.build` and `SentenceStore.build` give. A full build tokenizes each passage's text once for both:
 * the sentence store analyses it sentence by sentence, and when the text cuts cleanly into its sentences those are
 * the text's phrases (docs/PERFORMANCE.md: tokenizing the text again was 60% of the lexical build). An update whose new
 * passages follow the previous ones takes the lexical index's appended path, which reads no old passage.
 */
export function buildKeywordIndex(passages: readonly Passage[], previous?: PreviousKeyword, glossary: Glossary = loadGlossary()): KeywordIndex {
  const previousLexical: PreviousLexical | undefined = previous && { index: previous.lexical, passages: previous.passages };
  const previousStore = previous?.sentences ? { store: previous.sentences, passages: previous.passages } : undefined;
  if (previousLexical) {
    return { lexical: LexicalIndex.build(passages, previousLexical), sentences: SentenceStore.build(passages, previousStore, glossary) };
  }
  const lexical = new LexicalBuilder();
  const sentences = SentenceStore.buildWith(passages, undefined, glossary, (label, textPhrases) => lexical.add(passages[label]!, textPhrases));
  return { lexical: lexical.finish(), sentences };
}
