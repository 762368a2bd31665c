import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/loader.ts';
import { MAX_ARTICLE_BYTES, MAX_OUTLET_LENGTH, MAX_QUESTION_LENGTH, MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../../src/limits.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';
import { runNpmScript } from './support/npm-run.ts';

/**
 * Issue 11, class 4: one input must not cost unbounded work or memory. An article over MAX_ARTICLE_BYTES, a title,
 * outlet or URL over its limit, and a question over MAX_QUESTION_LENGTH on `npm run ask` are refused with a message
 * naming the limit, through the real entry points.
 */
const bytes = (n: number) => n.toLocaleString('en-US');

function frontMatter(fields: Record<string, string>): string {
  const all = { id: 'limit-test', title: 'Vietnam and Russia', outlet: 'Test', lang: 'en', published: '2025-01-14', ...fields };
  return `---\n${Object.entries(all).map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join('\n')}\n---\n`;
}
const BODY = 'Vietnam and Russia signed an agreement on energy cooperation in Hanoi on 14 January 2025.\n';

/** An article file of exactly `size` bytes (ASCII padding in the body). */
function articleOfSize(size: number, fields: Record<string, string> = {}): Buffer {
  const head = frontMatter(fields) + BODY;
  const line = 'The two sides also discussed trade, education and culture at length during the talks.\n';
  return Buffer.from((head + line.repeat(Math.ceil(size / line.length))).slice(0, size));
}

const runNpm = runNpmScript;

describe('article and front-matter limits', () => {
  let folders: Awaited<ReturnType<typeof scratchFolders>>;
  let before: Map<string, string>;
  const BAD = {
    // Sparse: 50 MB on paper, nothing on disk. Read, it would be "binary (contains NUL bytes)"; refused by its size
    // from stat, it never is.
    'huge.md': null,
    'one-byte-over.md': articleOfSize(MAX_ARTICLE_BYTES + 1, { id: 'one-byte-over' }),
    'long-title.md': Buffer.from(frontMatter({ id: 'long-title', title: 'T'.repeat(MAX_TITLE_LENGTH + 1) }) + BODY),
    'long-outlet.md': Buffer.from(frontMatter({ id: 'long-outlet', outlet: 'O'.repeat(MAX_OUTLET_LENGTH + 1) }) + BODY),
    'long-url.md': Buffer.from(frontMatter({ id: 'long-url', url: `https://example.com/${'u'.repeat(MAX_URL_LENGTH)}` }) + BODY),
  } as const;

  beforeAll(async () => {
    folders = await scratchFolders('limits');
    const built = runNpm('index', [], { CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir });
    expect(built.status, built.stderr).toBe(0);
    before = await snapshotTree(folders.indexDir);
    for (const [name, content] of Object.entries(BAD)) {
      const file = join(folders.corpusDir, name);
      if (content === null) {
        await writeFile(file, '');
        await truncate(file, 50 * 1024 * 1024);
      } else await writeFile(file, content);
    }
  }, 180_000);
  afterAll(() => folders?.cleanup());

  it('`npm run index` fails with one CORPUS_INVALID error naming every file over a limit and the limit, and leaves the index alone', async () => {
    const result = runNpm('index', [], { CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error \[CORPUS_INVALID\]: Corpus files are invalid \(\d+ problem\(s\) in 5 file\(s\)\)/mu);
    const limit = `the limit is MAX_ARTICLE_BYTES = ${bytes(MAX_ARTICLE_BYTES)} bytes`;
    expect(result.stderr).toContain(`"huge.md": file is too large (${bytes(50 * 1024 * 1024)} bytes; ${limit})`);
    expect(result.stderr).toContain(`"one-byte-over.md": file is too large (${bytes(MAX_ARTICLE_BYTES + 1)} bytes; ${limit})`);
    expect(result.stderr).not.toMatch(/binary/u);
    expect(result.stderr).toContain(`"long-title.md": title is too long (the limit is MAX_TITLE_LENGTH = ${MAX_TITLE_LENGTH} characters)`);
    expect(result.stderr).toContain(`"long-outlet.md": outlet is too long (the limit is MAX_OUTLET_LENGTH = ${MAX_OUTLET_LENGTH} characters)`);
    expect(result.stderr).toContain(`"long-url.md": url is too long (the limit is MAX_URL_LENGTH = ${MAX_URL_LENGTH} characters)`);
    expect(result.stderr).not.toMatch(/RangeError|unexpected failure/u);
    expect(result.stdout).toBe('');
    expect(await snapshotTree(folders.indexDir)).toEqual(before);
  }, 180_000);

  it('accepts an article of exactly MAX_ARTICLE_BYTES and a title of exactly MAX_TITLE_LENGTH', () => {
    const atLimit = parseArticle('at-limit.md', articleOfSize(MAX_ARTICLE_BYTES, { title: `Vietnam ${'T'.repeat(MAX_TITLE_LENGTH - 8)}` }));
    expect(atLimit.ok).toBe(true);
    if (atLimit.ok) expect(atLimit.document.meta.title).toHaveLength(MAX_TITLE_LENGTH);
    const over = parseArticle('over.md', articleOfSize(MAX_ARTICLE_BYTES + 1));
    expect(over.ok).toBe(false);
  });
});

describe('`npm run ask` with a question over MAX_QUESTION_LENGTH', () => {
  let folders: Awaited<ReturnType<typeof scratchFolders>>;
  beforeAll(async () => {
    folders = await scratchFolders('ask-limit');
  });
  afterAll(() => folders?.cleanup());
  const env = () => ({ CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir });
  const tooLong = 'When did Putin visit Hanoi? '.repeat(40).slice(0, MAX_QUESTION_LENGTH + 1);
  const refusal = `This question is ${bytes(MAX_QUESTION_LENGTH + 1)} characters long; please keep questions to ${MAX_QUESTION_LENGTH} characters (MAX_QUESTION_LENGTH).`;

  it('as an argument: refused with a polite message and exit status 1 (as a blank question), nothing on stdout', () => {
    const result = runNpm('ask', ['--json', tooLong], env());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(refusal);
    expect(result.stdout).toBe('');
    // 100,000 characters (Linux allows one argument up to 128 KiB) is refused the same way, before any index is
    // opened or built.
    const huge = runNpm('ask', ['x'.repeat(100_000)], env());
    expect(huge.status).toBe(1);
    expect(huge.stderr).toContain('This question is 100,000 characters long');
  }, 120_000);

  it('as a stdin line: that line is refused on stderr with its line number and gets an error line, the others are answered in order, exit status 1', () => {
    const good = ['When did Vietnam and the Soviet Union establish diplomatic relations?', 'Kapan Misustin mengunjungi Vietnam?'];
    const atLimit = 'x'.repeat(MAX_QUESTION_LENGTH);
    const million = 'y'.repeat(1_000_000);
    const result = runNpm('ask', ['--json'], env(), `${good[0]}\n${tooLong}\n${atLimit}\n${million}\n${good[1]}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: stdin line 2: ${refusal}`);
    expect(result.stderr).toContain('error: stdin line 4: This question is 1,000,000 characters long');
    // One line out per line in: the refused ones say so in `error`, with their first 80 characters, not all of them.
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { question: string; error?: string });
    expect(answers.map((answer) => answer.question)).toEqual([good[0], tooLong.slice(0, 80), atLimit, million.slice(0, 80), good[1]]);
    expect(answers.map((answer) => answer.error?.startsWith('question too long') ?? false)).toEqual([false, true, false, true, false]);
  }, 120_000);
});
