import { Worker } from 'node:worker_threads';
import type { Passage } from '../domain.ts';
import { PARALLEL_KEYWORD_BUILD_HEAD_START, PARALLEL_KEYWORD_BUILD_MIN_PASSAGES } from '../limits.ts';
import { childLogger } from '../logger.ts';
import { loadGlossary, type Glossary } from '../retrieval/glossary.ts';
import { LexicalBuilder, LexicalIndex, type FlatPassageTerms, type PreviousLexical } from './lexical-index.ts';
import { SentenceStore, type SentenceStoreParts } from './sentence-store.ts';

const log = childLogger('index');

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
 * the text's phrases (docs/PERFORMANCE.md: tokenizing twice was a third of the lexical build). An update whose new
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

/** What the worker thread of a parallel build is given: its passages (only what the analysis reads) and the glossary. */
export interface KeywordHalfInput {
  passages: { text: string; meta: { lang: Passage['meta']['lang']; title: string } }[];
  glossary: Glossary;
}

/** What it sends back: its passages' analysis as plain data. */
export interface KeywordHalf {
  lexical: FlatPassageTerms;
  sentences: SentenceStoreParts;
}

/** The worker's side of a parallel build (also run on the main thread when the worker fails). */
export function analyseKeywordHalf(input: KeywordHalfInput): KeywordHalf {
  // Only text, language and title are read by a build without a previous generation.
  const passages = input.passages as unknown as Passage[];
  const lexical = new LexicalBuilder();
  const sentences = SentenceStore.buildWith(passages, undefined, input.glossary, (label, textPhrases) => lexical.add(passages[label]!, textPhrases));
  return { lexical: lexical.flatten(), sentences: sentences.parts() };
}

/**
 * `buildKeywordIndex` on two threads for a full build of at least `minPassages` passages: a worker thread analyses
 * the last passages (about half of the text, see PARALLEL_KEYWORD_BUILD_HEAD_START) while this thread analyses the first ones,
 * then the halves are joined, vocabularies in first-seen order, so the bytes are those of one thread
 * (`tests/index/keyword-build.test.ts`). The CPU time is the same; the wall-clock time falls to about half on an
 * idle second core. Should the worker fail, this thread analyses its half too (one warn line).
 */
export async function buildKeywordIndexInParallel(
  passages: readonly Passage[],
  previous?: PreviousKeyword,
  glossary: Glossary = loadGlossary(),
  minPassages = PARALLEL_KEYWORD_BUILD_MIN_PASSAGES,
): Promise<KeywordIndex> {
  if (previous || passages.length < Math.max(2, minPassages)) return buildKeywordIndex(passages, previous, glossary);
  const cut = workerCut(passages);
  const input: KeywordHalfInput = { passages: passages.slice(cut).map((p) => ({ text: p.text, meta: { lang: p.meta.lang, title: p.meta.title } })), glossary };
  const second = runWorker(input);
  // Analysed while the worker runs; the worker's answer waits in the event queue until this is done.
  const lexical = new LexicalBuilder();
  const first = SentenceStore.buildWith(passages.slice(0, cut), undefined, glossary, (label, textPhrases) => lexical.add(passages[label]!, textPhrases));
  let half: KeywordHalf;
  try {
    half = await second;
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'keyword build worker failed; analysing its passages on the main thread');
    half = analyseKeywordHalf(input);
  }
  lexical.addFlattened(half.lexical);
  const rest = SentenceStore.fromParts(half.sentences.terms, half.sentences.arrays, half.sentences.fingerprint);
  return { lexical: lexical.finish(), sentences: SentenceStore.concat(first, rest) };
}

/**
 * Where the worker's passages start: after half of the text plus half of PARALLEL_KEYWORD_BUILD_HEAD_START average
 * passages (the worker starts later), at least one passage on each side.
 */
function workerCut(passages: readonly Passage[]): number {
  let total = 0;
  for (const p of passages) total += p.text.length;
  const target = Math.min(total, (total + (PARALLEL_KEYWORD_BUILD_HEAD_START * total) / passages.length) / 2);
  let sum = 0;
  let cut = 0;
  while (cut < passages.length - 1 && sum < target) sum += passages[cut++]!.text.length;
  return Math.max(1, cut);
}

function runWorker(input: KeywordHalfInput): Promise<KeywordHalf> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./keyword-worker.mjs', import.meta.url), { workerData: input });
    let settled = false;
    worker.once('message', (half: KeywordHalf) => {
      settled = true;
      resolve(half);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`keyword build worker exited with code ${code} before answering`));
    });
  });
}
