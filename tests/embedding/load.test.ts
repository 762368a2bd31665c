import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { embedderOptionsFromSettings, loadEmbedder, requiredModelFiles } from '../../src/embedding/load.ts';
import { startModelHub, type ModelHubServer } from '../support/model-hub-server.ts';
import { makeTinyModel } from '../support/tiny-model.ts';
import { captureLogs } from './log-capture.ts';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

const PLAIN_ID = 'local/tiny-bert';
const E5_ID = 'local/tiny-multilingual-e5';
const HIDDEN = 96;

let root: string;
let modelDir: string;
const opened: Embedder[] = [];
const remember = (embedder: Embedder | null) => {
  if (embedder) opened.push(embedder);
  return embedder;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'embedding-load-'));
  modelDir = join(root, 'models');
  await makeTinyModel(join(modelDir, PLAIN_ID), { hidden: HIDDEN });
  // Same files under an e5 id: any difference in vectors can only come from the prefixes.
  await cp(join(modelDir, PLAIN_ID), join(modelDir, E5_ID), { recursive: true });
});

afterAll(async () => {
  await Promise.all(opened.map((e) => e.dispose()));
  await rm(root, { recursive: true, force: true });
});

describe('loadEmbedder from a local model folder (remote off)', () => {
  it('embeds into normalised vectors of the model dimension where shared words mean higher similarity', async () => {
    const embedder = remember(await loadEmbedder({ modelId: PLAIN_ID, modelDir, allowRemote: false }));
    expect(embedder).not.toBeNull();
    expect(embedder!.modelId).toBe(PLAIN_ID);
    expect(embedder!.dimension).toBe(HIDDEN);

    const [query] = await embedder!.embedQueries(['Vietnam Russia oil and gas cooperation']);
    const passages = await embedder!.embedPassages([
      'Russia and Vietnam expand oil and gas cooperation with Zarubezhneft',
      'Recipe: a garden salad for football weather',
      'Việt Nam và Nga hợp tác dầu khí',
    ]);
    for (const v of [query!, ...passages]) {
      expect(v).toHaveLength(HIDDEN);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const [related, unrelated] = passages.map((p) => cosine(query!, p));
    expect(related!).toBeGreaterThan(unrelated! + 0.2);
  });

  it('keeps Vietnamese diacritics apart and treats composed and decomposed forms alike', async () => {
    const embedder = remember(await loadEmbedder({ modelId: PLAIN_ID, modelDir, allowRemote: false }));
    const [composed, decomposed, stripped] = await embedder!.embedPassages(['hợp tác dầu khí', 'ho\u031b\u0323p ta\u0301c da\u0302\u0300u khi\u0301', 'hop tac dau khi']);
    expect(cosine(composed!, decomposed!)).toBeCloseTo(1, 5);
    expect(cosine(composed!, stripped!)).toBeLessThan(0.9);
  });

  it('applies query:/passage: prefixes for e5 model ids', async () => {
    const plain = remember(await loadEmbedder({ modelId: PLAIN_ID, modelDir, allowRemote: false }))!;
    const e5 = remember(await loadEmbedder({ modelId: E5_ID, modelDir, allowRemote: false }))!;
    const text = 'Vietnam Russia visit';
    const [e5Query] = await e5.embedQueries([text]);
    const [e5Passage] = await e5.embedPassages([text]);
    const [withQueryPrefix, withPassagePrefix, bare] = await plain.embedPassages([`query: ${text}`, `passage: ${text}`, text]);
    expect(cosine(e5Query!, withQueryPrefix!)).toBeCloseTo(1, 5);
    expect(cosine(e5Passage!, withPassagePrefix!)).toBeCloseTo(1, 5);
    expect(cosine(e5Query!, bare!)).toBeLessThan(0.999);
  });

  it('loads the fp32 file when quantized is false', async () => {
    const embedder = remember(await loadEmbedder({ modelId: PLAIN_ID, modelDir, allowRemote: false, quantized: false }))!;
    const quantizedEmbedder = remember(await loadEmbedder({ modelId: PLAIN_ID, modelDir, allowRemote: false }))!;
    const [a] = await embedder.embedPassages(['Moscow Hanoi trade']);
    const [b] = await quantizedEmbedder.embedPassages(['Moscow Hanoi trade']);
    // The int8 file is a quantised copy of the same weights: close, but not bit-identical.
    expect(cosine(a!, b!)).toBeGreaterThan(0.98);
    expect(a).not.toEqual(b);
  });
});

describe('loadEmbedder download path (local hub mirror)', () => {
  let hub: ModelHubServer;
  const REMOTE_ID = 'mirror-org/tiny-e5-mirror';

  beforeAll(async () => {
    await makeTinyModel(join(root, 'hub', REMOTE_ID), { hidden: HIDDEN, seed: 7 });
    hub = await startModelHub(join(root, 'hub'));
  });
  afterAll(() => hub.close());

  it('downloads into an empty model folder, caches the files, then loads from the cache with remote off', async () => {
    const cacheDir = join(root, 'download-cache');
    const logs = captureLogs();
    let first: Embedder | null;
    try {
      first = remember(await loadEmbedder({ modelId: REMOTE_ID, modelDir: cacheDir, allowRemote: true, remoteHost: hub.url, showProgress: true }));
    } finally {
      logs.stop();
    }
    expect(first).not.toBeNull();
    expect(logs.warnings()).toEqual([]);
    // One line for the one download.
    expect(logs.records.filter((r) => r.msg.startsWith('Downloading embedding model'))).toHaveLength(1);

    for (const file of requiredModelFiles(true)) expect(existsSync(join(cacheDir, REMOTE_ID, file))).toBe(true);
    const served = hub.requests.filter((r) => r.status === 200).map((r) => r.path);
    expect(served.sort()).toEqual(requiredModelFiles(true).map((file) => `/${REMOTE_ID}/resolve/main/${file}`).sort());

    const requestsBefore = hub.requests.length;
    const secondLogs = captureLogs();
    let second: Embedder | null;
    try {
      second = remember(await loadEmbedder({ modelId: REMOTE_ID, modelDir: cacheDir, allowRemote: false }));
    } finally {
      secondLogs.stop();
    }
    // A start from the cache downloads nothing and says nothing about downloading.
    expect(secondLogs.records.filter((r) => /download/i.test(r.msg))).toEqual([]);
    expect(second).not.toBeNull();
    expect(hub.requests.length).toBe(requestsBefore);
    const [a] = await first!.embedQueries(['Nga Việt Nam']);
    const [b] = await second!.embedQueries(['Nga Việt Nam']);
    expect(Array.from(b!)).toEqual(Array.from(a!));
  });
});

describe('loadEmbedder when the model is unavailable', () => {
  let logs: ReturnType<typeof captureLogs> | undefined;
  afterEach(() => logs?.stop());

  const expectOneModelWarning = (mentioning: RegExp) => {
    const warnings = logs!.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('MODEL_UNAVAILABLE');
    expect(warnings[0]!.msg).toMatch(mentioning);
    expect(warnings[0]!.msg).toMatch(/lexical/);
    // The warning says how to silence it for good.
    expect(warnings[0]!.msg).toContain('EMBEDDINGS=off');
    // Nothing was downloaded, so no line says so.
    expect(logs!.records.filter((r) => r.msg.startsWith('Downloading'))).toEqual([]);
  };

  it('returns null with one warning naming the missing files when remote is off', async () => {
    logs = captureLogs();
    const embedder = await loadEmbedder({ modelId: 'Xenova/multilingual-e5-small', modelDir: join(root, 'empty'), allowRemote: false });
    expect(embedder).toBeNull();
    expectOneModelWarning(/files missing .*onnx\/model_quantized\.onnx.*remote download is disabled/);
    expect(logs.warnings()[0]!.msg).toContain(join('empty', 'Xenova', 'multilingual-e5-small'));
  });

  it('returns null with one warning when the model file is damaged', async () => {
    const id = 'local/damaged';
    await cp(join(modelDir, PLAIN_ID), join(modelDir, id), { recursive: true });
    await writeFile(join(modelDir, id, 'onnx', 'model_quantized.onnx'), 'this is not an ONNX file');
    logs = captureLogs();
    expect(await loadEmbedder({ modelId: id, modelDir, allowRemote: false })).toBeNull();
    // onnxruntime's own reason survives transformers.js' fallback to another backend.
    expectOneModelWarning(/could not be loaded: .*protobuf parsing failed/);
  });

  it('names the damaged JSON file', async () => {
    const id = 'local/damaged-config';
    await cp(join(modelDir, PLAIN_ID), join(modelDir, id), { recursive: true });
    await writeFile(join(modelDir, id, 'config.json'), '{"model_type": "bert", ');
    logs = captureLogs();
    expect(await loadEmbedder({ modelId: id, modelDir, allowRemote: false })).toBeNull();
    expectOneModelWarning(/damaged file .*damaged-config\/config\.json/);
  });

  it('returns null with one warning when the mirror does not have the model', async () => {
    const hub = await startModelHub(join(root, 'hub'));
    logs = captureLogs();
    try {
      const embedder = await loadEmbedder({ modelId: 'nobody/missing-e5', modelDir: join(root, 'cache-404'), allowRemote: true, remoteHost: hub.url });
      expect(embedder).toBeNull();
      expectOneModelWarning(/Could not locate file/);
      expect(hub.requests.some((r) => r.status === 404)).toBe(true);
    } finally {
      await hub.close();
    }
    expect(await readdir(join(root, 'cache-404')).catch(() => [])).toEqual([]);
  });

  it('refuses a model id that would write outside the model folder, before any download (issue 11)', async () => {
    const hub = await startModelHub(join(root, 'hub'));
    const contained = join(root, 'contained', 'models');
    try {
      for (const modelId of ['../escape', '../../escape', 'a/../../escape', join(root, 'absolute'), 'owner\\..\\..\\escape']) {
        logs = captureLogs();
        expect(await loadEmbedder({ modelId, modelDir: contained, allowRemote: true, remoteHost: hub.url }), modelId).toBeNull();
        expectOneModelWarning(/does not name a folder inside the model folder/);
        logs.stop();
      }
      expect(hub.requests).toEqual([]);
    } finally {
      await hub.close();
    }
    expect(existsSync(join(root, 'contained', 'escape'))).toBe(false);
    expect(existsSync(join(root, 'escape'))).toBe(false);
  });

  it('returns null with one warning when the host refuses connections', async () => {
    const hub = await startModelHub(join(root, 'hub'));
    const url = hub.url;
    await hub.close();
    logs = captureLogs();
    expect(await loadEmbedder({ modelId: 'Xenova/multilingual-e5-small', modelDir: join(root, 'cache-refused'), allowRemote: true, remoteHost: url })).toBeNull();
    expectOneModelWarning(/fetch failed/);
  });

  it('gives up on a stalled network after the idle timeout instead of hanging', async () => {
    const hub = await startModelHub(join(root, 'hub'), { stall: true });
    const consoleWarn = console.warn;
    logs = captureLogs();
    try {
      const embedder = await loadEmbedder({
        modelId: 'Xenova/multilingual-e5-small',
        modelDir: join(root, 'cache-stalled'),
        allowRemote: true,
        remoteHost: hub.url,
        idleTimeoutMs: 300,
      });
      expect(embedder).toBeNull();
      expectOneModelWarning(/no progress for 300 ms/);
      expect(hub.requests.length).toBeGreaterThan(0);
      // The abandoned download is still pending; the console must already be back to normal.
      expect(console.warn).toBe(consoleWarn);
    } finally {
      await hub.close();
    }
  });

  it('skips loading with an info line when EMBEDDINGS=off', async () => {
    logs = captureLogs();
    const options = embedderOptionsFromSettings(loadSettings({ EMBEDDINGS: 'off', MODEL_DIR: modelDir, EMBEDDING_MODEL: PLAIN_ID }));
    expect(options.enabled).toBe(false);
    expect(await loadEmbedder(options)).toBeNull();
    expect(logs.warnings()).toEqual([]);
    expect(logs.records.some((r) => /EMBEDDINGS=off/.test(r.msg))).toBe(true);
  });

  it('maps settings to load options', () => {
    const options = embedderOptionsFromSettings(
      loadSettings({ EMBEDDING_MODEL: 'a/b-e5', MODEL_DIR: 'm', ALLOW_REMOTE_MODELS: 'false', MODEL_REMOTE_HOST: 'http://127.0.0.1:9/', EMBED_CONCURRENCY: '3' }),
    );
    expect(options).toEqual({ modelId: 'a/b-e5', modelDir: 'm', allowRemote: false, remoteHost: 'http://127.0.0.1:9/', enabled: true, concurrency: 3 });
  });
});
