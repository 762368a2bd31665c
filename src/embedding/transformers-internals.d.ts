/** The one transformers.js 2.17 internal this project touches (see piece-trie.ts); the package ships no types for it. */
declare module '@xenova/transformers/src/utils/data-structures.js' {
  export class CharTrie {
    extend(texts: string[]): void;
    push(text: string): void;
    commonPrefixSearch(text: string): Generator<string, void, undefined>;
  }
}
