import { createHash } from 'node:crypto';
import { extractContentBlocks } from '../../src/corpus/clutter.ts';
import type { CorpusDocument, Lang, Passage } from '../../src/domain.ts';

/** A corpus document built from a body the way the loader builds it. */
export function makeDoc(body: string, lang: Lang, id = `test-${lang}`): CorpusDocument {
  return {
    meta: { id, title: `Test ${lang}`, outlet: 'Test outlet', lang, published: '2025-01-14' },
    path: `${id}.md`,
    body,
    blocks: extractContentBlocks(body),
    contentHash: createHash('sha256').update(body).digest('hex'),
  };
}

let counter = 0;
/** A bare passage for deduplication tests; offsets are irrelevant there. */
export function makePassage(text: string, docId = 'doc'): Passage {
  counter++;
  return {
    id: `${docId}#${counter}`,
    docId,
    text,
    start: 0,
    end: text.length,
    textHash: createHash('sha256').update(text).digest('hex'),
    meta: { id: docId, title: 'T', outlet: 'O', lang: 'en', published: '2025-01-14' },
  };
}
