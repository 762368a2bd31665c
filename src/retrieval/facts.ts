import type { Token } from '../text/tokenizer.ts';
import { YEAR_FACT } from './diversify.ts';
import type { Glossary } from './glossary.ts';
import { findConcepts } from './query.ts';

/**
 * What a passage states, language-independently (see Candidate.facts): the glossary concepts its analysed phrases
 * mention and the years they hold. Computed at build time by the sentence store, at question time when the store
 * was made with another glossary.
 */
export function factsOf(phrases: readonly Token[][], glossary: Glossary): Set<string> {
  const found = new Set<string>();
  for (const phrase of phrases) {
    for (const match of findConcepts(phrase as Token[], glossary)) found.add(match.concept.id);
    for (const token of phrase) if (YEAR_FACT.test(token.term)) found.add(token.term);
  }
  return found;
}
