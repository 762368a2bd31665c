import type { Passage } from '../domain.ts';
import { textLengthOf } from './passage-store.ts';
import { BotError } from '../errors.ts';
import { BinaryFileReader, encodeBinaryFile, stringsBlob, type ArraySpec } from './binary-file.ts';
import { Bm25Shards, SEGMENT_WIDTH, type ShardOptions, type ShardStats } from './bm25-shards.ts';
import { TokenTermIds } from './token-ids.ts';
import { analyze, indexTerms, visitIndexTerms, type IndexTermVisitor, type Token } from '../text/tokenizer.ts';

export interface LexicalHit {
  /** Position in the passages array the index was built from. */
  label: number;
  /** BM25 score (unnormalised). */
  score: number;
  /** Normalised query terms that matched this passage. */
  terms: string[];
  /** The subset of `terms` found in the passage text itself (not only in its article title). */
  textTerms: string[];
}

/** One index term of an expanded query with its weight (1 = an ordinary query word). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/**
 * Bumped whenever the stored form or the tokenizer changes, so an old lexical file is rejected, not misread.
 * 2: compact postings in one binary file (was MiniSearch's JSON).
 */
export const LEXICAL_FORMAT_VERSION = 2;

/**
 * The article title is shared by every passage of the article: it says what the article is about but not which
 * paragraph answers, so it counts for less than the passage text.
 */
export const TITLE_BOOST = 0.4;

/** The fields in the order BM25 scores them, with their boosts. */
const FIELDS = ['text', 'title'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_BOOSTS: Record<Field, number> = { text: 1, title: TITLE_BOOST };
/** MiniSearch's default BM25 parameters, which this index kept when it moved off MiniSearch. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** First bytes of the stored form. */
const MAGIC = 'VRLX';

/**
 * One field's postings, term by term: `docs[offsets[t]..offsets[t+1]]` are the passages holding term t, ascending,
 * with their term frequencies in `tfs`. `lengths[doc]` is the number of distinct terms of the field in the passage.
 */
interface FieldPostings {
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint32Array;
  lengths: Uint32Array;
  avgLength: number;
}

/** A passage's terms in one field, as term ids with frequencies, in first-occurrence order. */
interface FieldTerms {
  ids: number[];
  tfs: number[];
}

/** What an update may reuse of a previous index: its passages (same order as its labels) and the index itself. */
export interface PreviousLexical {
  index: LexicalIndex;
  passages: readonly Passage[];
}

/**
 * BM25 over passage text and title with the multilingual tokenizer of `src/text`, on compact postings (typed arrays,
 * one entry per passage and term). It scores exactly as MiniSearch 7 did (the index's former engine), operation by
 * operation, so scores are bit-identical; `tests/index/lexical-direct-scoring.test.ts` compares both.
 *
 * Why not MiniSearch any more: its postings are a `Map` per term and field, so scoring cost one hash look-up per
 * posting, and at 10k passages a question's 30–60 expanded terms reach tens of thousands of postings (70% of a
 * keyword-only ask, see docs/PERFORMANCE.md); its stored form is JSON that takes seconds to parse at 100k.
 */
export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  /** The search's scoring (its scratch memory, its worker thread): made on first search. */
  private shards: Bm25Shards | null = null;
  private shardOptions: ShardOptions = {};
  private closed = false;

  private constructor(
    private readonly terms: string[],
    private readonly df: Uint32Array,
    private readonly fields: Record<Field, FieldPostings>,
    readonly size: number,
  ) {
    this.termIds = new Map();
    for (let i = 0; i < terms.length; i++) this.termIds.set(terms[i]!, i);
  }

  /**
   * Builds the index of `passages` (labels = positions). With `previous`, a passage whose text and title are
   * unchanged takes its terms from the previous index instead of being analysed again; the result is the same as
   * a build from nothing (same postings, same order, same scores).
   */
  static build(passages: readonly Passage[], previous?: PreviousLexical): LexicalIndex {
    if (previous && isAppendedTo(previous, passages)) return LexicalIndex.appended(previous.index, passages.slice(previous.passages.length));
    const builder = new LexicalBuilder();
    const reuse = previous ? previousTermsOf(previous) : null;
    for (const passage of passages) {
      const old = reuse?.(passage);
      if (old) builder.addReused(old);
      else builder.add(passage);
    }
    return builder.finish();
  }

  /** The index of passages' terms per field (labels = positions), numbered by `terms`: the end of a build. */
  static inverted(terms: string[], perDoc: Record<Field, readonly FieldTerms[]>): LexicalIndex {
    const termCount = terms.length;
    const size = perDoc.text.length;
    const fields = { text: invert(perDoc.text, termCount), title: invert(perDoc.title, termCount) };
    return new LexicalIndex(terms, documentFrequencies(fields, termCount, size), fields, size);
  }

  /**
   * The index of the previous passages followed by `added`: what a build from nothing gives (same term ids, postings,
   * lengths, running average and frequencies), in time linear in the postings instead of analysing and inverting
   * every passage again. Corpus files sort by name, which starts with the date, so a new article's passages are
   * usually appended to the previous list; any other change takes the general path.
   */
  private static appended(previous: LexicalIndex, added: readonly Passage[]): LexicalIndex {
    const vocabulary = Vocabulary.from(previous.terms);
    const titles = new Map<string, FieldTerms>();
    const perDoc: Record<Field, FieldTerms[]> = { text: [], title: [] };
    for (const passage of added) {
      const { text, title } = vocabulary.passageTerms(passage, titles);
      perDoc.text.push(text);
      perDoc.title.push(title);
    }
    const termCount = vocabulary.terms.length;
    const base = previous.size;
    const addedFields = { text: invert(perDoc.text, termCount), title: invert(perDoc.title, termCount) };
    const fields = {
      text: appendPostings(previous.fields.text, addedFields.text, base, termCount),
      title: appendPostings(previous.fields.title, addedFields.title, base, termCount),
    };
    const df = new Uint32Array(termCount);
    df.set(previous.df);
    const addedDf = documentFrequencies(addedFields, termCount, added.length);
    for (let t = 0; t < termCount; t++) df[t] = df[t]! + addedDf[t]!;
    return new LexicalIndex(vocabulary.terms, df, fields, base + added.length);
  }

  /** The stored form, written to `lexical.bin` (see binary-file.ts): a small JSON header, the vocabulary, then the typed arrays. */
  toBytes(): Uint8Array {
    const termsBlob = stringsBlob(this.terms);
    const arrays: Uint32Array[] = [this.df];
    for (const field of FIELDS) {
      const f = this.fields[field];
      arrays.push(f.offsets, f.docs, f.tfs, f.lengths);
    }
    const header: StoredHeader = {
      formatVersion: LEXICAL_FORMAT_VERSION,
      size: this.size,
      terms: this.terms.length,
      termsBytes: termsBlob.byteLength,
      postings: { text: this.fields.text.docs.length, title: this.fields.title.docs.length },
      avgLength: { text: this.fields.text.avgLength, title: this.fields.title.avgLength },
    };
    return encodeBinaryFile(MAGIC, header, termsBlob, arrays);
  }

  /**
   * Reads the stored form, checking every count, offset and passage id before anything searches it. `verified`:
   * the caller proved the bytes are the ones a build wrote (open.ts checks them against the manifest's sha256),
   * so the per-posting checks, 0.6 s at 100k passages, are skipped; the header and lengths are still checked.
   */
  static fromBytes(bytes: Uint8Array, options: { verified?: boolean } = {}): LexicalIndex {
    const file = BinaryFileReader.open(bytes, MAGIC, 'lexical index', corrupt);
    const header = file.header as Partial<StoredHeader>;
    if (header.formatVersion !== LEXICAL_FORMAT_VERSION) {
      throw corrupt(`format version ${String(header.formatVersion)}, expected ${LEXICAL_FORMAT_VERSION}`);
    }
    const [size, termCount, termsBytes] = [file.count('size'), file.count('terms'), file.count('termsBytes')];
    const postings = header.postings;
    if (!FIELDS.every((f) => Number.isSafeInteger(postings?.[f]) && postings![f] >= 0)) throw corrupt('counts missing or invalid');
    const avgLength = header.avgLength ?? {};
    if (!FIELDS.every((f) => typeof avgLength[f] === 'number' && Number.isFinite(avgLength[f]))) throw corrupt('average lengths missing');
    const terms = file.strings(termsBytes, termCount);
    const u32 = (length: number): ArraySpec => ({ type: 'u32', length });
    const specs = [u32(termCount), ...FIELDS.flatMap((f) => [u32(termCount + 1), u32(postings![f]), u32(postings![f]), u32(size)])];
    const arrays = file.arrays(termsBytes, specs) as Uint32Array[];
    const df = arrays[0]!;
    const fields = {} as Record<Field, FieldPostings>;
    FIELDS.forEach((field, i) => {
      const [offsets, docs, tfs, lengths] = arrays.slice(1 + 4 * i, 5 + 4 * i) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
      const stored = { offsets, docs, tfs, lengths, avgLength: avgLength[field]! };
      if (!options.verified) checkPostings(stored, size, field);
      fields[field] = stored;
    });
    return new LexicalIndex(terms, df, fields, size);
  }

  /** Passages containing `term` (an index term: unigram or bigram). */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.df[id]!;
  }

  /** Plain search: every index term of the query with weight 1. */
  search(query: string, limit = 50): LexicalHit[] {
    return this.searchTerms(
      indexTerms(query).map((term) => ({ term, weight: 1 })),
      limit,
    );
  }

  /**
   * Search with an expanded, weighted query (e.g. glossary variants at lower weight): OR of the terms, BM25 per
   * field, text then title summed per term, terms folded left in query order, × the number of matched terms,
   * best first; ties in the order the passages were first reached (query term, then field, then passage).
   */
  searchTerms(terms: WeightedTerm[], limit = 50): LexicalHit[] {
    const weights = termWeights(terms);
    // More than every passage is every passage (and sizes the result buffers).
    limit = Math.min(Math.floor(limit), this.size);
    if (weights.size === 0 || !(limit > 0)) return [];
    const queryTerms: { id: number; term: string; boost: number }[] = [];
    for (const [term, boost] of weights) {
      const id = this.termIds.get(term);
      if (id !== undefined) queryTerms.push({ id, term, boost });
    }
    // Per term and field, what the scoring kernel needs (bm25-shards.ts, SEGMENT_WIDTH): computed here, once, so
    // that whichever thread scores a passage uses the same doubles.
    const segmentCount = queryTerms.length * FIELDS.length;
    const segments = new Float64Array(segmentCount * SEGMENT_WIDTH);
    const totalCount = this.size;
    let postings = 0;
    for (let q = 0; q < queryTerms.length; q++) {
      const { id, boost } = queryTerms[q]!;
      FIELDS.forEach((field, f) => {
        const { offsets } = this.fields[field];
        const start = offsets[id]!;
        const end = offsets[id + 1]!;
        const matchingCount = end - start;
        const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
        segments.set([start, end, invDocFreq, boost * FIELD_BOOSTS[field]], (q * FIELDS.length + f) * SEGMENT_WIDTH);
        postings += matchingCount;
      });
    }
    const best = this.bm25().search(segments, segmentCount, limit, postings);
    const numericTerms = queryTerms.some((t) => isArrayIndexKey(t.term));
    const presence = this.presenceOf(best.docs, queryTerms);
    return best.docs.map((doc, i) => hitOf(doc, best.scores[i]!, queryTerms, presence, i, numericTerms));
  }

  /**
   * The search's scoring, made on first search: per field and passage, BM25's length normalisation
   * k·(1 − b + b·length/average), fixed for an index, in shared memory like the postings (a worker reads both).
   */
  private bm25(): Bm25Shards {
    if (this.shards === null) {
      const norms = FIELDS.map((field) => {
        const { lengths, avgLength } = this.fields[field];
        const out = new Float64Array(new SharedArrayBuffer(8 * this.size));
        for (let doc = 0; doc < this.size; doc++) out[doc] = BM25.k * (1 - BM25.b + (BM25.b * lengths[doc]!) / avgLength);
        return out;
      });
      const postings = {
        docs: FIELDS.map((f) => this.fields[f].docs),
        tfs: FIELDS.map((f) => this.fields[f].tfs),
        norms,
        size: this.size,
        k1: BM25.k + 1,
        d: BM25.d,
      };
      this.shards = new Bm25Shards(postings, this.shardOptions);
      if (this.closed) void this.shards.close();
    }
    return this.shards;
  }

  /**
   * Stops the search's worker thread, if one was started (an index replaced by a new generation, or an engine
   * closed). The index still answers, on the calling thread: a question that started before still completes.
   */
  close(): Promise<void> {
    this.closed = true;
    return this.shards?.close() ?? Promise.resolve();
  }

  /** The postings a search for `terms` reads (what BM25_PARALLEL_MIN_POSTINGS is compared with). */
  postingsOf(terms: readonly WeightedTerm[]): number {
    let postings = 0;
    for (const term of termWeights(terms).keys()) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      for (const field of FIELDS) postings += this.fields[field].offsets[id + 1]! - this.fields[field].offsets[id]!;
    }
    return postings;
  }

  /** How the searches so far shared their work between threads (null before the first search). */
  get searchStats(): ShardStats | null {
    return this.shards?.stats ?? null;
  }

  /**
   * How searches share their work from now on (tests force two threads with minPostings 0, or stall the worker); a
   * worker of the previous settings is stopped first.
   */
  async configureSearch(options: ShardOptions): Promise<Bm25Shards> {
    const previous = this.shards;
    this.shards = null;
    this.shardOptions = options;
    await previous?.close();
    return this.bm25();
  }

  /** The search's scoring and its statistics (tests, profiling). */
  get searchShards(): Bm25Shards {
    return this.bm25();
  }

  /**
   * Which query terms each of the best passages holds, and where: presence[i · terms + q] is IN_TEXT, IN_TITLE_ONLY
   * or 0. One walk per term and field over the passages in ascending order, galloping through the postings: a few
   * hundred passages against postings of tens of thousands at 100k passages.
   */
  private presenceOf(best: readonly number[], queryTerms: readonly { id: number }[]): Uint8Array {
    const n = queryTerms.length;
    const presence = new Uint8Array(best.length * n);
    const ascending = best.map((_, i) => i).sort((i, j) => best[i]! - best[j]!);
    for (let q = 0; q < n; q++) {
      const id = queryTerms[q]!.id;
      for (const field of FIELDS) {
        const mark = field === 'text' ? IN_TEXT : IN_TITLE_ONLY;
        const { offsets, docs } = this.fields[field];
        let at = offsets[id]!;
        const end = offsets[id + 1]!;
        for (const i of ascending) {
          if (at >= end) break;
          const doc = best[i]!;
          at = gallop(docs, at, end, doc);
          if (at < end && docs[at] === doc && presence[i * n + q] === 0) presence[i * n + q] = mark;
        }
      }
    }
    return presence;
  }

  /** Each passage's terms per field (term ids of this index), for an update that reuses them. */
  private forwardLists(): Record<Field, (doc: number) => FieldTerms> {
    const out = {} as Record<Field, (doc: number) => FieldTerms>;
    for (const field of FIELDS) {
      const { offsets, docs, tfs, lengths } = this.fields[field];
      // lengths[doc] is the number of distinct terms of the passage in this field: exactly its forward list's size.
      const starts = new Uint32Array(this.size + 1);
      for (let doc = 0; doc < this.size; doc++) starts[doc + 1] = starts[doc]! + lengths[doc]!;
      const fill = starts.slice(0, this.size);
      const ids = new Uint32Array(docs.length);
      const freqs = new Uint32Array(docs.length);
      for (let term = 0; term + 1 < offsets.length; term++) {
        for (let p = offsets[term]!; p < offsets[term + 1]!; p++) {
          const slot = fill[docs[p]!]!++;
          ids[slot] = term;
          freqs[slot] = tfs[p]!;
        }
      }
      out[field] = (doc) => ({ ids: Array.from(ids.subarray(starts[doc]!, starts[doc + 1]!)), tfs: Array.from(freqs.subarray(starts[doc]!, starts[doc + 1]!)) });
    }
    return out;
  }

  /** For PreviousLexical reuse: the vocabulary and forward lists, computed once per update. */
  static reusable(index: LexicalIndex): { terms: readonly string[]; forward: Record<Field, (doc: number) => FieldTerms> } {
    return { terms: index.terms, forward: index.forwardLists() };
  }
}

interface StoredHeader {
  formatVersion: number;
  size: number;
  terms: number;
  termsBytes: number;
  postings: Record<Field, number>;
  avgLength: Partial<Record<Field, number>>;
}

const IN_TEXT = 1;
const IN_TITLE_ONLY = 2;

/** The query terms a passage matched, in query order, and those found in its text. */
function hitOf(doc: number, score: number, queryTerms: readonly { term: string }[], presence: Uint8Array, row: number, numericTerms: boolean): LexicalHit {
  const matched: string[] = [];
  const inText: boolean[] = [];
  const n = queryTerms.length;
  for (let q = 0; q < n; q++) {
    const where = presence[row * n + q]!;
    if (where !== 0) {
      matched.push(queryTerms[q]!.term);
      inText.push(where === IN_TEXT);
    }
  }
  // Matched terms were reported as Object.keys of a record: array-index-like keys ("2025") first, ascending.
  const order = matched.map((_, i) => i);
  if (numericTerms && matched.some(isArrayIndexKey)) order.sort((i, j) => keyRank(matched[i]!, i) - keyRank(matched[j]!, j));
  return { label: doc, score, terms: order.map((i) => matched[i]!), textTerms: order.filter((i) => inText[i]).map((i) => matched[i]!) };
}

/** The first position in docs[from..end) holding a passage ≥ doc (end if none): exponential, then binary search. */
function gallop(docs: Uint32Array, from: number, end: number, doc: number): number {
  if (from >= end || docs[from]! >= doc) return from;
  let lo = from;
  let step = 1;
  while (lo + step < end && docs[lo + step]! < doc) {
    lo += step;
    step *= 2;
  }
  // docs[lo] < doc, and docs[hi] ≥ doc or hi = end.
  let hi = Math.min(lo + step, end);
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A full build, one passage at a time in label order. A caller that has already analysed a passage's text (the
 * sentence store's build, see `buildKeywordIndex`) hands its phrases over instead of having it tokenized again.
 */
export class LexicalBuilder {
  private readonly vocabulary = new Vocabulary();
  /** Every passage of an article has the same title: analysed once per build. */
  private readonly titles = new Map<string, FieldTerms>();
  private readonly perDoc: Record<Field, FieldTerms[]> = { text: [], title: [] };

  /** Adds the next passage; `textPhrases` must be what `analyze(passage.text)` gives. */
  add(passage: Passage, textPhrases: readonly Token[][] | null = null): void {
    this.perDoc.text.push(this.vocabulary.countPhrases(textPhrases ?? analyze(passage.text)));
    let title = this.titles.get(passage.meta.title);
    if (title === undefined) {
      title = this.vocabulary.countPhrases(analyze(passage.meta.title));
      this.titles.set(passage.meta.title, title);
    }
    this.perDoc.title.push(title);
  }

  /** Adds the next passage with its terms from a previous index. */
  addReused(old: { text: FieldTerms; title: FieldTerms; vocabulary: readonly string[] }): void {
    this.perDoc.text.push(this.vocabulary.remap(old.text, old.vocabulary));
    this.perDoc.title.push(this.vocabulary.remap(old.title, old.vocabulary));
  }

  finish(): LexicalIndex {
    return LexicalIndex.inverted(this.vocabulary.terms, this.perDoc);
  }
}

/** Term ids in first-seen order across a build. */
class Vocabulary extends TokenTermIds {

  /** A vocabulary that starts with `terms`, with their ids (an appended build goes on from a previous one). */
  static from(terms: readonly string[]): Vocabulary {
    const vocabulary = new Vocabulary();
    for (const term of terms) vocabulary.idOf(term);
    return vocabulary;
  }
  /** Per previous vocabulary, its term ids mapped to this one's (-1: not seen yet). */
  private readonly remaps = new WeakMap<readonly string[], Int32Array>();

  /** A passage's text and title terms. Every passage of an article has the same title: analysed once per `titles`. */
  passageTerms(passage: Passage, titles: Map<string, FieldTerms>): { text: FieldTerms; title: FieldTerms } {
    const text = this.countPhrases(analyze(passage.text));
    let title = titles.get(passage.meta.title);
    if (title === undefined) {
      title = this.countPhrases(analyze(passage.meta.title));
      titles.set(passage.meta.title, title);
    }
    return { text, title };
  }

  /** Per id, the field being counted when it was last seen (`counts`), and its slot in that field's lists. */
  private countedIn = new Int32Array(1 << 16).fill(-1);
  private slotOf = new Int32Array(1 << 16);
  private counts = 0;
  private counting: FieldTerms = { ids: [], tfs: [] };
  private readonly counter: IndexTermVisitor = {
    word: (token) => {
      this.countTerm(this.termId(token));
      if (token.exact !== null) this.countTerm(this.exactId(token));
    },
    pair: (a, b) => this.countTerm(this.pairId(a, b)),
  };

  /**
   * A field's index terms (those `indexTerms` gives for the text of `phrases`) with their frequencies, in
   * first-occurrence order (the number of them is the field length). Ids and bigrams come from the tokens, without
   * building a bigram's string per occurrence.
   */
  countPhrases(phrases: readonly Token[][]): FieldTerms {
    this.counting = { ids: [], tfs: [] };
    this.counts++;
    visitIndexTerms(phrases, this.counter);
    return this.counting;
  }

  private countTerm(id: number): void {
    if (id >= this.countedIn.length) {
      const length = Math.max(2 * this.countedIn.length, id + 1);
      const countedIn = new Int32Array(length).fill(-1);
      countedIn.set(this.countedIn);
      const slotOf = new Int32Array(length);
      slotOf.set(this.slotOf);
      [this.countedIn, this.slotOf] = [countedIn, slotOf];
    }
    const out = this.counting;
    if (this.countedIn[id] === this.counts) {
      out.tfs[this.slotOf[id]!]!++;
      return;
    }
    this.countedIn[id] = this.counts;
    this.slotOf[id] = out.ids.length;
    out.ids.push(id);
    out.tfs.push(1);
  }

  remap(old: FieldTerms, oldTerms: readonly string[]): FieldTerms {
    let map = this.remaps.get(oldTerms);
    if (map === undefined) {
      map = new Int32Array(oldTerms.length).fill(-1);
      this.remaps.set(oldTerms, map);
    }
    const ids: number[] = [];
    for (const oldId of old.ids) {
      let id = map[oldId]!;
      if (id < 0) {
        id = this.idOf(oldTerms[oldId]!);
        map[oldId] = id;
      }
      ids.push(id);
    }
    return { ids, tfs: old.tfs };
  }
}

/** Postings of one field from each passage's terms (passages in label order, so each term's list is ascending). */
function invert(perDoc: readonly FieldTerms[], termCount: number): FieldPostings {
  const offsets = new Uint32Array(termCount + 1);
  const lengths = new Uint32Array(perDoc.length);
  let avgLength = 0;
  perDoc.forEach((doc, label) => {
    for (const id of doc.ids) offsets[id + 1]!++;
    lengths[label] = doc.ids.length;
    // MiniSearch's running average, operation for operation, so that BM25 scores stay bit-identical.
    avgLength = (avgLength * label + doc.ids.length) / (label + 1);
  });
  for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
  const total = offsets[termCount]!;
  const docs = new Uint32Array(total);
  const tfs = new Uint32Array(total);
  const fill = offsets.slice(0, termCount);
  perDoc.forEach((doc, label) => {
    const { ids, tfs: freqs } = doc;
    for (let i = 0; i < ids.length; i++) {
      const slot = fill[ids[i]!]!++;
      docs[slot] = label;
      tfs[slot] = freqs[i]!;
    }
  });
  return { offsets, docs, tfs, lengths, avgLength };
}

/**
 * Postings of `base` previous passages followed by those of passages appended after them (`added` numbers them from
 * 0): per term the previous list, then the added one shifted by `base`, so each stays ascending. The running average
 * of field lengths goes on from the previous one, operation for operation as `invert` computes it over all passages.
 */
function appendPostings(previous: FieldPostings, added: FieldPostings, base: number, termCount: number): FieldPostings {
  const previousTerms = previous.offsets.length - 1;
  const offsets = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) {
    const before = t < previousTerms ? previous.offsets[t + 1]! - previous.offsets[t]! : 0;
    offsets[t + 1] = offsets[t]! + before + (added.offsets[t + 1]! - added.offsets[t]!);
  }
  const total = offsets[termCount]!;
  const docs = new Uint32Array(total);
  const tfs = new Uint32Array(total);
  for (let t = 0; t < termCount; t++) {
    let at = offsets[t]!;
    if (t < previousTerms) {
      const from = previous.offsets[t]!;
      const to = previous.offsets[t + 1]!;
      docs.set(previous.docs.subarray(from, to), at);
      tfs.set(previous.tfs.subarray(from, to), at);
      at += to - from;
    }
    for (let p = added.offsets[t]!; p < added.offsets[t + 1]!; p++) {
      docs[at] = base + added.docs[p]!;
      tfs[at++] = added.tfs[p]!;
    }
  }
  const lengths = new Uint32Array(base + added.lengths.length);
  lengths.set(previous.lengths.subarray(0, base));
  lengths.set(added.lengths, base);
  let avgLength = previous.avgLength;
  for (let label = base; label < lengths.length; label++) avgLength = (avgLength * label + lengths[label]!) / (label + 1);
  return { offsets, docs, tfs, lengths, avgLength };
}

/** `passages` begins with the previous index's passages, in their order, text and title unchanged. */
function isAppendedTo(previous: PreviousLexical, passages: readonly Passage[]): boolean {
  const old = previous.passages;
  if (old.length !== previous.index.size || old.length === 0 || passages.length < old.length) return false;
  for (let i = 0; i < old.length; i++) if (contentKey(old[i]!) !== contentKey(passages[i]!)) return false;
  return true;
}

/** Passages holding each term in text or title. */
function documentFrequencies(fields: Record<Field, FieldPostings>, termCount: number, size: number): Uint32Array {
  const df = new Uint32Array(termCount);
  const seen = new Int32Array(size).fill(-1);
  for (let t = 0; t < termCount; t++) {
    let n = 0;
    for (const field of FIELDS) {
      const { offsets, docs } = fields[field];
      for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
        if (seen[docs[p]!] !== t) {
          seen[docs[p]!] = t;
          n++;
        }
      }
    }
    df[t] = n;
  }
  return df;
}

/** How a build finds, for a passage, its terms in a previous index: same text and same title. */
function previousTermsOf(previous: PreviousLexical): (passage: Passage) => { text: FieldTerms; title: FieldTerms; vocabulary: readonly string[] } | undefined {
  if (previous.passages.length !== previous.index.size) return () => undefined;
  const byContent = new Map<string, number>();
  previous.passages.forEach((p, label) => byContent.set(contentKey(p), label));
  let reusable: ReturnType<typeof LexicalIndex.reusable> | null = null;
  return (passage) => {
    const label = byContent.get(contentKey(passage));
    if (label === undefined) return undefined;
    reusable ??= LexicalIndex.reusable(previous.index);
    return { text: reusable.forward.text(label), title: reusable.forward.title(label), vocabulary: reusable.terms };
  };
}

function contentKey(passage: Passage): string {
  return `${passage.textHash}\u0000${textLengthOf(passage)}\u0000${passage.meta.title}`;
}

function checkPostings(f: FieldPostings, size: number, field: Field): void {
  const { offsets, docs, tfs, lengths } = f;
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== docs.length) throw corrupt(`${field} offsets do not span the postings`);
  for (let t = 0; t + 1 < offsets.length; t++) {
    if (offsets[t + 1]! < offsets[t]!) throw corrupt(`${field} offsets go backwards`);
    for (let p = offsets[t]! + 1; p < offsets[t + 1]!; p++) if (docs[p]! <= docs[p - 1]!) throw corrupt(`${field} postings out of order`);
  }
  for (let p = 0; p < docs.length; p++) {
    if (docs[p]! >= size) throw corrupt(`${field} postings name passage ${docs[p]}, outside its ${size}`);
    if (tfs[p]! === 0) throw corrupt(`${field} postings hold a zero frequency`);
  }
  // A passage's field length is its number of distinct terms, i.e. of its postings in the field.
  const perDoc = new Uint32Array(size);
  for (let p = 0; p < docs.length; p++) perDoc[docs[p]!]!++;
  for (let doc = 0; doc < size; doc++) if (lengths[doc] !== perDoc[doc]) throw corrupt(`${field} length of passage ${doc} does not match its postings`);
}

/** Each usable query term once, at its highest weight, in first-occurrence order. */
/**
 * The terms of a query that searchTerms looks up (and so may report in a hit's `terms`): the others (empty, with a
 * space, of weight ≤ 0) are skipped.
 */
export function searchedTerms(terms: readonly WeightedTerm[]): Set<string> {
  return new Set(termWeights(terms).keys());
}

function termWeights(terms: readonly WeightedTerm[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of terms) {
    if (term.length === 0 || term.includes(' ') || weight <= 0) continue;
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return weights;
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndexKey(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

/** Index-like keys by value, before every other key in insertion order. */
function keyRank(key: string, insertion: number): number {
  return isArrayIndexKey(key) ? Number(key) - 2 ** 33 : insertion;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `lexical index is unreadable: ${reason}`, { cause });
}
