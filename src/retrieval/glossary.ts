import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../domain.ts';
import { BotError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { analyze, bigrams, type Token } from '../text/tokenizer.ts';

/**
 * The glossary maps one concept (a topic, person, place or body the corpus talks about) to the words used for it in
 * each language, so that a question in one language finds passages written in another. It is data, kept beside the
 * corpus in `corpus/glossary.json`.
 */
const termList = z.array(z.string().trim().min(1)).min(1);
export const glossarySchema = z.object({
  version: z.literal(1),
  concepts: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'expected a kebab-case id'),
        kind: z.enum(['topic', 'person', 'place', 'body']),
        terms: z.object({ en: termList, vi: termList, id: termList, ru: termList }),
      }),
    )
    .min(1),
});
export type GlossaryData = z.infer<typeof glossarySchema>;

/** One written form of a concept, analysed once with the same tokenizer as queries and passages. */
export interface ConceptVariant {
  lang: Lang;
  text: string;
  tokens: Token[];
  /** Content unigrams (index terms), accent-preserving where the variant is accented. */
  unigrams: string[];
  bigrams: string[];
}

export interface Concept {
  id: string;
  kind: 'topic' | 'person' | 'place' | 'body';
  variants: ConceptVariant[];
}

export interface Glossary {
  concepts: Concept[];
}

export const DEFAULT_GLOSSARY_PATH = fileURLToPath(new URL('../../corpus/glossary.json', import.meta.url));

export function parseGlossary(json: unknown): Glossary {
  const result = glossarySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BotError('CORPUS_INVALID', `glossary is invalid:\n  ${problems.join('\n  ')}`, { details: problems });
  }
  const ids = new Set<string>();
  const concepts: Concept[] = [];
  for (const concept of result.data.concepts) {
    if (ids.has(concept.id)) throw new BotError('CORPUS_INVALID', `glossary: duplicate concept id ${concept.id}`);
    ids.add(concept.id);
    const variants: ConceptVariant[] = [];
    for (const lang of LANGUAGES) {
      for (const text of concept.terms[lang]) {
        const phrases = analyze(text);
        const tokens = phrases.flat();
        if (tokens.length === 0) continue;
        variants.push({
          lang,
          text,
          tokens,
          unigrams: tokens.filter((t) => !t.stop).map((t) => t.exact ?? t.term),
          bigrams: phrases.flatMap((p) => bigrams(p)),
        });
      }
    }
    concepts.push({ id: concept.id, kind: concept.kind, variants });
  }
  return { concepts };
}

const cache = new Map<string, Glossary>();

/** Loads and validates the glossary once per path. */
export function loadGlossary(path: string = DEFAULT_GLOSSARY_PATH): Glossary {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BotError('CORPUS_INVALID', `glossary unreadable at ${path}`, { cause: error });
  }
  const glossary = parseGlossary(json);
  cache.set(path, glossary);
  return glossary;
}

const fingerprints = new WeakMap<Glossary, string>();

/**
 * A hash of everything concept matching reads of a glossary: each concept's id and kind and each variant's analysed
 * tokens (so a tokenizer change changes it too). Facts stored at build time are used only with a glossary of the
 * same fingerprint; with another, retrieval computes them again.
 */
export function glossaryFingerprint(glossary: Glossary): string {
  let fingerprint = fingerprints.get(glossary);
  if (fingerprint === undefined) {
    const read = glossary.concepts.map((c) => [c.id, c.kind, c.variants.map((v) => [v.lang, v.tokens.map((t) => [t.term, t.key, t.stop, t.cyrillic, t.exact])])]);
    fingerprint = sha256(JSON.stringify(read));
    fingerprints.set(glossary, fingerprint);
  }
  return fingerprint;
}

const wordLanguages = new WeakMap<Glossary, ReadonlyMap<string, readonly Lang[]>>();

/**
 * The languages whose terms hold each word of the glossary: "putin", "hanoi", "brics" are written alike in several
 * languages (names and acronyms, which say nothing about a question's language), "russia" only in English and
 * "kunjungan" only in Indonesian (which do). See detectLanguage.
 */
export function glossaryWordLanguages(glossary: Glossary): ReadonlyMap<string, readonly Lang[]> {
  let words = wordLanguages.get(glossary);
  if (words === undefined) {
    const found = new Map<string, Set<Lang>>();
    for (const concept of glossary.concepts) {
      for (const variant of concept.variants) {
        for (const word of variant.text.normalize('NFC').toLowerCase().match(/\p{L}+/gu) ?? []) {
          let langs = found.get(word);
          if (!langs) found.set(word, (langs = new Set()));
          langs.add(variant.lang);
        }
      }
    }
    words = new Map([...found].map(([word, langs]) => [word, LANGUAGES.filter((lang) => langs.has(lang))]));
    wordLanguages.set(glossary, words);
  }
  return words;
}
