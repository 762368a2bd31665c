import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { requiredModelFiles } from '../../src/embedding/load.ts';
import { BENCH_MODEL_ID, chooseBenchModelId } from '../../src/bench/model.ts';

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

describe('chooseBenchModelId', () => {
  const settings = () => loadSettings({ MODEL_DIR: modelDir, EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' });

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
