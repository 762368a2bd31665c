import type { Passage } from '../domain.ts';

// STUB (signature only) — being implemented by the retrieval helper (MiniSearch BM25 with a multilingual tokenizer).
export interface LexicalHit {
  /** Position in the passages array the index was built from. */
  label: number;
  /** BM25 score (unnormalised). */
  score: number;
  /** Normalised query terms that matched this passage. */
  terms: string[];
}

export class LexicalIndex {
  private constructor(private readonly size: number) {}

  static build(passages: Passage[]): LexicalIndex {
    return new LexicalIndex(passages.length);
  }

  /** A JSON-serialisable form, written to `lexical.json`. */
  toJSON(): unknown {
    return { size: this.size };
  }

  static fromJSON(json: unknown): LexicalIndex {
    const size = typeof json === 'object' && json !== null && 'size' in json ? Number(json.size) : 0;
    return new LexicalIndex(size);
  }

  search(query: string, limit = 50): LexicalHit[] {
    return query.length > limit ? [] : [];
  }
}
