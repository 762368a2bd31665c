import { CharTrie } from '@xenova/transformers/src/utils/data-structures.js';

/**
 * The vocabulary lookup of transformers.js' Unigram tokenizer (XLM-R, e5), without the trie.
 *
 * transformers.js 2.17 builds a character trie of the whole vocabulary — for the 250,037 pieces of XLM-R, a
 * `Map` per node: ~1 s of start-up (half of it GC) and ~230 MB of memory held for as long as the model is loaded.
 * The tokenizer only asks it one question: which vocabulary pieces are prefixes of this text, shortest first. A
 * set of the pieces answers that with one lookup per prefix length (at most the longest piece): same answers,
 * same order, at a few percent of the memory.
 *
 * Same answers, including the library's quirk: pieces are stored by code point but looked up by UTF-16 unit, so
 * a piece holding a surrogate pair (an emoji, say) is never found.
 */
export class PieceTrie {
  private readonly pieces = new Set<string>();
  private longest = 0;

  extend(texts: Iterable<string>): void {
    for (const text of texts) this.push(text);
  }

  push(text: string): void {
    this.pieces.add(text);
    if (text.length > this.longest) this.longest = text.length;
  }

  *commonPrefixSearch(text: string): Generator<string, void, undefined> {
    const last = Math.min(text.length, this.longest);
    for (let length = 1; length <= last; length++) {
      const prefix = text.slice(0, length);
      if (this.pieces.has(prefix) && !SURROGATE_PAIR.test(prefix)) yield prefix;
    }
  }
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

let installed = false;

/**
 * Makes transformers.js' CharTrie behave as a PieceTrie (its only user is the Unigram tokenizer). Idempotent;
 * call before a tokenizer is created.
 */
export function usePieceTrieInTokenizers(): void {
  if (installed) return;
  installed = true;
  const tries = new WeakMap<object, PieceTrie>();
  const of = (trie: object): PieceTrie => {
    let own = tries.get(trie);
    if (own === undefined) tries.set(trie, (own = new PieceTrie()));
    return own;
  };
  const proto = CharTrie.prototype as unknown as PieceTrie;
  proto.extend = function extend(this: object, texts: Iterable<string>) {
    of(this).extend(texts);
  };
  proto.push = function push(this: object, text: string) {
    of(this).push(text);
  };
  proto.commonPrefixSearch = function commonPrefixSearch(this: object, text: string) {
    return of(this).commonPrefixSearch(text);
  };
}
