import { sha256 } from '../hash.ts';
import type { Lang, Passage } from '../domain.ts';
import { MAX_PASSAGE_CHARS } from '../limits.ts';
import { splitSentences } from '../passages/sentences.ts';
import { createRng } from './random.ts';

/**
 * Larger corpora for the scale benchmark, made by recombining the real passages' sentences: the words, scripts,
 * sentence lengths and language mix stay those of the real corpus (which is what the lexical index and the
 * tokenizer's cost depend on), while the number of passages grows to 10k or 100k. Deterministic for a seed.
 */
export const SENTENCES_PER_SYNTHETIC_PASSAGE = { min: 1, max: 4 } as const;

export type SentenceSplitter = (text: string, lang: Lang) => { text: string }[];

export interface SyntheticCorpusOptions {
  count: number;
  seed: number;
  /** The corpus helper's splitter by default; injectable so that tests do not depend on it. */
  splitter?: SentenceSplitter;
}

interface SentencePool {
  lang: Lang;
  sentences: string[];
  /** Real passages of this language, whose metadata the synthetic ones borrow. */
  donors: Passage[];
}

function buildPools(source: readonly Passage[], splitter: SentenceSplitter): SentencePool[] {
  const byLang = new Map<Lang, SentencePool>();
  for (const passage of source) {
    const lang = passage.meta.lang;
    let pool = byLang.get(lang);
    if (!pool) {
      pool = { lang, sentences: [], donors: [] };
      byLang.set(lang, pool);
    }
    pool.donors.push(passage);
    for (const sentence of splitter(passage.text, lang)) {
      const text = sentence.text.trim();
      if (text) pool.sentences.push(text);
    }
  }
  // Sorted so that the output does not depend on the order the languages first appeared in.
  return [...byLang.values()].filter((p) => p.sentences.length > 0).sort((a, b) => a.lang.localeCompare(b.lang));
}

/**
 * `count` passages, each 1–4 sentences drawn from one language's pool of real sentences (languages in the
 * proportions of the source), never longer than MAX_PASSAGE_CHARS unless a single real sentence already is.
 */
export function synthesizePassages(source: readonly Passage[], options: SyntheticCorpusOptions): Passage[] {
  const pools = buildPools(source, options.splitter ?? splitSentences);
  if (pools.length === 0) throw new RangeError('cannot synthesise passages from a source with no sentences');
  const rng = createRng(options.seed);
  // Weighted by sentence count, so that the language mix follows the real corpus.
  const weights = pools.map((p) => p.sentences.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickPool = (): SentencePool => {
    let r = rng.next() * total;
    for (let i = 0; i < pools.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return pools[i] as SentencePool;
    }
    return pools[pools.length - 1] as SentencePool;
  };

  const span = SENTENCES_PER_SYNTHETIC_PASSAGE.max - SENTENCES_PER_SYNTHETIC_PASSAGE.min + 1;
  const out: Passage[] = [];
  for (let n = 0; n < options.count; n++) {
    const pool = pickPool();
    const wanted = SENTENCES_PER_SYNTHETIC_PASSAGE.min + rng.int(span);
    let text = rng.pick(pool.sentences);
    for (let s = 1; s < wanted; s++) {
      const next = `${text} ${rng.pick(pool.sentences)}`;
      if (next.length > MAX_PASSAGE_CHARS) break;
      text = next;
    }
    const donor = rng.pick(pool.donors);
    const docId = `synthetic-${n}`;
    out.push({
      id: `${docId}#0`,
      docId,
      text,
      start: 0,
      end: text.length,
      textHash: sha256(text),
      meta: { ...donor.meta, id: docId },
    });
  }
  return out;
}
