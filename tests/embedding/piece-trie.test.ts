import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CharTrie } from '@xenova/transformers/src/utils/data-structures.js';
import { PieceTrie } from '../../src/embedding/piece-trie.ts';

// This file never installs the PieceTrie, so CharTrie here is the library's own trie: the reference.
// Small alphabets with Vietnamese letters, the SentencePiece space, a surrogate pair and lone surrogates, so that
// shared prefixes and the library's code point / code unit quirk both occur.
const char = fc.constantFrom('a', 'b', 'ư', 'ờ', '▁', '😀', '\uD83D', '\uDE00');
const piece = fc.array(char, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));

describe('PieceTrie', () => {
  it('finds the same prefixes as the library trie, in the same order', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(char, { maxLength: 12 }), (pieces, textChars) => {
        const text = textChars.join('');
        const reference = new CharTrie();
        reference.extend(pieces);
        const ours = new PieceTrie();
        ours.extend(pieces);
        expect([...ours.commonPrefixSearch(text)]).toEqual([...reference.commonPrefixSearch(text)]);
        // Every piece as the text, too: each must find itself (or, like the library, not when it holds a pair).
        for (const p of pieces) expect([...ours.commonPrefixSearch(p)]).toEqual([...reference.commonPrefixSearch(p)]);
      }),
      { numRuns: 300 },
    );
  });
});
