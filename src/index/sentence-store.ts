import type { Passage } from '../domain.ts';
import { textLengthOf } from './passage-store.ts';
import { BotError } from '../errors.ts';
import { splitSentences, type SentenceSpan } from '../passages/sentences.ts';
import { typedParts, type TypedParts } from '../retrieval/answer-type.ts';
import { entityMentions, type EntityKind, type KindedMention } from '../retrieval/entities.ts';
import { YEAR_FACT } from '../retrieval/diversify.ts';
import { factsOf } from '../retrieval/facts.ts';
import { glossaryFingerprint, loadGlossary, type Glossary } from '../retrieval/glossary.ts';
import { analysisForm, analyze, analyzeForm, BIGRAM_JOINER, EXACT_PREFIX, indexTerms, PHRASE_BREAK_CHARS, visitIndexTerms, WORD, type IndexTermVisitor, type Token } from '../text/tokenizer.ts';
import { BinaryFileReader, checkIds, checkOffsets, encodeBinaryFile, stringsBlob, type ArraySpec, type StoredArray } from './binary-file.ts';
import { TokenTermIds } from './token-ids.ts';

/**
 * What retrieval reads of each passage that does not depend on the question, analysed at build time and stored in
 * the generation (`sentences.bin`): the passage's sentences (offsets in its text) with each sentence's index terms,
 * dates and numbers (`typedParts`) and names (`entityMentions`); the passage's content words (diversification's
 * word overlap) and facts (concept ids and years, valid for the glossary whose fingerprint the file names). At
 * 10k–100k passages almost every question meets candidates nobody analysed yet, and that analysis was most of a
 * keyword-only ask (docs/PERFORMANCE.md). Everything is what the question-time functions give, in the same order.
 *
 * Memory: one shared vocabulary, and per passage, sentence, part, mention and word only offsets and term ids in
 * typed arrays; nothing is decoded until retrieval asks for a candidate.
 */
export interface StoredSentence {
  start: number;
  end: number;
  /** Distinct index terms of the sentence, in first-occurrence order. */
  terms: string[];
  /** Position in the store: what typedParts() and mentions() take. */
  id: number;
}

/**
 * 2: sentences' dates, numbers and names, passages' content words (when they are not the sentences' words) and
 * facts with the glossary's fingerprint, in the layout of binary-file.ts.
 * 3: every passage's content words stored, and its facts, as ascending distinct ids (diversification merges them
 * as they are: no decode, filter, sort or string set per candidate and question).
 */
export const SENTENCE_FORMAT_VERSION = 3;
const MAGIC = 'VRSN';

/** Kinds of typedParts, in TypedParts' field order. */
const PART_KINDS = ['years', 'daysOrMonths', 'numbers'] as const satisfies readonly (keyof TypedParts)[];
const ENTITY_KINDS = ['person', 'place', 'organisation', 'name'] as const satisfies readonly EntityKind[];
/**
 * Per-passage flag: its text does not cut cleanly into its sentences, so its content words are those of its whole
 * text, not its sentences' single words (since format 3 every passage's content words are stored either way).
 */
const OWN_CONTENT = 1;
/**
 * Per-passage flag: its sentences' terms may include some that its text's index terms do not (it does not cut
 * cleanly into phrases at its sentence ends), so they may be missing from the lexical index's vocabulary.
 */
const TERMS_BEYOND_TEXT = 2;
const KNOWN_FLAGS = OWN_CONTENT | TERMS_BEYOND_TEXT;

/** A list of lists: `starts` (one more than the lists) into `values`. */
interface Ragged {
  starts: Uint32Array;
  values: Uint32Array;
}

/** The arrays of the store, in their order in the file. */
interface Arrays {
  /** Per passage, its sentences. */
  passageSentences: Uint32Array;
  /** Per passage, OWN_CONTENT and TERMS_BEYOND_TEXT bits. */
  passageFlags: Uint8Array;
  /** Per passage, its content word ids, ascending and distinct. */
  content: Ragged;
  /** Per passage, its fact ids, ascending. */
  facts: Ragged;
  /** Per sentence, start and end offsets in the passage text. */
  bounds: Uint32Array;
  /** Per sentence, its term ids. */
  sentenceTerms: Ragged;
  /** Per sentence, its typed parts; per part, its kind (index in PART_KINDS) and term ids. */
  sentenceParts: Uint32Array;
  partKinds: Uint8Array;
  partTerms: Ragged;
  /** Per sentence, its mentions; per mention, kind and inner kind (indexes in ENTITY_KINDS) and words; per word, term ids. */
  sentenceMentions: Uint32Array;
  mentionKinds: Uint8Array;
  mentionWords: Uint32Array;
  wordTerms: Ragged;
}

export class SentenceStore {
  /** Per vocabulary id, 1 when it is a year, -1 when not, 0 not looked at yet (see isYearFact). */
  private yearFact: Int8Array | null = null;
  /** Per term, its vocabulary id; built on first use (a question's terms are looked up as ids). */
  private idsByTerm: Map<string, number> | null = null;

  private constructor(
    private readonly terms: string[],
    private readonly a: Arrays,
    /** glossaryFingerprint of the glossary the facts were found with. */
    readonly glossaryFingerprint: string,
  ) {}

  get size(): number {
    return this.a.passageSentences.length - 1;
  }

  /**
   * `previous` (same order as its passages) lends its analysis to passages whose text and language are unchanged;
   * their facts too when it was built with the same glossary. `glossary` defaults to the one retrieval loads.
   */
  static build(passages: readonly Passage[], previous?: { store: SentenceStore; passages: readonly Passage[] }, glossary: Glossary = loadGlossary()): SentenceStore {
    return SentenceStore.buildWith(passages, previous, glossary, () => undefined);
  }

  /**
   * `build`, handing each passage's text phrases (what `analyze(passage.text)` gives) to `analysed` as soon as they
   * are known, in passage order, or null for a passage copied from `previous` (not analysed again): a full keyword
   * build tokenizes each text once for this store and the lexical index (`buildKeywordIndex`).
   */
  static buildWith(
    passages: readonly Passage[],
    previous: { store: SentenceStore; passages: readonly Passage[] } | undefined,
    glossary: Glossary,
    analysed: (label: number, textPhrases: Token[][] | null) => void,
  ): SentenceStore {
    const writer = new StoreWriter(glossary);
    const byContent = new Map<string, number>();
    if (previous && previous.store.size === previous.passages.length) previous.passages.forEach((p, label) => byContent.set(contentKey(p), label));
    const fingerprint = glossaryFingerprint(glossary);
    passages.forEach((passage, label) => {
      const old = byContent.get(contentKey(passage));
      if (old === undefined) analysed(label, writer.analyse(passage));
      else {
        writer.copy(previous!.store, old, previous!.store.glossaryFingerprint === fingerprint ? null : passage);
        analysed(label, null);
      }
    });
    return writer.finish(fingerprint);
  }

  /** The sentences of passage `label`, as `splitSentences` and `indexTerms` give them. */
  sentences(label: number): StoredSentence[] {
    const out: StoredSentence[] = [];
    const { passageSentences, bounds, sentenceTerms } = this.a;
    for (let s = passageSentences[label]!; s < passageSentences[label + 1]!; s++) {
      out.push({ start: bounds[2 * s]!, end: bounds[2 * s + 1]!, terms: this.strings(sentenceTerms, s), id: s });
    }
    return out;
  }

  /** What `typedParts` gives for sentence `id` (see StoredSentence.id). */
  typedParts(id: number): TypedParts {
    const parts: TypedParts = { years: [], daysOrMonths: [], numbers: [] };
    for (let p = this.a.sentenceParts[id]!; p < this.a.sentenceParts[id + 1]!; p++) parts[PART_KINDS[this.a.partKinds[p]!]!].push(this.strings(this.a.partTerms, p));
    return parts;
  }

  /**
   * Whether any sentence of passage `label` states a part of one of `kinds` (what typedParts finds: a year, a day or
   * month, a number): one scan of the passage's parts whatever the number of kinds.
   */
  passageHoldsPart(label: number, kinds: readonly (typeof PART_KINDS)[number][]): boolean {
    const wanted = kinds.map((kind) => PART_KINDS.indexOf(kind));
    const { passageSentences, sentenceParts, partKinds } = this.a;
    for (let p = sentenceParts[passageSentences[label]!]!; p < sentenceParts[passageSentences[label + 1]!]!; p++) if (wanted.includes(partKinds[p]!)) return true;
    return false;
  }

  /** What entityStrength reads of `entityMentions` for sentence `id`. */
  mentions(id: number): KindedMention[] {
    const out: KindedMention[] = [];
    const { sentenceMentions, mentionKinds, mentionWords, wordTerms } = this.a;
    for (let m = sentenceMentions[id]!; m < sentenceMentions[id + 1]!; m++) {
      const words: string[][] = [];
      for (let w = mentionWords[m]!; w < mentionWords[m + 1]!; w++) words.push(this.strings(wordTerms, w));
      out.push({ kind: ENTITY_KINDS[mentionKinds[2 * m]!]!, innerKind: ENTITY_KINDS[mentionKinds[2 * m + 1]!]!, words });
    }
    return out;
  }

  /** The distinct content words of passage `label`: what `new Set(contentTerms(text))` gives. */
  contentTerms(label: number): Set<string> {
    return new Set(this.strings(this.a.content, label));
  }

  /**
   * `contentTerms(label)` as ids of this store's vocabulary (one per term), ascending, stored so at build time:
   * diversification compares passages' words on these without building string sets. A view into the store, not to
   * be changed.
   */
  contentTermIds(label: number): Uint32Array {
    return this.a.content.values.subarray(this.a.content.starts[label]!, this.a.content.starts[label + 1]!);
  }

  /** The ids of passage `label`'s sentences: from `first` up to, not including, `end` (see StoredSentence.id). */
  sentenceIds(label: number): { first: number; end: number } {
    return { first: this.a.passageSentences[label]!, end: this.a.passageSentences[label + 1]! };
  }

  /** Start and end offsets of sentence `id` in its passage's text. */
  sentenceSpan(id: number): { start: number; end: number } {
    return { start: this.a.bounds[2 * id]!, end: this.a.bounds[2 * id + 1]! };
  }

  /** The terms of sentence `id`, as `sentences` gives them. */
  sentenceTerms(id: number): string[] {
    return this.strings(this.a.sentenceTerms, id);
  }

  /** The term ids of sentence `id` (see `term`): a view into the store, not to be changed. */
  sentenceTermIds(id: number): Uint32Array {
    const { starts, values } = this.a.sentenceTerms;
    return values.subarray(starts[id]!, starts[id + 1]!);
  }

  /** The id of `term` in this store's vocabulary, -1 when no stored sentence or passage holds it. */
  termIdOf(term: string): number {
    if (this.idsByTerm === null) {
      this.idsByTerm = new Map();
      for (let id = 0; id < this.terms.length; id++) this.idsByTerm.set(this.terms[id]!, id);
    }
    return this.idsByTerm.get(term) ?? -1;
  }

  /**
   * Whether every term of passage `label`'s sentences is one of its text's index terms (what the lexical index holds
   * for it): true unless its text does not cut cleanly into its sentences.
   */
  sentenceTermsInText(label: number): boolean {
    return (this.a.passageFlags[label]! & TERMS_BEYOND_TEXT) === 0;
  }

  /** The facts of passage `label` for `glossary`, or null when they were found with another glossary. */
  facts(label: number, glossary: Glossary): Set<string> | null {
    if (glossaryFingerprint(glossary) !== this.glossaryFingerprint) return null;
    return new Set(this.strings(this.a.facts, label));
  }

  /**
   * `facts(label, glossary)` as ids of this store's vocabulary, ascending (a view into the store, not to be
   * changed), or null when they were found with another glossary.
   */
  factIds(label: number, glossary: Glossary): Uint32Array | null {
    if (glossaryFingerprint(glossary) !== this.glossaryFingerprint) return null;
    return this.a.facts.values.subarray(this.a.facts.starts[label]!, this.a.facts.starts[label + 1]!);
  }

  /** Whether vocabulary id `id` is a year (YEAR_FACT): the facts that make two fingerprints state the same fact. */
  readonly isYearFact = (id: number): boolean => {
    if (this.yearFact === null) this.yearFact = new Int8Array(this.terms.length);
    if (this.yearFact[id] === 0) this.yearFact[id] = YEAR_FACT.test(this.terms[id]!) ? 1 : -1;
    return this.yearFact[id] === 1;
  };

  /** A store from its parts (StoreWriter's end); fromBytes checks them first. */
  static fromParts(terms: string[], arrays: Arrays, fingerprint: string): SentenceStore {
    return new SentenceStore(terms, arrays, fingerprint);
  }

  get vocabularySize(): number {
    return this.terms.length;
  }

  term(id: number): string {
    return this.terms[id]!;
  }

  /** Passage `label` as stored (ids of this store's vocabulary), for an update to copy. */
  raw(label: number): RawPassage {
    const a = this.a;
    const ids = (list: Ragged, i: number) => list.values.subarray(list.starts[i]!, list.starts[i + 1]!);
    const sentences: RawPassage['sentences'] = [];
    for (let s = a.passageSentences[label]!; s < a.passageSentences[label + 1]!; s++) {
      const parts: RawPassage['sentences'][number]['parts'] = [];
      for (let p = a.sentenceParts[s]!; p < a.sentenceParts[s + 1]!; p++) parts.push({ kind: a.partKinds[p]!, terms: ids(a.partTerms, p) });
      const mentions: RawPassage['sentences'][number]['mentions'] = [];
      for (let m = a.sentenceMentions[s]!; m < a.sentenceMentions[s + 1]!; m++) {
        const words: Uint32Array[] = [];
        for (let w = a.mentionWords[m]!; w < a.mentionWords[m + 1]!; w++) words.push(ids(a.wordTerms, w));
        mentions.push({ kind: a.mentionKinds[2 * m]!, innerKind: a.mentionKinds[2 * m + 1]!, words });
      }
      sentences.push({ start: a.bounds[2 * s]!, end: a.bounds[2 * s + 1]!, terms: ids(a.sentenceTerms, s), parts, mentions });
    }
    return { sentences, flags: a.passageFlags[label]!, content: ids(a.content, label), facts: ids(a.facts, label) };
  }

  private strings(list: Ragged, i: number): string[] {
    const out: string[] = [];
    for (let t = list.starts[i]!; t < list.starts[i + 1]!; t++) out.push(this.terms[list.values[t]!]!);
    return out;
  }

  toBytes(): Uint8Array {
    const blob = stringsBlob(this.terms);
    const header = { formatVersion: SENTENCE_FORMAT_VERSION, terms: this.terms.length, termsBytes: blob.byteLength, glossary: this.glossaryFingerprint, ...counts(this.a) };
    return encodeBinaryFile(MAGIC, header, blob, flatten(this.a));
  }

  /**
   * Reads the stored form; every offset, id and kind is checked (against the passages too) before use, unless
   * `verified`: the caller proved the bytes are the ones a build wrote (open.ts, against the manifest's sha256).
   */
  static fromBytes(bytes: Uint8Array, passages: readonly Passage[], options: { verified?: boolean } = {}): SentenceStore {
    const file = BinaryFileReader.open(bytes, MAGIC, 'sentence', corrupt);
    const h = file.header;
    if (h.formatVersion !== SENTENCE_FORMAT_VERSION) throw corrupt(`format version ${String(h.formatVersion)}, expected ${SENTENCE_FORMAT_VERSION}`);
    if (typeof h.glossary !== 'string') throw corrupt('glossary fingerprint missing');
    const termsBytes = file.count('termsBytes');
    const terms = file.strings(termsBytes, file.count('terms'));
    const n = Object.fromEntries(COUNT_KEYS.map((key) => [key, file.count(key)])) as Counts;
    if (n.passages !== passages.length) throw corrupt(`holds ${n.passages} passages, the index has ${passages.length}`);
    const a = unflatten(file.arrays(termsBytes, specs(n)));
    if (!options.verified) check(a, n, terms.length, passages);
    return new SentenceStore(terms, a, h.glossary);
  }
}

/** A passage's stored analysis as ids and codes (see SentenceStore.raw). */
interface RawPassage {
  sentences: {
    start: number;
    end: number;
    terms: Uint32Array;
    parts: { kind: number; terms: Uint32Array }[];
    mentions: { kind: number; innerKind: number; words: Uint32Array[] }[];
  }[];
  flags: number;
  content: Uint32Array;
  facts: Uint32Array;
}

/** How many of each thing the store holds: the header's counts, from which every array's length follows. */
const COUNT_KEYS = ['passages', 'sentences', 'sentenceTermIds', 'contentIds', 'factIds', 'parts', 'partTermIds', 'mentions', 'words', 'wordTermIds'] as const;
type Counts = Record<(typeof COUNT_KEYS)[number], number>;

function counts(a: Arrays): Counts {
  return {
    passages: a.passageFlags.length,
    sentences: a.bounds.length / 2,
    sentenceTermIds: a.sentenceTerms.values.length,
    contentIds: a.content.values.length,
    factIds: a.facts.values.length,
    parts: a.partKinds.length,
    partTermIds: a.partTerms.values.length,
    mentions: a.mentionKinds.length / 2,
    words: a.wordTerms.starts.length - 1,
    wordTermIds: a.wordTerms.values.length,
  };
}

function specs(n: Counts): ArraySpec[] {
  const u32 = (length: number): ArraySpec => ({ type: 'u32', length });
  const u8 = (length: number): ArraySpec => ({ type: 'u8', length });
  return [
    u32(n.passages + 1), u8(n.passages), u32(n.passages + 1), u32(n.contentIds), u32(n.passages + 1), u32(n.factIds),
    u32(2 * n.sentences), u32(n.sentences + 1), u32(n.sentenceTermIds),
    u32(n.sentences + 1), u8(n.parts), u32(n.parts + 1), u32(n.partTermIds),
    u32(n.sentences + 1), u8(2 * n.mentions), u32(n.mentions + 1), u32(n.words + 1), u32(n.wordTermIds),
  ];
}

function flatten(a: Arrays): StoredArray[] {
  return [
    a.passageSentences, a.passageFlags, a.content.starts, a.content.values, a.facts.starts, a.facts.values,
    a.bounds, a.sentenceTerms.starts, a.sentenceTerms.values,
    a.sentenceParts, a.partKinds, a.partTerms.starts, a.partTerms.values,
    a.sentenceMentions, a.mentionKinds, a.mentionWords, a.wordTerms.starts, a.wordTerms.values,
  ];
}

function unflatten(arrays: StoredArray[]): Arrays {
  const [passageSentences, passageFlags, contentStarts, contentValues, factStarts, factValues, bounds, termStarts, termValues, sentenceParts, partKinds, partStarts, partValues, sentenceMentions, mentionKinds, mentionWords, wordStarts, wordValues] = arrays as [
    Uint32Array, Uint8Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
    Uint32Array, Uint8Array, Uint32Array, Uint32Array, Uint32Array, Uint8Array, Uint32Array, Uint32Array, Uint32Array,
  ];
  return {
    passageSentences,
    passageFlags,
    content: { starts: contentStarts, values: contentValues },
    facts: { starts: factStarts, values: factValues },
    bounds,
    sentenceTerms: { starts: termStarts, values: termValues },
    sentenceParts,
    partKinds,
    partTerms: { starts: partStarts, values: partValues },
    sentenceMentions,
    mentionKinds,
    mentionWords,
    wordTerms: { starts: wordStarts, values: wordValues },
  };
}

/** Every offset spans its data, every id is in the vocabulary, every kind is known, every sentence lies in its text. */
function check(a: Arrays, n: Counts, vocabulary: number, passages: readonly Passage[]): void {
  const ragged = (list: Ragged, what: string) => {
    checkOffsets(list.starts, list.values.length, what, corrupt);
    checkIds(list.values, vocabulary, what, corrupt);
  };
  checkOffsets(a.passageSentences, n.sentences, 'passage sentences', corrupt);
  ragged(a.content, 'content words');
  ragged(a.facts, 'facts');
  ragged(a.sentenceTerms, 'sentence terms');
  checkOffsets(a.sentenceParts, n.parts, 'sentence parts', corrupt);
  ragged(a.partTerms, 'part terms');
  checkOffsets(a.sentenceMentions, n.mentions, 'sentence mentions', corrupt);
  checkOffsets(a.mentionWords, n.words, 'mention words', corrupt);
  ragged(a.wordTerms, 'word terms');
  for (const flags of a.passageFlags) if ((flags & ~KNOWN_FLAGS) !== 0) throw corrupt('unknown passage flags');
  for (const kind of a.partKinds) if (kind >= PART_KINDS.length) throw corrupt('unknown part kind');
  for (const kind of a.mentionKinds) if (kind >= ENTITY_KINDS.length) throw corrupt('unknown mention kind');
  for (let p = 0; p < passages.length; p++) {
    const length = textLengthOf(passages[p]!);
    for (let s = a.passageSentences[p]!; s < a.passageSentences[p + 1]!; s++) {
      if (a.bounds[2 * s]! > a.bounds[2 * s + 1]! || a.bounds[2 * s + 1]! > length) throw corrupt(`a sentence of passage ${p} lies outside its text`);
    }
  }
}

/**
 * Growable lists of lists of ids, typed as they grow: an update copies every passage's lists (millions of ids at
 * 100k passages), and a plain array of them cost twice the memory and much of the update's time in the collector.
 */
class RaggedWriter {
  private readonly starts = [0];
  private values = new Uint32Array(1024);
  private size = 0;

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Uint32Array(2 * this.values.length);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
  }

  /** Ids pushed so far, over every list. */
  get length(): number {
    return this.size;
  }

  /** The id at `index` (< length). */
  at(index: number): number {
    return this.values[index]!;
  }

  /** Drops the ids from `length` on (of the current list only). */
  truncate(length: number): void {
    this.size = Math.max(this.starts.at(-1)!, Math.min(length, this.size));
  }

  /** Ends the current list. */
  close(): void {
    this.starts.push(this.size);
  }

  get lists(): number {
    return this.starts.length - 1;
  }

  finish(): Ragged {
    return { starts: Uint32Array.from(this.starts), values: this.values.slice(0, this.size) };
  }
}

/** One store being built: the vocabulary and the lists, a passage at a time. */
class StoreWriter {
  private readonly vocabulary = new TokenTermIds();
  /** Per id, the last sentence it was seen in (dedupes a sentence's terms without a Set). */
  private seenIn = new Int32Array(1 << 16).fill(-1);
  /** Per id, 1 when it is a content word, -1 when not, 0 not looked at yet (see isContentWord). */
  private contentWord = new Int8Array(1 << 16);
  /** Per previous store, its ids mapped to this one's (-1: not mapped yet). */
  private readonly remaps = new Map<SentenceStore, Int32Array>();

  private readonly passageSentences = [0];
  private readonly passageFlags: number[] = [];
  private readonly content = new RaggedWriter();
  private readonly facts = new RaggedWriter();
  private readonly bounds: number[] = [];
  private readonly sentenceTerms = new RaggedWriter();
  private readonly sentenceParts = [0];
  private readonly partKinds: number[] = [];
  private readonly partTerms = new RaggedWriter();
  private readonly sentenceMentions = [0];
  private readonly mentionKinds: number[] = [];
  private readonly mentionWords = [0];
  private readonly wordTerms = new RaggedWriter();

  /** Adds a sentence's index terms to it, as ids. */
  private readonly termVisitor: IndexTermVisitor = {
    word: (token) => {
      this.addSentenceTerm(this.vocabulary.termId(token));
      if (token.exact !== null) this.addSentenceTerm(this.vocabulary.exactId(token));
    },
    pair: (a, b) => this.addSentenceTerm(this.vocabulary.pairId(a, b)),
  };

  constructor(private readonly glossary: Glossary) {}

  /** Adds a term to the current sentence unless already there. */
  private addSentenceTerm(id: number): void {
    const sentence = this.sentenceTerms.lists;
    if (id >= this.seenIn.length) {
      const grown = new Int32Array(Math.max(2 * this.seenIn.length, id + 1)).fill(-1);
      grown.set(this.seenIn);
      this.seenIn = grown;
    }
    if (this.seenIn[id] === sentence) return;
    this.seenIn[id] = sentence;
    this.sentenceTerms.push(id);
  }

  /**
   * Analyses a passage: each sentence once, and the whole text again only when it does not cut cleanly. Returns the
   * whole text's phrases, what `analyze(passage.text)` gives, so that the lexical build need not tokenize it again.
   */
  analyse(passage: Passage): Token[][] {
    const spans = splitSentences(passage.text, passage.meta.lang);
    const forms = spans.map((span) => analysisForm(span.text));
    const phrases = forms.map(analyzeForm);
    const firstTerm = this.sentenceTerms.length;
    spans.forEach((span, i) => {
      this.bounds.push(span.start, span.end);
      visitIndexTerms(phrases[i]!, this.termVisitor);
      this.sentenceTerms.close();
      this.addParts(typedParts(span.text));
      this.addMentions(entityMentions(span.text));
    });
    this.passageSentences.push(this.bounds.length / 2);
    const cut = cutsCleanly(passage.text, spans, forms);
    this.passageFlags.push((cut.tokens ? 0 : OWN_CONTENT) | (cut.tokens && cut.phrases ? 0 : TERMS_BEYOND_TEXT));
    // Cut cleanly at phrase breaks, the text's phrases are its sentences' (cutsCleanly compares the forms).
    const whole = cut.phrases ? phrases.flat() : analyze(passage.text);
    const content: number[] = [];
    if (cut.tokens) {
      // Its words are its sentences' words: the sentence terms that are single words (no bigram, no exact form).
      const terms = this.sentenceTerms;
      for (let t = firstTerm; t < terms.length; t++) if (this.isContentWord(terms.at(t))) content.push(terms.at(t));
    } else {
      for (const token of whole.flat()) if (!token.stop) content.push(this.vocabulary.idOf(token.term));
    }
    this.addContent(content);
    this.addFacts(factsOf(whole, this.glossary));
    return whole;
  }

  /** Whether vocabulary id `id` is a content word: a single word, not a bigram or an accent-preserving form. */
  private isContentWord(id: number): boolean {
    if (id >= this.contentWord.length) {
      const grown = new Int8Array(Math.max(2 * this.contentWord.length, id + 1));
      grown.set(this.contentWord);
      this.contentWord = grown;
    }
    if (this.contentWord[id] === 0) {
      const term = this.vocabulary.terms[id]!;
      this.contentWord[id] = term.includes(BIGRAM_JOINER) || term.startsWith(EXACT_PREFIX) ? -1 : 1;
    }
    return this.contentWord[id] === 1;
  }

  /** Closes a passage's content words, given as ids in any order with repeats: stored ascending and distinct. */
  private addContent(ids: number[]): void {
    ids.sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) this.content.push(ids[i]!);
    this.content.close();
  }

  private addParts(parts: TypedParts): void {
    PART_KINDS.forEach((kind, k) => {
      for (const part of parts[kind]) {
        this.partKinds.push(k);
        for (const term of part) this.partTerms.push(this.vocabulary.idOf(term));
        this.partTerms.close();
      }
    });
    this.sentenceParts.push(this.partKinds.length);
  }

  private addMentions(mentions: readonly KindedMention[]): void {
    for (const mention of mentions) {
      this.mentionKinds.push(ENTITY_KINDS.indexOf(mention.kind), ENTITY_KINDS.indexOf(mention.innerKind));
      for (const word of mention.words) {
        for (const term of word) this.wordTerms.push(this.vocabulary.idOf(term));
        this.wordTerms.close();
      }
      this.mentionWords.push(this.wordTerms.lists);
    }
    this.sentenceMentions.push(this.mentionKinds.length / 2);
  }

  private addFacts(facts: Iterable<string>): void {
    this.addFactIds(Array.from(facts, (fact) => this.vocabulary.idOf(fact)));
  }

  /** Closes a passage's facts, given as distinct ids in any order: stored ascending. */
  private addFactIds(ids: number[]): void {
    for (const id of ids.sort((a, b) => a - b)) this.facts.push(id);
    this.facts.close();
  }

  /**
   * Copies passage `label` of a previous store. `recomputeFactsOf` is the passage when the previous store's facts
   * were found with another glossary.
   */
  copy(store: SentenceStore, label: number, recomputeFactsOf: Passage | null): void {
    let remap = this.remaps.get(store);
    if (remap === undefined) this.remaps.set(store, (remap = new Int32Array(store.vocabularySize).fill(-1)));
    const map = remap;
    const id = (old: number) => {
      if (map[old]! < 0) map[old] = this.vocabulary.idOf(store.term(old));
      return map[old]!;
    };
    const old = store.raw(label);
    for (const s of old.sentences) {
      this.bounds.push(s.start, s.end);
      for (const t of s.terms) this.sentenceTerms.push(id(t));
      this.sentenceTerms.close();
      for (const part of s.parts) {
        this.partKinds.push(part.kind);
        for (const t of part.terms) this.partTerms.push(id(t));
        this.partTerms.close();
      }
      this.sentenceParts.push(this.partKinds.length);
      for (const mention of s.mentions) {
        this.mentionKinds.push(mention.kind, mention.innerKind);
        for (const word of mention.words) {
          for (const t of word) this.wordTerms.push(id(t));
          this.wordTerms.close();
        }
        this.mentionWords.push(this.wordTerms.lists);
      }
      this.sentenceMentions.push(this.mentionKinds.length / 2);
    }
    this.passageSentences.push(this.bounds.length / 2);
    this.passageFlags.push(old.flags);
    // Ids of this vocabulary need not keep the previous store's order, but they nearly always do (an update meets
    // the previous passages first, in their order): sorted again only when they do not.
    if (!this.appendIfAscending(this.content, old.content, id)) this.addContent(Array.from(old.content, id));
    if (recomputeFactsOf !== null) this.addFacts(factsOf(analyze(recomputeFactsOf.text), this.glossary));
    else if (!this.appendIfAscending(this.facts, old.facts, id)) this.addFactIds(Array.from(old.facts, id));
  }

  /**
   * Closes `writer`'s list with `ids` mapped, when the mapped ids are still ascending and distinct (true); else
   * leaves the writer as it was (false). One pass instead of a sort per passage: 100k passages are copied per update.
   */
  private appendIfAscending(writer: RaggedWriter, ids: ArrayLike<number>, map: (id: number) => number): boolean {
    const start = writer.length;
    let previous = -1;
    for (let i = 0; i < ids.length; i++) {
      const mapped = map(ids[i]!);
      if (mapped <= previous) {
        writer.truncate(start);
        return false;
      }
      writer.push(mapped);
      previous = mapped;
    }
    writer.close();
    return true;
  }

  finish(fingerprint: string): SentenceStore {
    const u32 = (values: number[]) => Uint32Array.from(values);
    const arrays: Arrays = {
      passageSentences: u32(this.passageSentences),
      passageFlags: Uint8Array.from(this.passageFlags),
      content: this.content.finish(),
      facts: this.facts.finish(),
      bounds: u32(this.bounds),
      sentenceTerms: this.sentenceTerms.finish(),
      sentenceParts: u32(this.sentenceParts),
      partKinds: Uint8Array.from(this.partKinds),
      partTerms: this.partTerms.finish(),
      sentenceMentions: u32(this.sentenceMentions),
      mentionKinds: Uint8Array.from(this.mentionKinds),
      mentionWords: u32(this.mentionWords),
      wordTerms: this.wordTerms.finish(),
    };
    return SentenceStore.fromParts(this.vocabulary.terms, arrays, fingerprint);
  }
}

/**
 * Whether analysing a passage sentence by sentence gives the tokens, and the phrases, of analysing it whole: the
 * sentences' analysis forms (`forms`, see analysisForm) and the (whitespace) gaps between them must make up the
 * whole text's form, no word may run across two of them, and (for phrases) a phrase break must separate each
 * sentence's words from the next's. Then the passage's content words are its sentences' and its facts come from their
 * phrases. Otherwise (rare: a sentence cut inside a run of letters, a context-dependent lower-casing) the whole text
 * is analysed again.
 */
export function cutsCleanly(text: string, spans: readonly SentenceSpan[], forms: readonly string[]): { tokens: boolean; phrases: boolean } {
  const unclean = { tokens: false, phrases: false };
  let phrases = true;
  let joined = '';
  let previousEnd = 0;
  for (let i = 0; i <= spans.length; i++) {
    const gap = text.slice(previousEnd, i < spans.length ? spans[i]!.start : text.length);
    if (!ONLY_WHITESPACE.test(gap)) return unclean;
    const gapForm = gap === '' ? gap : analysisForm(gap);
    if (i > 0 && i < spans.length) {
      const left = forms[i - 1]!;
      const right = forms[i]!;
      if (gapForm === '' && ENDS_WITH_WORD_CHAR.test(left) && STARTS_WITH_WORD_CHAR.test(right)) return unclean;
      if (!(BREAK_AT_END.test(left) || HOLDS_BREAK.test(gapForm) || BREAK_AT_START.test(right))) phrases = false;
    }
    joined += gapForm;
    if (i < spans.length) {
      joined += forms[i]!;
      previousEnd = spans[i]!.end;
    }
  }
  return joined === analysisForm(text) ? { tokens: true, phrases } : unclean;
}

const ONLY_WHITESPACE = /^\s*$/u;
/** The tokenizer's word characters (WORD) and phrase breaks: a break after a sentence's last word or before the next's first. */
const WORD_CHAR = WORD.source.replace(/\+$/u, '');
const NOT_WORD_CHAR = WORD_CHAR.replace('[', '[^');
const ENDS_WITH_WORD_CHAR = new RegExp(`${WORD_CHAR}$`, 'u');
const STARTS_WITH_WORD_CHAR = new RegExp(`^${WORD_CHAR}`, 'u');
const HOLDS_BREAK = new RegExp(`[${PHRASE_BREAK_CHARS}]`, 'u');
const BREAK_AT_END = new RegExp(`[${PHRASE_BREAK_CHARS}]${NOT_WORD_CHAR}*$`, 'u');
const BREAK_AT_START = new RegExp(`^${NOT_WORD_CHAR}*[${PHRASE_BREAK_CHARS}]`, 'u');

/** What retrieval computes at question time without a store: `splitSentences`, then each sentence's distinct index terms. */
export function analyseSentences(passage: Passage): Omit<StoredSentence, 'id'>[] {
  return splitSentences(passage.text, passage.meta.lang).map((s) => ({ start: s.start, end: s.end, terms: [...new Set(indexTerms(s.text))] }));
}

function contentKey(passage: Passage): string {
  return `${passage.textHash}\u0000${textLengthOf(passage)}\u0000${passage.meta.lang}`;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `sentence file is unreadable: ${reason}`, { cause });
}
