import { describe, expect, it } from 'vitest';
import { isBotError } from '../../src/errors.ts';
import { INDEX_FORMAT_VERSION, parseManifest } from '../../src/index/manifest.ts';

const HASH = 'a'.repeat(64);
const valid = {
  formatVersion: INDEX_FORMAT_VERSION,
  chunkerVersion: 1,
  corpus: { 'vi/a.md': HASH },
  model: { id: 'Xenova/multilingual-e5-small', dimension: 384 },
  builtAt: '2026-11-29T15:00:00.000Z',
  documents: 1,
  passages: 3,
  duplicatesDropped: 0,
  files: { 'passages.json': { bytes: 10, sha256: HASH } },
};

function problemsOf(json: unknown): string[] {
  try {
    parseManifest(json);
  } catch (error) {
    if (isBotError(error, 'INDEX_CORRUPT')) return error.details as string[];
    throw error;
  }
  return [];
}

describe('parseManifest', () => {
  it('accepts a complete manifest, with or without a model', () => {
    expect(parseManifest(valid)).toEqual(valid);
    expect(parseManifest({ ...valid, model: null }).model).toBeNull();
  });

  it('names every bad field', () => {
    const problems = problemsOf({ ...valid, passages: -1, builtAt: 'yesterday', corpus: { 'a.md': 'nothex' }, model: { id: '', dimension: 0 } });
    expect(problems.some((p) => p.startsWith('passages:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('builtAt:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('corpus.a.md:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('model.id:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('model.dimension:'))).toBe(true);
  });

  it('rejects missing fields and non-objects as corrupt', () => {
    const { files: _files, ...withoutFiles } = valid;
    expect(problemsOf(withoutFiles).some((p) => p.startsWith('files:'))).toBe(true);
    expect(problemsOf(null)).not.toEqual([]);
    expect(problemsOf([valid])).not.toEqual([]);
  });

  it('reports another format version as stale, not corrupt', () => {
    expect(() => parseManifest({ ...valid, formatVersion: INDEX_FORMAT_VERSION + 1 })).toThrow(
      expect.objectContaining({ code: 'INDEX_STALE' }),
    );
  });
});
