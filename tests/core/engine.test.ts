import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, type Settings } from '../../src/config.ts';
import { openEngine } from '../../src/engine.ts';
import { BotError } from '../../src/errors.ts';
import { makeTinyModel } from '../support/tiny-model.ts';

/**
 * The engine end to end: real corpus, real index on disk, real transformers.js pipeline (on a tiny model the test
 * makes, since real weights cannot be downloaded here).
 */
const MODEL_ID = 'local/tiny-e5';
let workDir: string;
let hybridSettings: Settings;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'vrb-engine-'));
  const corpusFiles = (await readdir('corpus')).filter((name) => name.endsWith('.md'));
  const corpusText = await Promise.all(corpusFiles.map((name) => readFile(join('corpus', name), 'utf8')));
  await makeTinyModel(join(workDir, 'models', MODEL_ID), { words: corpusText });
  hybridSettings = loadSettings({
    CORPUS_DIR: 'corpus',
    INDEX_DIR: join(workDir, 'index'),
    MODEL_DIR: join(workDir, 'models'),
    EMBEDDING_MODEL: MODEL_ID,
    ALLOW_REMOTE_MODELS: 'false',
    LOG_LEVEL: 'silent',
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('openEngine', () => {
  it('builds a hybrid index with the model and quotes the 1950 date with its source', async () => {
    const engine = await openEngine(hybridSettings);
    try {
      const stats = engine.stats();
      expect(stats.mode).toBe('hybrid');
      expect(stats.modelId).toBe(MODEL_ID);
      expect(stats.documents).toBe(5);

      const answer = await engine.ask({ question: 'When did Vietnam and the Soviet Union establish diplomatic relations?', k: 3 });
      expect(answer.mode).toBe('hybrid');
      expect(answer.abstained).toBe(false);
      expect(answer.results.some((hit) => hit.quote.includes('1950'))).toBe(true);
      for (const hit of answer.results) {
        expect(hit.source.title).toBeTruthy();
        expect(hit.source.outlet).toBeTruthy();
        expect(hit.source.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(hit.passage.text).toContain(hit.quote.replace(/^…|…$/g, '').slice(0, 40));
      }
      expect(engine.timeline({ from: 1950, to: 1950 }).map((event) => event.date)).toContain('1950-01-30');
    } finally {
      await engine.close();
    }
  });

  it('reuses a fresh index instead of rebuilding it', async () => {
    const first = await openEngine(hybridSettings);
    const builtAt = first.stats().builtAt;
    await first.close();
    const second = await openEngine(hybridSettings, { whenStale: 'fail' });
    expect(second.stats().builtAt).toBe(builtAt);
    await second.close();
  });

  it('reports a stale index clearly when asked not to rebuild, and rebuilds it otherwise', async () => {
    const lexicalSettings = { ...hybridSettings, EMBEDDINGS: 'off' as const };
    // The index on disk was built with the model; without it, it no longer matches.
    await expect(openEngine(lexicalSettings, { whenStale: 'fail' })).rejects.toSatisfy(
      (error: unknown) => error instanceof BotError && error.code === 'INDEX_STALE' && /npm run index/.test(error.message),
    );
    const engine = await openEngine(lexicalSettings);
    expect(engine.stats().mode).toBe('lexical');
    const answer = await engine.ask({ question: 'Khi nào Việt Nam và Liên Xô thiết lập quan hệ ngoại giao?', k: 3 });
    expect(answer.mode).toBe('lexical');
    expect(answer.results.some((hit) => /1950/.test(hit.quote))).toBe(true);
    await engine.close();
  });

  it('keeps answering, lexical-only, when the configured model cannot be loaded', async () => {
    const settings = { ...hybridSettings, EMBEDDING_MODEL: 'nobody/missing-model' };
    const engine = await openEngine(settings);
    expect(engine.stats().mode).toBe('lexical');
    const answer = await engine.ask({ question: 'Putin state visit to Vietnam June 2024', k: 2 });
    expect(answer.abstained).toBe(false);
    await engine.close();
  });
});
