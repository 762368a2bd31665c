import { cp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { openEngine } from '../../src/engine.ts';
import { isBotError } from '../../src/errors.ts';
import { INDEX_FILES } from '../../src/index/build.ts';
import { CURRENT_FILE, readCurrentGeneration } from '../../src/index/generations.ts';
import { openIndex } from '../../src/index/open.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { HashingEmbedder } from '../index/fixtures/test-pipeline.ts';
import { settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders } from './support/index-dir.ts';

/**
 * A damaged index, seen from the engine: every fault is detected when the index is opened, then either rebuilt
 * (whenStale 'rebuild', as `npm start` and `npm run ask` do) or reported with a message that names it ('fail').
 * The index stage's own tests cover each check in openIndex; here the point is what the engine does with them.
 */
const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';
const DIMENSION = 32;

type Damage = (generationDir: string, indexDir: string) => Promise<void>;
interface Fault {
  name: string;
  damage: Damage;
  /** Text the 'fail' message must contain: what a person needs to find the problem. */
  reported: RegExp;
  hybrid?: boolean;
  /** The embedder the engine is opened with, when it differs from the one that built the index. */
  embedder?: () => Embedder;
}

const halve = async (path: string) => truncate(path, Math.floor((await readFile(path)).length / 2));

const FAULTS: Fault[] = [
  { name: 'truncated passages.bin', damage: (g) => halve(join(g, INDEX_FILES.passages)), reported: /passages\.bin/u },
  { name: 'garbage in lexical.bin', damage: (g) => writeFile(join(g, INDEX_FILES.lexical), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b])), reported: /lexical\.bin/u },
  { name: 'truncated sentences.bin', damage: (g) => halve(join(g, INDEX_FILES.sentences)), reported: /sentences\.bin/u },
  { name: 'missing timeline.json', damage: (g) => rm(join(g, INDEX_FILES.timeline)), reported: /timeline\.json/u },
  { name: 'missing manifest.json', damage: (g) => rm(join(g, INDEX_FILES.manifest)), reported: /manifest\.json/u },
  {
    name: 'garbage manifest.json',
    damage: (g) => writeFile(join(g, INDEX_FILES.manifest), '{"formatVersion": "banana"'),
    reported: /manifest\.json/u,
  },
  {
    name: 'a file that no longer matches the manifest (valid JSON, different bytes)',
    damage: async (g) => {
      const path = join(g, INDEX_FILES.timeline);
      await writeFile(path, JSON.stringify([...JSON.parse(await readFile(path, 'utf8')), ...[]], null, 2));
    },
    reported: /timeline\.json/u,
  },
  {
    name: 'manifest passage count that differs from passages.bin',
    damage: async (g) => {
      const path = join(g, INDEX_FILES.manifest);
      const manifest = JSON.parse(await readFile(path, 'utf8'));
      await writeFile(path, JSON.stringify({ ...manifest, passages: manifest.passages + 7 }));
    },
    reported: /manifest|passages/u,
  },
  { name: 'CURRENT naming a generation that does not exist', damage: (_g, i) => writeFile(join(i, CURRENT_FILE), 'gen-20990101T000000000Z-1\n'), reported: /does not exist/u },
  { name: 'garbage in CURRENT', damage: (_g, i) => writeFile(join(i, CURRENT_FILE), '\u0000\u0001../../etc/passwd'), reported: /CURRENT/u },
  { name: 'missing index folder contents', damage: async (_g, i) => {
      await rm(i, { recursive: true, force: true });
      await mkdir(i);
    }, reported: /No index/u },
  { name: 'truncated vectors.hnsw', hybrid: true, damage: (g) => halve(join(g, INDEX_FILES.vectors)), reported: /vectors\.hnsw/u },
  {
    name: 'vector dimension different from the model’s',
    hybrid: true,
    damage: async () => undefined,
    embedder: () => new HashingEmbedder('test/hashing-bow', DIMENSION * 2),
    reported: /dimension changed: 32 → 64/u,
  },
];

let folders: Awaited<ReturnType<typeof scratchFolders>>;
const pristine = { lexical: '', hybrid: '' };

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('index');
  pristine.lexical = join(folders.root, 'pristine-lexical');
  pristine.hybrid = join(folders.root, 'pristine-hybrid');
  await (await openEngine(settingsForIndex(pristine.lexical, folders.corpusDir), { whenStale: 'rebuild', embedder: null })).close();
  await (await openEngine(settingsForIndex(pristine.hybrid, folders.corpusDir), { whenStale: 'rebuild', embedder: new HashingEmbedder('test/hashing-bow', DIMENSION) })).close();
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

/** A damaged copy of a pristine index, in its own folder. */
async function damagedCopy(fault: Fault, label: string): Promise<string> {
  const indexDir = join(folders.root, `${label}-${FAULTS.indexOf(fault)}`);
  await cp(fault.hybrid ? pristine.hybrid : pristine.lexical, indexDir, { recursive: true });
  const generation = (await readCurrentGeneration(indexDir))!;
  await fault.damage(join(indexDir, generation), indexDir);
  return indexDir;
}

const embedderFor = (fault: Fault): Embedder | null => (fault.embedder ? fault.embedder() : fault.hybrid ? new HashingEmbedder('test/hashing-bow', DIMENSION) : null);

describe.each(FAULTS.map((fault) => [fault.name, fault] as const))('index fault: %s', (_name, fault) => {
  it("whenStale 'fail': refused with INDEX_STALE naming the problem", async () => {
    const indexDir = await damagedCopy(fault, 'fail');
    const error = await openEngine(settingsForIndex(indexDir, folders.corpusDir), { whenStale: 'fail', embedder: embedderFor(fault) }).catch((e: unknown) => e);
    expect(isBotError(error, 'INDEX_STALE'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(fault.reported);
    expect((error as Error).message).toContain('npm run index');
  });

  it("whenStale 'rebuild': rebuilt, answers, and the new index opens cleanly", async () => {
    const indexDir = await damagedCopy(fault, 'rebuild');
    const embedder = embedderFor(fault);
    const engine = await openEngine(settingsForIndex(indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder });
    try {
      const answer = await engine.ask({ question: QUESTION, k: 3 });
      expect(answer.abstained).toBe(false);
      expect(answer.results.some((hit) => hit.quote.includes('1950'))).toBe(true);
      expect(engine.stats().mode).toBe(embedder ? 'hybrid' : 'lexical');
      const reopened = await openIndex(indexDir);
      expect(reopened.manifest.model?.dimension ?? null).toBe(embedder?.dimension ?? null);
    } finally {
      await engine.close();
    }
  });
});
