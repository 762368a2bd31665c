import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusProblem } from '../../src/corpus/loader.ts';
import { BotError, isBotError } from '../../src/errors.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';

const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
const BODY = 'Hai bên nhất trí tăng cường hợp tác kinh tế, thương mại và đầu tư.\n';

function article(frontMatter: string, body = BODY): string {
  return `---\n${frontMatter.trim()}\n---\n${body}`;
}

const GOOD_FRONT_MATTER = `
id: good-article
title: Good article
outlet: Example outlet
url: https://example.com/good
lang: vi
published: 2025-01-14
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corpus-test-'));
});
afterEach(async () => {
  restoreTestLogs();
  await rm(dir, { recursive: true, force: true });
});

async function put(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
}

async function loadError(): Promise<BotError> {
  try {
    await loadCorpus(dir);
  } catch (error) {
    if (error instanceof BotError) return error;
    throw error;
  }
  throw new Error('loadCorpus did not throw');
}

function problemsOf(error: BotError): CorpusProblem[] {
  return error.details as CorpusProblem[];
}

describe('loadCorpus', () => {
  it('loads a valid article: front matter, verbatim body, blocks and sha256 of the file bytes', async () => {
    const content = article(GOOD_FRONT_MATTER, `Trang chủ Thế giới\n\n${BODY}`);
    await put('good.md', content);
    const [doc, ...rest] = await loadCorpus(dir);
    expect(rest).toEqual([]);
    expect(doc?.meta).toEqual({
      id: 'good-article',
      title: 'Good article',
      outlet: 'Example outlet',
      url: 'https://example.com/good',
      lang: 'vi',
      published: '2025-01-14',
    });
    expect(doc?.path).toBe('good.md');
    expect(doc?.body).toBe(`Trang chủ Thế giới\n\n${BODY}`);
    expect(doc?.blocks.map((block) => block.text)).toEqual([BODY.trim()]);
    expect(doc?.contentHash).toBe(createHash('sha256').update(Buffer.from(content)).digest('hex'));
  });

  it('ignores README.md, non-.md files and hidden folders, and reads sub-folders', async () => {
    await put('README.md', '# How to add an article\n');
    await put('glossary.json', '{"not": "an article"}');
    await put('glossary.tsv', 'a\tb\n');
    await put('.drafts/draft.md', 'not even front matter');
    await put('2025/nested.md', article(GOOD_FRONT_MATTER.replace('good-article', 'nested-article')));
    const docs = await loadCorpus(dir);
    expect(docs.map((doc) => doc.path)).toEqual(['2025/nested.md']);
  });

  it('reports every bad file and field in ONE error, and loads nothing', async () => {
    const logs: string[] = [];
    setLogSink((line) => logs.push(line));
    await put('good.md', article(GOOD_FRONT_MATTER));
    await put('bad-date.md', article(GOOD_FRONT_MATTER.replace('good-article', 'bad-date').replace('2025-01-14', '2025-02-30')));
    await put('bad-lang.md', article(GOOD_FRONT_MATTER.replace('good-article', 'bad-lang').replace('lang: vi', 'lang: fr')));
    await put(
      'many-problems.md',
      article('id: Not A Slug\ntitle: ""\nurl: not a url\nlang: en\npublished: 14/01/2025\ntranslated-from: vi'),
    );
    await put('no-front-matter.md', 'Just text, no front matter.\n');
    const error = await loadError();

    expect(error.code).toBe('CORPUS_INVALID');
    const found = problemsOf(error).map((problem) => `${problem.file}:${problem.field}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'bad-date.md:published',
        'bad-lang.md:lang',
        'many-problems.md:id',
        'many-problems.md:title',
        'many-problems.md:outlet',
        'many-problems.md:url',
        'many-problems.md:published',
        'many-problems.md:front matter',
        'no-front-matter.md:front matter',
      ]),
    );
    expect(found.some((entry) => entry.startsWith('good.md'))).toBe(false);
    for (const file of ['bad-date.md', 'bad-lang.md', 'many-problems.md', 'no-front-matter.md']) expect(error.message).toContain(file);
    expect(error.message).toContain('translated-from');
    expect(logs.join('')).not.toContain('corpus loaded');
  });

  it('rejects an impossible unquoted YAML date instead of letting YAML roll it over', async () => {
    await put('a.md', article(GOOD_FRONT_MATTER.replace('2025-01-14', '2025-02-29')));
    const error = await loadError();
    expect(problemsOf(error)).toEqual([expect.objectContaining({ file: 'a.md', field: 'published' })]);
  });

  it('accepts quoted dates and a translation note', async () => {
    await put('a.md', article(`${GOOD_FRONT_MATTER.replace('2025-01-14', '"2024-02-29"').replace('lang: vi', 'lang: id')}\ntranslated_from: vi`));
    const [doc] = await loadCorpus(dir);
    expect(doc?.meta.published).toBe('2024-02-29');
    expect(doc?.meta.translated_from).toBe('vi');
  });

  it('catches empty, binary, non-UTF-8, clutter-only files and duplicate ids', async () => {
    await put('empty.md', '');
    await put('blank.md', ' \n\n');
    await put('binary.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    await put('latin1.md', Buffer.concat([Buffer.from(article(GOOD_FRONT_MATTER.replace('good-article', 'latin1'), '')), Buffer.from([0x48, 0xe0, 0x20, 0x4e, 0x1ec3 & 0xff])]));
    await put('clutter-only.md', article(GOOD_FRONT_MATTER.replace('good-article', 'clutter-only'), 'Trang chủ Thế giới\n14:15 | 12/01/2025 GMT+7\nKomentar (0)\n'));
    await put('first.md', article(GOOD_FRONT_MATTER));
    await put('second.md', article(GOOD_FRONT_MATTER));
    const problems = problemsOf(await loadError());
    const byFile = Object.fromEntries(problems.map((problem) => [problem.file, `${problem.field} ${problem.message}`]));
    expect(byFile['empty.md']).toMatch(/empty/u);
    expect(byFile['blank.md']).toMatch(/empty/u);
    expect(byFile['binary.md']).toMatch(/binary/u);
    expect(byFile['latin1.md']).toMatch(/UTF-8/u);
    expect(byFile['clutter-only.md']).toMatch(/^body .*clutter/u);
    expect(byFile['second.md']).toMatch(/^id .*first\.md/u);
    expect(byFile['first.md']).toBeUndefined();
  });

  it('reads files with a byte-order mark and Windows line endings', async () => {
    const content = `\uFEFF${article(GOOD_FRONT_MATTER, `Trang chủ Thế giới\r\n\r\n${BODY}`)}`.replace(/(?<!\r)\n/gu, '\r\n');
    await put('crlf.md', content);
    const [doc] = await loadCorpus(dir);
    expect(doc?.meta.published).toBe('2025-01-14');
    expect(doc?.blocks.map((block) => block.text)).toEqual([BODY.trim()]);
    for (const block of doc?.blocks ?? []) expect(doc?.body.slice(block.start, block.end)).toBe(block.text);
  });

  it('throws CORPUS_EMPTY for a folder without articles or a missing folder', async () => {
    await put('README.md', '# nothing here\n');
    await expect(loadCorpus(dir)).rejects.toSatisfy((error) => isBotError(error, 'CORPUS_EMPTY'));
    await expect(loadCorpus(path.join(dir, 'missing'))).rejects.toSatisfy((error) => isBotError(error, 'CORPUS_EMPTY'));
  });
});

describe('the real corpus', () => {
  it('loads all five articles with their metadata, bodies kept verbatim', async () => {
    const docs = await loadCorpus(CORPUS_DIR);
    expect(docs.map((doc) => [doc.meta.lang, doc.meta.published, doc.meta.translated_from ?? null])).toEqual([
      ['id', '2024-06-18', 'vi'],
      ['id', '2024-06-18', 'vi'],
      ['en', '2024-06-20', null],
      ['vi', '2025-01-12', null],
      ['en', '2025-01-14', null],
    ]);
    for (const doc of docs) {
      const raw = await readFile(path.join(CORPUS_DIR, doc.path), 'utf8');
      expect(raw.endsWith(doc.body)).toBe(true);
      expect(doc.blocks.length).toBeGreaterThan(0);
    }
    const thanhnien = docs.find((doc) => doc.meta.id === '2024-06-18-thanhnien-strengthening-relations-id');
    expect(thanhnien?.meta.url).toBe('https://thanhnien.vn/tang-cuong-quan-he-viet-nam-nga-185240618224456845.htm');
    expect(docs.filter((doc) => doc.meta.url !== undefined)).toHaveLength(1);
  });
});
