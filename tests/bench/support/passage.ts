import type { Lang, Passage } from '../../../src/domain.ts';

/** A one-passage document: the bench's generators read only its text and language. */
export function passage(id: string, lang: Lang, text: string): Passage {
  return {
    id: `${id}#0`,
    docId: id,
    text,
    start: 0,
    end: text.length,
    textHash: 'x',
    meta: { id, title: `Title ${id}`, outlet: 'Outlet', lang, published: '2024-01-01' },
  };
}
