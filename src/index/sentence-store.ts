import type { Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { splitSentences } from '../passages/sentences.ts';
import { indexTerms } from '../text/tokenizer.ts';

/**
 * Every passage's sentences (offsets in the passage text) with each sentence's index terms, computed at build time
 * and stored in the generation (`sentences.bin`). Retrieval scores a candidate sentence by sentence; at 10k–100k
 * passages almost every question meets candidates whose sentences were never analysed, and that analysis (sentence
 * split, tokenizing, stemming) was most of a keyword-only ask (docs/PERFORMANCE.md). Same spans and terms as
 * `splitSentences` + `indexTerms` at question time, in the same order.
 */
export interface StoredSentence {
  start: number;
  end: number;
  /** Distinct index terms of the sentence, in first-occurrence order. */
  terms: string[];
}

export const SENTENCE_FORMAT_VERSION = 1;
const MAGIC = 'VRSN';

export class SentenceStore {
  private constructor(
    private readonly terms: string[],
    /** Per passage, its first sentence (passageStarts[label]..passageStarts[label+1]). */
    private readonly passageStarts: Uint32Array,
    /** Per sentence: start, end offsets in the passage text; termStarts into termIds. */
    private readonly bounds: Uint32Array,
    private readonly termStarts: Uint32Array,
    private readonly termIds: Uint32Array,
  ) {}

  get size(): number {
    return this.passageStarts.length - 1;
  }

  /** `previous` (same order as its passages) lends its analysis to passages whose text and language are unchanged. */
  static build(passages: readonly Passage[], previous?: { store: SentenceStore; passages: readonly Passage[] }): SentenceStore {
    const vocabulary = new Map<string, number>();
    const terms: string[] = [];
    const idOf = (term: string) => {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = terms.length;
        terms.push(term);
        vocabulary.set(term, id);
      }
      return id;
    };
    const byContent = new Map<string, number>();
    if (previous && previous.store.size === previous.passages.length) previous.passages.forEach((p, label) => byContent.set(contentKey(p), label));
    const passageStarts = [0];
    const bounds: number[] = [];
    const termStarts = [0];
    const termIds: number[] = [];
    for (const passage of passages) {
      const old = byContent.get(contentKey(passage));
      const sentences = old !== undefined ? previous!.store.sentences(old) : analyseSentences(passage);
      for (const sentence of sentences) {
        bounds.push(sentence.start, sentence.end);
        for (const term of sentence.terms) termIds.push(idOf(term));
        termStarts.push(termIds.length);
      }
      passageStarts.push(termStarts.length - 1);
    }
    return new SentenceStore(terms, Uint32Array.from(passageStarts), Uint32Array.from(bounds), Uint32Array.from(termStarts), Uint32Array.from(termIds));
  }

  /** The sentences of passage `label`, as `splitSentences` and `indexTerms` give them. */
  sentences(label: number): StoredSentence[] {
    const out: StoredSentence[] = [];
    for (let s = this.passageStarts[label]!; s < this.passageStarts[label + 1]!; s++) {
      const terms: string[] = [];
      for (let t = this.termStarts[s]!; t < this.termStarts[s + 1]!; t++) terms.push(this.terms[this.termIds[t]!]!);
      out.push({ start: this.bounds[2 * s]!, end: this.bounds[2 * s + 1]!, terms });
    }
    return out;
  }

  toBytes(): Uint8Array {
    const termsBlob = Buffer.from(this.terms.join('\n'), 'utf8');
    const header = Buffer.from(
      JSON.stringify({
        formatVersion: SENTENCE_FORMAT_VERSION,
        terms: this.terms.length,
        termsBytes: termsBlob.byteLength,
        passages: this.size,
        sentences: this.termStarts.length - 1,
        termIds: this.termIds.length,
      }),
    );
    const arrays = [this.passageStarts, this.bounds, this.termStarts, this.termIds];
    const arraysStart = align4(8 + header.byteLength + termsBlob.byteLength);
    const out = Buffer.alloc(arraysStart + arrays.reduce((n, a) => n + a.byteLength, 0));
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(header.byteLength, 4);
    header.copy(out, 8);
    termsBlob.copy(out, 8 + header.byteLength);
    let at = arraysStart;
    for (const a of arrays) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += a.byteLength;
    }
    return out;
  }

  /** Reads the stored form; every offset and id is checked against the passages before use. */
  static fromBytes(bytes: Uint8Array, passages: readonly Passage[]): SentenceStore {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.byteLength < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) throw corrupt('not a sentence file');
    const headerLength = buffer.readUInt32LE(4);
    let h: Record<string, unknown>;
    try {
      h = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as Record<string, unknown>;
    } catch (error) {
      throw corrupt('header is not JSON', error);
    }
    if (h.formatVersion !== SENTENCE_FORMAT_VERSION) throw corrupt(`format version ${String(h.formatVersion)}, expected ${SENTENCE_FORMAT_VERSION}`);
    const n = (key: string) => {
      const v = h[key];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw corrupt(`${key} missing or invalid`);
      return v;
    };
    const [termCount, termsBytes, passageCount, sentenceCount, idCount] = [n('terms'), n('termsBytes'), n('passages'), n('sentences'), n('termIds')];
    if (passageCount !== passages.length) throw corrupt(`holds ${passageCount} passages, the index has ${passages.length}`);
    const termsStart = 8 + headerLength;
    const arraysStart = align4(termsStart + termsBytes);
    const sizes = [passageCount + 1, 2 * sentenceCount, sentenceCount + 1, idCount];
    const expected = arraysStart + sizes.reduce((a, b) => a + 4 * b, 0);
    if (buffer.byteLength !== expected) throw corrupt(`${buffer.byteLength} bytes, the header implies ${expected}`);
    const terms = termCount === 0 ? [] : buffer.toString('utf8', termsStart, termsStart + termsBytes).split('\n');
    if (terms.length !== termCount) throw corrupt('vocabulary does not match its count');
    const aligned = new Uint8Array(expected - arraysStart);
    aligned.set(buffer.subarray(arraysStart));
    let at = 0;
    const [passageStarts, bounds, termStarts, termIds] = sizes.map((size) => {
      const a = new Uint32Array(aligned.buffer, at, size);
      at += size * 4;
      return a;
    }) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    if (passageStarts[0] !== 0 || passageStarts[passageCount] !== sentenceCount || termStarts[0] !== 0 || termStarts[sentenceCount] !== idCount) {
      throw corrupt('offsets do not span the data');
    }
    for (let p = 0; p < passageCount; p++) {
      if (passageStarts[p + 1]! < passageStarts[p]!) throw corrupt('passage offsets go backwards');
      const length = passages[p]!.text.length;
      for (let s = passageStarts[p]!; s < passageStarts[p + 1]!; s++) {
        if (bounds[2 * s]! > bounds[2 * s + 1]! || bounds[2 * s + 1]! > length) throw corrupt(`a sentence of passage ${p} lies outside its text`);
      }
    }
    for (let s = 0; s < sentenceCount; s++) if (termStarts[s + 1]! < termStarts[s]!) throw corrupt('term offsets go backwards');
    for (let i = 0; i < idCount; i++) if (termIds[i]! >= termCount) throw corrupt('a term id lies outside the vocabulary');
    return new SentenceStore(terms, passageStarts, bounds, termStarts, termIds);
  }
}

/** What retrieval computed at question time before: `splitSentences`, then each sentence's distinct index terms. */
export function analyseSentences(passage: Passage): StoredSentence[] {
  return splitSentences(passage.text, passage.meta.lang).map((s) => ({ start: s.start, end: s.end, terms: [...new Set(indexTerms(s.text))] }));
}

function contentKey(passage: Passage): string {
  return `${passage.textHash}\u0000${passage.text.length}\u0000${passage.meta.lang}`;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `sentence file is unreadable: ${reason}`, { cause });
}
