import { readFileSync } from 'node:fs';
import type { CorpusDocument, DocumentMeta, Lang, SourceRef, TextBlock } from '../../src/domain.ts';

/** A corpus document whose blocks are the non-empty lines of `body` (what the loader yields for clean text). */
export function makeDocument(meta: Partial<DocumentMeta> & { id: string; lang: Lang; published: string }, body: string): CorpusDocument {
  const blocks: TextBlock[] = [];
  for (const m of body.matchAll(/[^\n]+/g)) {
    if (m[0].trim()) blocks.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return {
    meta: { title: meta.id, outlet: 'Test outlet', ...meta },
    path: `${meta.id}.md`,
    body,
    blocks,
    contentHash: '0'.repeat(64),
  };
}

export function source(doc: string, lang: Lang, published = '2024-06-20'): SourceRef {
  return { doc, title: doc, outlet: 'Test outlet', url: null, lang, published };
}

/** The five seed articles, with the publication dates the corpus gives them. */
export const SEEDS: Array<{ file: string; id: string; lang: Lang; published: string }> = [
  { file: '000_b0b919c0e849b638.txt', id: 'putin-visit-background-id', lang: 'id', published: '2024-06-18' },
  { file: '001_c4e5ea6cb1d91db1.txt', id: 'thanhnien-strengthening-relations-id', lang: 'id', published: '2024-06-18' },
  { file: '002_b41272908807ccce.txt', id: 'trong-putin-talks-en', lang: 'en', published: '2024-06-20' },
  { file: '003_dc16f5a4a381ed18.txt', id: 'thoidai-mishustin-visit-vi', lang: 'vi', published: '2025-01-12' },
  { file: '004_e5feb39fc4d21994.txt', id: 'vns-mishustin-visit-en', lang: 'en', published: '2025-01-14' },
];

export const SEED_DIR = '/work/shared/seeds';

/** Seed texts as documents, clutter included (every line is a block): extraction must cope with it. */
export function seedDocuments(): CorpusDocument[] {
  return SEEDS.map((seed) => makeDocument(seed, readFileSync(`${SEED_DIR}/${seed.file}`, 'utf8')));
}
