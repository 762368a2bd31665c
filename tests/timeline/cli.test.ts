import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/engine-types.ts';
import { isBotError } from '../../src/errors.ts';
import { CURRENT_FILE, generationName } from '../../src/index/generations.ts';
import { loadTimeline } from '../../src/timeline/source.ts';
import { source } from './fixtures.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

async function timelineCli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/timeline-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
}

const INDEXED: TimelineEvent[] = [
  { date: '1950-01-30', end: null, precision: 'day', text: 'Diplomatic relations established.', sources: [source('a', 'en')], kinds: ['other'], subkinds: ['diplomatic-relations'] },
  {
    date: '2024-06-19',
    end: '2024-06-20',
    precision: 'day',
    text: 'Putin thăm cấp nhà nước Việt Nam.',
    sources: [source('b', 'vi'), source('c', 'id')],
    kinds: ['visit'],
    subkinds: ['state-visit', 'visit'],
    texts: [
      { lang: 'vi', doc: 'b', text: 'Putin thăm cấp nhà nước Việt Nam.' },
      { lang: 'id', doc: 'c', text: 'Putin melakukan kunjungan kenegaraan ke Vietnam.' },
    ],
  },
];

let work: string;
let indexDir: string;
let emptyIndexDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'timeline-cli-'));
  indexDir = join(work, 'index');
  emptyIndexDir = join(work, 'no-index');
  const generation = generationName(new Date('2026-01-01T00:00:00Z'), 1);
  await mkdir(join(indexDir, generation), { recursive: true });
  await mkdir(emptyIndexDir);
  await writeFile(join(indexDir, generation, 'timeline.json'), JSON.stringify(INDEXED));
  await writeFile(join(indexDir, CURRENT_FILE), generation);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run timeline', () => {
  it('prints the index timeline as one JSON object per line with exactly the contract fields', async () => {
    const { stdout } = await timelineCli(['--json'], { INDEX_DIR: indexDir });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(['date', 'end', 'precision', 'text', 'sources', 'kinds']);
    expect(lines.map((l) => l.kinds)).toEqual([['other'], ['visit']]);
    expect(Object.keys(lines[0].sources[0])).toEqual(['doc', 'title', 'outlet', 'url', 'lang', 'published']);
    expect(lines.map((l) => l.date)).toEqual(['1950-01-30', '2024-06-19']);
  });

  it('filters by years and topic', async () => {
    const { stdout } = await timelineCli(['--json', '--from', '2000', '--topic', 'state visit'], { INDEX_DIR: indexDir });
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).date)).toEqual(['2024-06-19']);
  });

  it('falls back to the corpus when no index is built, keeping logs off stdout', async () => {
    const { stdout, stderr } = await timelineCli(['--json', '--to', '1960'], { INDEX_DIR: emptyIndexDir, CORPUS_DIR: join(ROOT, 'corpus') });
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    const relations = events.find((e) => e.date === '1950-01-30');
    expect(new Set(relations.sources.map((s: { lang: string }) => s.lang))).toEqual(new Set(['en', 'vi', 'id']));
    expect(events.every((e) => Number(e.date.slice(0, 4)) <= 1960)).toBe(true);
    expect(stderr).toContain('extracting the timeline from the corpus');
  });

  it('filters by --kind and tells events in --lang where a source in it exists', async () => {
    const visits = await timelineCli(['--json', '--kind', 'visit', '--lang', 'id'], { INDEX_DIR: indexDir });
    const lines = visits.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.date, l.text, l.sources[0].doc])).toEqual([['2024-06-19', 'Putin melakukan kunjungan kenegaraan ke Vietnam.', 'c']]);
    const calls = await timelineCli(['--kind', 'call'], { INDEX_DIR: indexDir });
    expect(calls.stdout).toBe('');
    await expect(timelineCli(['--kind', 'trip'], { INDEX_DIR: indexDir })).rejects.toMatchObject({ stderr: expect.stringContaining('Allowed choices are visit, call') });
  });

  it('reads the corpus when the index was built by another version, whose timeline has another shape', async () => {
    const dir = join(work, 'old-index');
    const generation = generationName(new Date('2025-01-01T00:00:00Z'), 3);
    await mkdir(join(dir, generation), { recursive: true });
    await writeFile(join(dir, generation, 'manifest.json'), JSON.stringify({ formatVersion: 1 }));
    await writeFile(join(dir, generation, 'timeline.json'), JSON.stringify([{ ...INDEXED[0], kinds: ['diplomatic-relations'] }]));
    await writeFile(join(dir, CURRENT_FILE), generation);
    const { stdout, stderr } = await timelineCli(['--json', '--to', '1960'], { INDEX_DIR: dir, CORPUS_DIR: join(ROOT, 'corpus') });
    expect(stderr).toContain('built by another version');
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.find((e) => e.date === '1950-01-30')?.kinds).toEqual(['other']);
  });

  it('rejects a malformed year', async () => {
    await expect(timelineCli(['--from', 'soon'], { INDEX_DIR: indexDir })).rejects.toMatchObject({ stderr: expect.stringContaining('expected a year') });
  });
});

describe('loadTimeline', () => {
  it('reports a damaged timeline file as INDEX_CORRUPT', async () => {
    const dir = join(work, 'bad-index');
    const generation = generationName(new Date('2026-01-02T00:00:00Z'), 2);
    await mkdir(join(dir, generation), { recursive: true });
    await writeFile(join(dir, generation, 'timeline.json'), JSON.stringify([{ date: 'yesterday' }]));
    await writeFile(join(dir, CURRENT_FILE), generation);
    const error = await loadTimeline({ indexDir: dir, corpusDir: join(ROOT, 'corpus') }).catch((e: unknown) => e);
    expect(isBotError(error, 'INDEX_CORRUPT')).toBe(true);
  });
});
