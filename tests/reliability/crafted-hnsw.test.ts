import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { sha256 } from '../../src/hash.ts';
import { INDEX_FILES } from '../../src/index/build.ts';
import { readCurrentGeneration } from '../../src/index/generations.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { HashingEmbedder } from '../index/fixtures/test-pipeline.ts';
import { REPO_ROOT, settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders } from './support/index-dir.ts';

/**
 * A vectors.hnsw whose header lies (a huge label offset, a huge element count or capacity), with the manifest's
 * size and checksum fixed up to match, as an attacker with write access to the index folder would do. hnswlib
 * trusts its header and dies with SIGSEGV on such a file; the engine must reject it before hnswlib sees it.
 */
const CHILD = fileURLToPath(new URL('./fixtures/hybrid-ask-child.ts', import.meta.url));
const DIMENSION = 32;

let folders: Awaited<ReturnType<typeof scratchFolders>>;
let pristine: string;

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('hnsw');
  pristine = join(folders.root, 'pristine');
  await (await openEngine(settingsForIndex(pristine, folders.corpusDir), { whenStale: 'rebuild', embedder: new HashingEmbedder('test/hashing-bow', DIMENSION) })).close();
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

/** size_t header fields by byte offset (hnswalg.h saveIndex). */
const FIELDS = { maxElements: 8, count: 16, labelOffset: 32, offsetData: 40 } as const;
const CRAFTS: Array<[string, keyof typeof FIELDS, bigint]> = [
  ['a huge label offset', 'labelOffset', 1n << 40n],
  ['a huge element count', 'count', 1n << 36n],
  ['a huge capacity', 'maxElements', 1n << 44n],
  ['a huge data offset', 'offsetData', 1n << 40n],
];

/** A copy of the pristine index with one header field of vectors.hnsw replaced and the manifest made to match. */
async function craftedCopy(label: string, field: keyof typeof FIELDS, value: bigint): Promise<{ indexDir: string; vectorsPath: string }> {
  const indexDir = join(folders.root, label);
  await cp(pristine, indexDir, { recursive: true });
  const generationDir = join(indexDir, (await readCurrentGeneration(indexDir))!);
  const vectorsPath = join(generationDir, INDEX_FILES.vectors);
  const bytes = await readFile(vectorsPath);
  bytes.writeBigUInt64LE(value, FIELDS[field]);
  await writeFile(vectorsPath, bytes);
  const manifestPath = join(generationDir, INDEX_FILES.manifest);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.files[INDEX_FILES.vectors] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return { indexDir, vectorsPath };
}

function runChild(indexDir: string, whenStale: 'fail' | 'rebuild') {
  return spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CORPUS_DIR: folders.corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent', WHEN_STALE: whenStale, HASHING_DIMENSION: String(DIMENSION) },
    timeout: 60_000,
  });
}

describe('a crafted vectors.hnsw whose checksum matches the manifest', () => {
  it('would crash hnswlib itself (the attack is real): a huge label offset read directly kills the process', async () => {
    const { vectorsPath } = await craftedCopy('raw', 'labelOffset', 1n << 40n);
    const hnswlib = createRequire(import.meta.url).resolve('hnswlib-node');
    const script = `const { HierarchicalNSW } = require(${JSON.stringify(hnswlib)}); new HierarchicalNSW('cosine', ${DIMENSION}).readIndexSync(${JSON.stringify(vectorsPath)});`;
    // Run in the scratch folder, so that a core dump, if the system writes one, lands where the test cleans up.
    const result = spawnSync(process.execPath, ['-e', script], { cwd: folders.root, encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBe('SIGSEGV');
  });

  describe.each(CRAFTS)('%s', (_label, field, value) => {
    it("whenStale 'fail': exits 1 with INDEX_STALE naming vectors.hnsw, never killed by a signal", async () => {
      const { indexDir } = await craftedCopy(`fail-${field}`, field, value);
      const result = runChild(indexDir, 'fail');
      expect(result.signal, result.stderr).toBeNull();
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^error \[INDEX_STALE\]: .*vectors\.hnsw/mu);
      expect(result.stdout).toBe('');
    });

    it("whenStale 'rebuild': self-heals, exits 0 and answers in hybrid mode", async () => {
      const { indexDir } = await craftedCopy(`rebuild-${field}`, field, value);
      const result = runChild(indexDir, 'rebuild');
      expect(result.signal, result.stderr).toBeNull();
      expect(result.status, result.stderr).toBe(0);
      const answer = JSON.parse(result.stdout.trim()) as { mode: string; quotes: string[] };
      expect(answer.mode).toBe('hybrid');
      expect(answer.quotes.some((quote) => quote.includes('1950'))).toBe(true);
    });
  });
});
