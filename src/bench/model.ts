import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder, missingModelFiles, requiredModelFiles } from '../embedding/load.ts';

/** What the report says about the model the figures were measured with. */
export interface ModelInfo {
  modelId: string;
  /** Folder the files were read from, or null when no model could be loaded (lexical-only figures only). */
  folder: string | null;
  dimension: number | null;
  /** Shape from config.json, so that a reader can see it is (or is not) e5-small's 12 × 384 with 250k words. */
  layers: number | null;
  hidden: number | null;
  vocabulary: number | null;
  onnxFile: string | null;
  onnxMegabytes: number | null;
  /** True when config.json says the weights are random (the generated stand-in): vectors then carry no meaning. */
  randomWeights: boolean;
  /** In-process load time of the bench's own copy (the cold-start figures are the ones to quote). */
  loadMs: number | null;
  unavailableReason: string | null;
}

/**
 * Where `scripts/make-model.ts --shape e5-small --out models/bench/e5-small` writes the random-weight stand-in. An
 * `owner/name` id like any other: the cold-start child reads it through the settings schema, which refuses ids that
 * are not (they could name a folder outside MODEL_DIR).
 */
export const BENCH_MODEL_ID = 'bench/e5-small';
/** Where the stand-in was written before model ids had to be `owner/name`; adopted by adoptLegacyBenchModel. */
export const LEGACY_BENCH_MODEL_FOLDER = 'bench-e5-small';

/**
 * Moves a stand-in generated under the old folder name to BENCH_MODEL_ID's folder, so that an existing copy is
 * measured instead of generating the same 120 MB again. Does nothing when the new folder exists (a partial one is
 * left to the generator, which overwrites its files) or the old one is incomplete. Returns true when it moved one.
 */
export async function adoptLegacyBenchModel(modelDir: string): Promise<boolean> {
  const target = join(modelDir, BENCH_MODEL_ID);
  if (existsSync(target) || missingModelFiles(modelDir, LEGACY_BENCH_MODEL_FOLDER, true).length > 0) return false;
  await mkdir(dirname(target), { recursive: true });
  await rename(join(modelDir, LEGACY_BENCH_MODEL_FOLDER), target);
  return true;
}

/**
 * The model to measure: the one asked for with --model; else the configured EMBEDDING_MODEL when its files are
 * on disk (the real model, if someone put it there); else the generated e5-shaped stand-in when present.
 */
export function chooseBenchModelId(settings: Settings, explicit: string | undefined): string {
  if (explicit) return explicit;
  const onDisk = (id: string) => missingModelFiles(settings.MODEL_DIR, id, true).length === 0;
  if (onDisk(settings.EMBEDDING_MODEL)) return settings.EMBEDDING_MODEL;
  return onDisk(BENCH_MODEL_ID) ? BENCH_MODEL_ID : settings.EMBEDDING_MODEL;
}

/** The bench never downloads: it measures what is on disk, so that two runs measure the same thing. */
export function benchEmbedderOptions(settings: Settings) {
  return {
    modelId: settings.EMBEDDING_MODEL,
    modelDir: settings.MODEL_DIR,
    allowRemote: false,
    showProgress: false,
    enabled: settings.EMBEDDINGS === 'on',
    concurrency: settings.EMBED_CONCURRENCY,
  };
}

async function readConfig(folder: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Any config.json field whose name or text says the weights are random or synthetic. */
export function saysRandomWeights(config: Record<string, unknown> | null): boolean {
  if (!config) return false;
  return Object.entries(config).some(
    ([key, value]) => /random|synthetic/i.test(key) ? value !== false : typeof value === 'string' && /random|synthetic/i.test(value),
  );
}

export async function loadBenchModel(settings: Settings): Promise<{ embedder: Embedder | null; info: ModelInfo }> {
  const folder = join(settings.MODEL_DIR, settings.EMBEDDING_MODEL);
  const config = await readConfig(folder);
  const onnxFile = requiredModelFiles(true).find((f) => f.endsWith('.onnx')) ?? null;
  const onnxBytes = onnxFile ? await stat(join(folder, onnxFile)).then((s) => s.size, () => null) : null;
  const number = (key: string) => (typeof config?.[key] === 'number' ? (config[key] as number) : null);

  const started = performance.now();
  const embedder = settings.EMBEDDINGS === 'on' ? await loadEmbedder(benchEmbedderOptions(settings)) : null;
  const loadMs = embedder ? performance.now() - started : null;
  const unavailableReason =
    settings.EMBEDDINGS === 'off'
      ? 'EMBEDDINGS=off'
      : embedder
        ? null
        : `no loadable model in ${folder}/ (generate the e5-shaped stand-in with the embedding helper's script, see docs/PERFORMANCE.md)`;
  return {
    embedder,
    info: {
      modelId: settings.EMBEDDING_MODEL,
      folder: embedder ? folder : null,
      dimension: embedder?.dimension ?? null,
      layers: number('num_hidden_layers'),
      hidden: number('hidden_size'),
      vocabulary: number('vocab_size'),
      onnxFile: onnxBytes === null ? null : onnxFile,
      onnxMegabytes: onnxBytes === null ? null : Math.round(onnxBytes / 1e5) / 10,
      randomWeights: saysRandomWeights(config),
      loadMs,
      unavailableReason,
    },
  };
}
