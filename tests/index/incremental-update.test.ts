import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/domain.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { buildIndex, INDEX_FILES } from '../../src/index/build.ts';
import { openIndex } from '../../src/index/open.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { retrieve } from '../../src/retrieval/retrieve.ts';
import { storedAnalysis } from './fixtures/stored-analysis.ts';
import { HashingEmbedder } from './fixtures/test-pipeline.ts';

/**
 * An update (the default build) makes the new generation from the previous one: terms, sentences and vectors of
 * unchanged passages are reused, new vectors go to HNSW's delta graph and removed ones are mapped away. It must answer exactly as a
 * build from nothing (`--full`) of the same corpus: every eval question, hybrid and keyword-only, every field.
 */
/** A read passage as a plain object: its text is read through its prototype, which toEqual does not look at. */
const plain = (p: Passage) => ({ ...p, text: p.text });
const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const EVAL = fileURLToPath(new URL('../../eval/eval-set.json', import.meta.url));

let root: string;
let questions: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'incremental-'));
  questions = (JSON.parse(await readFile(EVAL, 'utf8')) as { questions: { question: string }[] }).questions.map((q) => q.question).slice(0, 30);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The real corpus, then: one article removed, one paragraph edited, one article added. */
async function corpusVersions(corpusDir: string): Promise<() => Promise<void>> {
  await cp(CORPUS, corpusDir, { recursive: true });
  const articles = (await readdir(corpusDir)).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
  return async () => {
    const [removed, edited, copied] = articles;
    const copyText = await readFile(join(corpusDir, copied!), 'utf8');
    await rm(join(corpusDir, removed!));
    const editedPath = join(corpusDir, edited!);
    const text = await readFile(editedPath, 'utf8');
    const lastParagraph = text.trimEnd().lastIndexOf('\n\n');
    await writeFile(editedPath, `${text.slice(0, lastParagraph)}\n\nVietsovpetro opened a new office in Vung Tau in 2025, the article adds.\n`);
    await writeFile(
      join(corpusDir, '2025-02-01-added-article-en.md'),
      copyText.replace(/^id: .*$/mu, 'id: 2025-02-01-added-article-en').replace(/^title: .*$/mu, 'title: "An added article"') +
        '\n\nRosatom and Vietnam signed a roadmap for a nuclear science centre in 2025.\n',
    );
  };
}

async function answers(index: LoadedIndex, embedder: Embedder | null): Promise<unknown[]> {
  const deps = { embedder, weights: { dense: 0.5, lexical: 0.5 } };
  const out: unknown[] = [];
  for (const question of questions) {
    for (const offset of [0, 3]) {
      const answer = await retrieve(index, { question, k: 3, offset }, deps);
      out.push({ ...answer, results: answer.results.map((r) => ({ ...r, passage: r.passage.id })) });
    }
  }
  return out;
}

describe('incremental index update', () => {
  it.each([
    ['hybrid', true],
    ['keyword-only', false],
  ])('%s: an update from the previous generation answers as a full build of the same corpus', async (_name, hybrid) => {
    const dir = join(root, hybrid ? 'hybrid' : 'lexical');
    const corpusDir = join(dir, 'corpus');
    const change = await corpusVersions(corpusDir);
    const embedder = hybrid ? new HashingEmbedder() : null;
    const updatedDir = join(dir, 'index-updated');
    const fullDir = join(dir, 'index-full');

    const first = await buildIndex({ corpusDir, indexDir: updatedDir, embedder });
    expect(first.mode).toBe('full');
    await change();
    const update = await buildIndex({ corpusDir, indexDir: updatedDir, embedder });
    expect(update.mode).toBe('update');
    if (hybrid) {
      // The main graph is untouched by the update: its file is the previous generation's, shared, not saved again.
      const inode = async (generation: string) => (await stat(join(updatedDir, generation, INDEX_FILES.vectors))).ino;
      expect(await inode(update.generation)).toBe(await inode(first.generation));
    }
    const full = await buildIndex({ corpusDir, indexDir: fullDir, embedder, full: true });
    expect(full.mode).toBe('full');

    const updated = await openIndex(updatedDir);
    const rebuilt = await openIndex(fullDir);
    expect(updated.passages.map(plain)).toEqual(rebuilt.passages.map(plain));
    if (hybrid) {
      // The graph was extended, not rebuilt: new vectors in the delta graph, removed ones mapped away.
      expect(Object.keys(updated.manifest.files ?? {})).toEqual(expect.arrayContaining([INDEX_FILES.vectorLabels, INDEX_FILES.vectorDelta]));
      expect(Object.keys(rebuilt.manifest.files ?? {})).not.toContain(INDEX_FILES.vectorLabels);
      expect(updated.vectors?.size).toBe(rebuilt.passages.length);
    }
    // The stored analysis (sentences, their dates, numbers and names, content words, facts) is the same too.
    const glossary = loadGlossary();
    expect(storedAnalysis(updated.sentences!, updated.passages, glossary)).toEqual(storedAnalysis(rebuilt.sentences!, rebuilt.passages, glossary));
    const got = await answers(updated, embedder);
    expect(got).toEqual(await answers(rebuilt, embedder));
    expect(got.some((a) => (a as { abstained: boolean }).abstained === false)).toBe(true);

    // A second update on top of the first (deleted labels carried over) still answers the same.
    await writeFile(join(corpusDir, '2025-03-01-second-added-en.md'), '---\nid: 2025-03-01-second-added-en\ntitle: "Second"\noutlet: "Test"\nlang: en\npublished: 2025-03-01\n---\n\nA Russian orchestra toured Hanoi and Ho Chi Minh City in March 2025.\n');
    const second = await buildIndex({ corpusDir, indexDir: updatedDir, embedder });
    await buildIndex({ corpusDir, indexDir: fullDir, embedder, full: true });
    const updatedAgain = await openIndex(updatedDir);
    // The article sorts last: its passages are appended in passages-added.bin, passages.bin is the previous one.
    expect(Object.keys(updatedAgain.manifest.files ?? {})).toContain(INDEX_FILES.passagesAdded);
    const passagesInode = async (generation: string) => (await stat(join(updatedDir, generation, INDEX_FILES.passages))).ino;
    expect(await passagesInode(second.generation)).toBe(await passagesInode(update.generation));
    expect(updatedAgain.passages.map(plain)).toEqual((await openIndex(fullDir)).passages.map(plain));
    expect(await answers(updatedAgain, embedder)).toEqual(await answers(await openIndex(fullDir), embedder));
  }, 120_000);
});
