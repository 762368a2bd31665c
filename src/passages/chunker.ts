import { sha256 } from '../hash.ts';
import { isHeadlineLike, wordCount } from '../corpus/clutter.ts';
import type { CorpusDocument, Passage, TextBlock } from '../domain.ts';
import { MAX_PASSAGE_CHARS } from '../limits.ts';
import { collapseWhitespace } from '../text/normalize.ts';
import { splitSentences, trimSpan } from './sentences.ts';

/**
 * Bumped whenever passage splitting changes — including the clutter rules in src/corpus/clutter.ts and the sentence
 * splitter, which change passages without changing any corpus file — so that the index manifest sees old indexes
 * as stale. Also bumped when the tokenizer's stems or stop words change (src/text/*): index terms change with them.
 */
export const CHUNKER_VERSION = 5;
// 5: both version-4 changes together (merge of the two branches that each made a version 4).
// 4 (retrieval): Latin tokens are stemmed by Snowball's English stemmer (src/text/stem.ts) instead of the light hand
// rule. 4 (limits): those windows are smaller (SMALL_WINDOW_CHARS first). Texts up to SEGMENT_WINDOW_CHARS split as
// in version 3.
// 3: sentences of texts over SEGMENT_WINDOW_CHARS are found a window at a time, and the timeline cuts sentences
// over MAX_TIMELINE_SENTENCE_CHARS. Shorter texts (every real article) split exactly as in version 2.

/**
 * A passage is what a user sees quoted under an answer and what the embedder sees, so it should be a complete
 * thought: a few sentences of one paragraph. Two to four sentences; past SOFT_TARGET_CHARS a passage of two or more
 * sentences is closed; MAX_PASSAGE_CHARS is never exceeded.
 */
const MAX_SENTENCES_PER_PASSAGE = 4;
const MIN_SENTENCES_BEFORE_SOFT_CLOSE = 2;
const SOFT_TARGET_CHARS = 450;
/** A lone short last sentence is folded into the previous passage instead of standing alone. */
const SHORT_TAIL_CHARS = 160;
/** An over-long sentence is cut at the last clause boundary after this share of the limit. */
const MIN_CLAUSE_CUT_SHARE = 0.4;

interface Span {
  start: number;
  end: number;
}

/** A bare "2024" or "Phần 2" is a label, not a fact. */
const MIN_FACTUAL_HEADING_WORDS = 4;

/**
 * Headings ("Kerjasama yang saling menguntungkan") are not made into passages: they repeat what the paragraph
 * below them says, carry no sentence to quote, and as short texts they win lexical matches while answering
 * nothing. A heading holding a figure ("Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1") states a fact — a date,
 * a count — and is kept.
 */
export function isPassageWorthy(block: TextBlock): boolean {
  if (!isHeadlineLike(block.text)) return true;
  return /\d/u.test(block.text) && wordCount(block.text) >= MIN_FACTUAL_HEADING_WORDS;
}

/** Clause separators in order of preference: a cut after "; " reads better than one after ", ". */
const CLAUSE_SEPARATORS = [/[;；]\s/gu, /[:：]\s/gu, /\s[—–-]\s/gu, /,\s/gu, /\s/gu];

/** Cuts a sentence longer than MAX_PASSAGE_CHARS at clause boundaries (or, failing that, at a space). */
export function splitLongSpan(body: string, span: Span, maxChars = MAX_PASSAGE_CHARS): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const window = body.slice(start, start + maxChars);
    const minCut = Math.floor(maxChars * MIN_CLAUSE_CUT_SHARE);
    let cut = -1;
    for (const separator of CLAUSE_SEPARATORS) {
      for (const match of window.matchAll(separator)) {
        const after = match.index + match[0].trimEnd().length;
        if (after >= minCut) cut = after;
      }
      if (cut > 0) break;
    }
    if (cut <= 0) cut = maxChars; // one unbroken token longer than the limit: nothing better exists
    pieces.push(trimSpan(body, { start, end: start + cut }));
    start += cut;
    while (start < span.end && /\s/u.test(body[start]!)) start++;
  }
  if (start < span.end) pieces.push(trimSpan(body, { start, end: span.end }));
  return pieces.filter((piece) => piece.end > piece.start);
}

/** Groups consecutive sentence spans of one block into passage spans. */
export function groupSentences(sentences: Span[], maxChars = MAX_PASSAGE_CHARS): Span[] {
  const groups: { start: number; end: number; count: number }[] = [];
  for (const sentence of sentences) {
    const current = groups.at(-1);
    const fits =
      current !== undefined &&
      sentence.end - current.start <= maxChars &&
      current.count < MAX_SENTENCES_PER_PASSAGE &&
      !(current.count >= MIN_SENTENCES_BEFORE_SOFT_CLOSE && current.end - current.start >= SOFT_TARGET_CHARS);
    if (fits) {
      current.end = sentence.end;
      current.count++;
    } else {
      groups.push({ start: sentence.start, end: sentence.end, count: 1 });
    }
  }
  const last = groups.at(-1);
  const beforeLast = groups.at(-2);
  if (
    last &&
    beforeLast &&
    last.count === 1 &&
    last.end - last.start < SHORT_TAIL_CHARS &&
    last.end - beforeLast.start <= maxChars
  ) {
    beforeLast.end = last.end;
    groups.pop();
  }
  return groups.map(({ start, end }) => ({ start, end }));
}


/**
 * Splits a document's content blocks into quotable passages with character offsets into `doc.body`.
 * A passage never crosses a block. `passage.text` is `doc.body.slice(start, end)` with each run of whitespace
 * collapsed to one space (identical to the slice for the usual one-line paragraph).
 * Ids are `${docId}#${n}`, n counting from 1 in document order.
 */
export function splitIntoPassages(doc: CorpusDocument): Passage[] {
  const passages: Passage[] = [];
  for (const block of doc.blocks) {
    if (!isPassageWorthy(block)) continue;
    const blockText = doc.body.slice(block.start, block.end);
    const sentences = splitSentences(blockText, doc.meta.lang).flatMap((sentence) =>
      splitLongSpan(doc.body, { start: block.start + sentence.start, end: block.start + sentence.end }),
    );
    for (const span of groupSentences(sentences)) {
      const text = collapseWhitespace(doc.body.slice(span.start, span.end));
      if (text.length === 0) continue;
      passages.push({
        id: `${doc.meta.id}#${passages.length + 1}`,
        docId: doc.meta.id,
        text,
        start: span.start,
        end: span.end,
        textHash: sha256(text),
        meta: doc.meta,
      });
    }
  }
  return passages;
}
