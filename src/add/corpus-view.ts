import path from 'node:path';
import { loadCorpus } from '../corpus/loader.ts';
import type { CorpusDocument, Passage } from '../domain.ts';
import { isBotError } from '../errors.ts';
import { NEAR_DUPLICATE_ARTICLE_SHARE } from '../limits.ts';
import { splitIntoPassages } from '../passages/chunker.ts';
import { collapseDuplicates } from '../passages/dedupe.ts';

/** Query parameters that only track where a click came from: the same article with or without them is one article. */
const TRACKING_PARAMETER = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$/iu;

/** The form two URLs of one article share: host lower case, no fragment, no tracking parameters, no trailing slash. */
export function normaliseUrl(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMETER.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/u, '');
  // http and https of one address are one article.
  return `${url.host.toLowerCase()}${url.pathname}${url.search}`;
}

/** The corpus as `npm run add` checks new articles against it: ids, known addresses and passages. */
export class CorpusView {
  private readonly urls = new Map<string, string>();
  private readonly passages: Passage[] = [];
  private readonly fileByDoc = new Map<string, string>();
  readonly ids = new Set<string>();

  private constructor(documents: CorpusDocument[]) {
    for (const document of documents) this.register(document);
  }

  /** Loads and validates the corpus; an empty folder is an empty corpus. A corpus the loader refuses is an error. */
  static async load(corpusDir: string): Promise<CorpusView> {
    try {
      return new CorpusView(await loadCorpus(corpusDir));
    } catch (error) {
      if (isBotError(error, 'CORPUS_EMPTY') && /holds no \.md articles/u.test(error.message)) return new CorpusView([]);
      throw error;
    }
  }

  register(document: CorpusDocument): void {
    this.ids.add(document.meta.id);
    this.ids.add(path.basename(document.path, '.md'));
    this.fileByDoc.set(document.meta.id, document.path);
    for (const address of [document.meta.url, document.provenance?.sourceUrl]) {
      const key = address ? normaliseUrl(address) : null;
      if (key && !this.urls.has(key)) this.urls.set(key, document.path);
    }
    for (const passage of splitIntoPassages(document)) this.passages.push(passage);
  }

  /** The corpus file already holding any of these addresses, or null. */
  fileWithUrl(addresses: Array<string | undefined>): string | null {
    for (const address of addresses) {
      const key = address ? normaliseUrl(address) : null;
      const file = key ? this.urls.get(key) : undefined;
      if (file) return file;
    }
    return null;
  }

  /**
   * The article that `document` near-duplicates, by the passage dedupe rule: its passages run after the corpus's
   * through collapseDuplicates, and if NEAR_DUPLICATE_ARTICLE_SHARE or more of them collapse into one existing
   * article, it is a copy of that article.
   */
  nearDuplicateOf(document: CorpusDocument): { file: string; share: number } | null {
    const fresh = splitIntoPassages(document);
    if (fresh.length === 0) return null;
    const docOf = new Map(this.passages.map((passage) => [passage.id, passage.docId]));
    const freshIds = new Set(fresh.map((passage) => passage.id));
    const counts = new Map<string, number>();
    for (const duplicate of collapseDuplicates([...this.passages, ...fresh]).collapsed) {
      if (!freshIds.has(duplicate.dropped)) continue;
      const existing = docOf.get(duplicate.keptAs);
      if (existing !== undefined) counts.set(existing, (counts.get(existing) ?? 0) + 1);
    }
    let best: { file: string; share: number } | null = null;
    for (const [docId, count] of counts) {
      const share = count / fresh.length;
      if (share >= NEAR_DUPLICATE_ARTICLE_SHARE && (!best || share > best.share)) best = { file: this.fileByDoc.get(docId) ?? docId, share };
    }
    return best;
  }
}
