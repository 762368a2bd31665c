import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { missingModelFiles, requiredModelFiles } from '../../src/embedding/load.ts';
import { adoptLegacyBenchModel, BENCH_MODEL_ID, chooseBenchModelId, LEGACY_BENCH_MODEL_FOLDER } from '../../src/bench/model.ts';

let modelDir: string;

async function placeModel(id: string): Promise<void> {
  for (const file of requiredModelFiles(true)) {
    const path = join(modelDir, id, file);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '{}');
  }
}

beforeEach(async () => {
  modelDir = await mkdtemp(join(tmpdir(), 'bench-models-'));
});
afterEach(async () => {
  await rm(modelDir, { recursive: true, force: true });
});

const settings = () => loadSettings({ MODEL_DIR: modelDir, EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' });

describe('chooseBenchModelId', () => {
  it('falls back to the generated e5-shaped stand-in when the configured model is not on disk', async () => {
    await placeModel(BENCH_MODEL_ID);
    expect(chooseBenchModelId(settings(), undefined)).toBe(BENCH_MODEL_ID);
  });

  it('prefers the configured model when its files are all there', async () => {
    await placeModel(BENCH_MODEL_ID);
    await placeModel('Xenova/multilingual-e5-small');
    expect(chooseBenchModelId(settings(), undefined)).toBe('Xenova/multilingual-e5-small');
  });

  it('keeps the configured id when neither is on disk (the load then reports it missing), and --model always wins', () => {
    expect(chooseBenchModelId(settings(), undefined)).toBe('Xenova/multilingual-e5-small');
    expect(chooseBenchModelId(settings(), 'other/model')).toBe('other/model');
  });
});

describe('the bench stand-in model id', () => {
  it('passes the settings check the cold-start child runs, like any owner/name id', () => {
    expect(loadSettings({ MODEL_DIR: modelDir, EMBEDDING_MODEL: BENCH_MODEL_ID }).EMBEDDING_MODEL).toBe(BENCH_MODEL_ID);
    // The folder name it replaces is still refused: the check was not loosened for the bench.
    expect(() => loadSettings({ MODEL_DIR: modelDir, EMBEDDING_MODEL: LEGACY_BENCH_MODEL_FOLDER })).toThrow(/EMBEDDING_MODEL: expected a model id of the form owner\/name/u);
  });

  it('adopts a complete stand-in left in the old folder instead of generating it again', async () => {
    await placeModel(LEGACY_BENCH_MODEL_FOLDER);
    expect(await adoptLegacyBenchModel(modelDir)).toBe(true);
    expect(missingModelFiles(modelDir, BENCH_MODEL_ID, true)).toEqual([]);
    expect(existsSync(join(modelDir, LEGACY_BENCH_MODEL_FOLDER))).toBe(false);
    expect(chooseBenchModelId(settings(), undefined)).toBe(BENCH_MODEL_ID);
  });

  it('leaves an incomplete old folder, and never replaces an existing new one', async () => {
    const [first] = requiredModelFiles(true);
    await mkdir(join(modelDir, LEGACY_BENCH_MODEL_FOLDER), { recursive: true });
    await writeFile(join(modelDir, LEGACY_BENCH_MODEL_FOLDER, first!), '{}');
    expect(await adoptLegacyBenchModel(modelDir)).toBe(false);
    expect(existsSync(join(modelDir, LEGACY_BENCH_MODEL_FOLDER, first!))).toBe(true);

    await placeModel(LEGACY_BENCH_MODEL_FOLDER);
    await mkdir(join(modelDir, BENCH_MODEL_ID), { recursive: true });
    await writeFile(join(modelDir, BENCH_MODEL_ID, 'mine.txt'), 'kept');
    expect(await adoptLegacyBenchModel(modelDir)).toBe(false);
    expect(await readFile(join(modelDir, BENCH_MODEL_ID, 'mine.txt'), 'utf8')).toBe('kept');
    expect(missingModelFiles(modelDir, LEGACY_BENCH_MODEL_FOLDER, true)).toEqual([]);
  });
});
