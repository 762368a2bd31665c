import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadSettings } from '../../../src/config.ts';
import { openEngine } from '../../../src/engine.ts';
import type { QaEngine } from '../../../src/engine-types.ts';
import { setLogSink } from '../../../src/logger.ts';
import { restoreTestLogs } from '../../support/quiet-logs.ts';

const CORPUS_DIR = fileURLToPath(new URL('../../../corpus/', import.meta.url));

/**
 * The real engine over the real corpus, lexical only (EMBEDDINGS=off: no model download), with an index built into
 * a temporary folder that is removed on close.
 */
export async function openE2eEngine(): Promise<QaEngine> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'bot-e2e-index-'));
  const engine = await openEngine(loadSettings({ EMBEDDINGS: 'off', INDEX_DIR: indexDir, CORPUS_DIR, LOG_LEVEL: 'warn' }), { whenStale: 'rebuild' });
  return delegate(engine, async () => {
    await engine.close();
    await rm(indexDir, { recursive: true, force: true });
  });
}

/** A view of `engine` with another `close` (the real engine is a class: spreading it would lose its methods). */
export function delegate(engine: QaEngine, close: () => Promise<void>): QaEngine {
  return {
    ask: (request) => engine.ask(request),
    timeline: (query) => engine.timeline(query),
    timelineTopics: (prefix) => engine.timelineTopics(prefix),
    stats: () => engine.stats(),
    sources: () => engine.sources(),
    close,
  };
}

/** For harnesses that share one engine: their `stop()` must not close it. */
export const keepOpen = (engine: QaEngine): QaEngine => delegate(engine, async () => {});

/**
 * The set-up of the end-to-end bot files: registers the file's beforeAll/afterAll so that, while it runs, log lines
 * are collected in `logLines` and one e2e engine is open (closed after the file's own afterAll hooks, which run
 * first). Harnesses started on it take `keepOpen(live.engine)`. Read `engine` inside hooks and tests.
 */
export function useE2eEngine(): { readonly engine: QaEngine; readonly logLines: string[] } {
  const logLines: string[] = [];
  let engine: QaEngine | undefined;
  beforeAll(async () => {
    setLogSink((line) => logLines.push(line));
    engine = await openE2eEngine();
  });
  afterAll(async () => {
    await engine?.close();
    restoreTestLogs();
  });
  return {
    get engine() {
      if (!engine) throw new Error('useE2eEngine: the engine is opened in beforeAll');
      return engine;
    },
    logLines,
  };
}
