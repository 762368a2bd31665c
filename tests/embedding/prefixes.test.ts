import { describe, expect, it } from 'vitest';
import { E5_PREFIXES, NO_PREFIXES, prefixesForModel } from '../../src/embedding/prefixes.ts';

describe('prefixesForModel', () => {
  it.each(['Xenova/multilingual-e5-small', 'intfloat/e5-small-v2', 'intfloat/multilingual-e5-large', 'E5-base', 'local/e5_tiny'])(
    'gives e5 prefixes to %s',
    (id) => expect(prefixesForModel(id)).toEqual(E5_PREFIXES),
  );

  it.each(['Xenova/all-MiniLM-L6-v2', 'BAAI/bge-small-en', 'local/tiny-bert', 'Xenova/paraphrase-multilingual-mpnet-base-v2', 'foo/de5x'])(
    'gives no prefixes to %s',
    (id) => expect(prefixesForModel(id)).toEqual(NO_PREFIXES),
  );
});
