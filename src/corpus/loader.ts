import { sha256 } from '../hash.ts';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import type { CorpusDocument } from '../domain.ts';
import { BotError } from '../errors.ts';
import { MAX_ARTICLE_BYTES, MAX_PARALLEL_FILE_READS } from '../limits.ts';
import { childLogger } from '../logger.ts';
import { extractContentBlocks } from './clutter.ts';
import { validateFrontMatter, type FieldProblem } from './front-matter.ts';

const log = childLogger('corpus');

/** One problem in one corpus file; all of them are reported together so that a bad corpus is fixed in one pass. */
export interface CorpusProblem extends FieldProblem {
  /** Path relative to the corpus folder. */
  file: string;
}

type FileResult = { ok: true; document: CorpusDocument } | { ok: false; problems: CorpusProblem[] };

const ARTICLE_EXTENSION = '.md';
/** Documentation that lives in the corpus folder but is not an article. */
const NOT_ARTICLES = new Set(['readme.md']);

async function listArticleFiles(corpusDir: string, relativeDir = ''): Promise<string[]> {
  const entries = await readdir(path.join(corpusDir, relativeDir), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) {
      // Never followed: a link can point anywhere on the disk, and the corpus would then quote it. But a skipped
      // article must not vanish without a word.
      log.warn({ file: relative }, `skipping symbolic link ${JSON.stringify(relative)} in the corpus (symbolic links are not followed; copy the file in instead)`);
    } else if (entry.isDirectory()) {
      // A loop, not push(...): spreading a huge array as arguments overflows the stack.
      for (const file of await listArticleFiles(corpusDir, relative)) files.push(file);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith(ARTICLE_EXTENSION) && !NOT_ARTICLES.has(entry.name.toLowerCase())) {
      files.push(relative);
    }
  }
  return files.sort();
}
 
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8 text, or says why the file cannot be an article. */
function decodeText(bytes: Buffer): { text: string } | { problem: string } {
  if (bytes.length === 0) return { problem: 'file is empty' };
  if (bytes.includes(0)) return { problem: 'file is binary (contains NUL bytes)' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: 'file is not valid UTF-8' };
  }
}

/**
 * Only YAML front matter is read. gray-matter picks its engine from the text after the opening fence (`---js`,
 * `--- javascript`) and its JavaScript engines run the front matter with `eval`: one corpus file could run code
 * as the bot's user. Every other engine it knows is replaced by one that refuses, before anything is evaluated.
 */
class ForbiddenEngineError extends Error {}
function refuse(language: string): () => never {
  return () => {
    throw new ForbiddenEngineError(`front matter must be YAML, not ${language}`);
  };
}
const FRONT_MATTER_OPTIONS = {
  language: 'yaml',
  engines: Object.fromEntries(
    ['js', 'javascript', 'json', 'coffee', 'coffeescript', 'cson', 'toml'].map((language) => [language, { parse: refuse(language), stringify: refuse(language) }]),
  ),
} as unknown as Parameters<typeof matter>[1];

const formatBytes = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`;

function tooLargeProblem(file: string, size: number): CorpusProblem {
  return {
    file,
    field: 'file',
    message: `is too large (${formatBytes(size)}; the limit is MAX_ARTICLE_BYTES = ${formatBytes(MAX_ARTICLE_BYTES)}): split the article or trim the page furniture`,
  };
}

/** Parses and validates one article file. Pure apart from the bytes handed in. */
export function parseArticle(file: string, bytes: Buffer): FileResult {
  // Checked here too, so that no caller can hand the later stages more than the limit.
  if (bytes.length > MAX_ARTICLE_BYTES) return { ok: false, problems: [tooLargeProblem(file, bytes.length)] };
  const decoded = decodeText(bytes);
  if ('problem' in decoded) return { ok: false, problems: [{ file, field: 'file', message: decoded.problem }] };
  if (decoded.text.trim().length === 0) return { ok: false, problems: [{ file, field: 'file', message: 'file is empty' }] };

  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns off gray-matter's cache, which would hand back a shared, mutable object.
    parsed = matter(decoded.text, FRONT_MATTER_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = error instanceof ForbiddenEngineError ? error.message : `is not valid YAML: ${reason}`;
    return { ok: false, problems: [{ file, field: 'front matter', message }] };
  }
  if (parsed.matter.trim().length === 0) {
    return { ok: false, problems: [{ file, field: 'front matter', message: 'is missing (the file must start with --- … ---)' }] };
  }
  const data: unknown = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problems: [{ file, field: 'front matter', message: 'must be a YAML mapping of fields' }] };
  }

  const validated = validateFrontMatter(data as Record<string, unknown>, parsed.matter);
  const problems: CorpusProblem[] = validated.ok ? [] : validated.problems.map((problem) => ({ file, ...problem }));
  const body = parsed.content;
  const blocks = extractContentBlocks(body);
  if (blocks.length === 0) problems.push({ file, field: 'body', message: 'has no article text left after clutter removal' });
  if (!validated.ok || problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    document: {
      meta: validated.meta,
      path: file,
      body,
      blocks,
      contentHash: sha256(bytes),
      ...(validated.provenance ? { provenance: validated.provenance } : {}),
    },
  };
}

/**
 * Reads one article, refusing a file over MAX_ARTICLE_BYTES from its size on disk before any of it is read into
 * memory. The size read back is checked again in parseArticle, in case the file grew in between.
 */
async function readArticle(corpusDir: string, file: string): Promise<FileResult> {
  const full = path.join(corpusDir, file);
  const { size } = await stat(full);
  if (size > MAX_ARTICLE_BYTES) return { ok: false, problems: [tooLargeProblem(file, size)] };
  return parseArticle(file, await readFile(full));
}

function duplicateIdProblems(documents: CorpusDocument[]): CorpusProblem[] {
  const firstFileById = new Map<string, string>();
  const problems: CorpusProblem[] = [];
  for (const document of documents) {
    const first = firstFileById.get(document.meta.id);
    if (first === undefined) firstFileById.set(document.meta.id, document.path);
    else problems.push({ file: document.path, field: 'id', message: `${JSON.stringify(document.meta.id)} is already used by ${JSON.stringify(first)}` });
  }
  return problems;
}

export function formatProblems(problems: CorpusProblem[]): string {
  const files = new Set(problems.map((problem) => problem.file)).size;
  // File names are JSON-quoted: a name may hold a newline or an escape sequence, which would forge or hide lines.
  const lines = problems.map((problem) => `  ${JSON.stringify(problem.file)}: ${problem.field} ${problem.message}`);
  return `Corpus files are invalid (${problems.length} problem(s) in ${files} file(s)):\n${lines.join('\n')}`;
}

/** `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Loads and validates every article in `corpusDir`. Throws BotError('CORPUS_INVALID') listing every bad file and field. */
export async function loadCorpus(corpusDir: string): Promise<CorpusDocument[]> {
  let files: string[];
  try {
    files = await listArticleFiles(corpusDir);
  } catch (error) {
    throw new BotError('CORPUS_EMPTY', `Corpus folder cannot be read: ${corpusDir}`, { cause: error });
  }
  if (files.length === 0) throw new BotError('CORPUS_EMPTY', `Corpus folder holds no .md articles: ${corpusDir}`);

  const results = await mapWithLimit(files, MAX_PARALLEL_FILE_READS, (file) => readArticle(corpusDir, file));
  const documents = results.flatMap((result) => (result.ok ? [result.document] : []));
  const problems = [...results.flatMap((result) => (result.ok ? [] : result.problems)), ...duplicateIdProblems(documents)];
  if (problems.length > 0) {
    throw new BotError('CORPUS_INVALID', formatProblems(problems), { details: problems });
  }

  const blocks = documents.reduce((sum, document) => sum + document.blocks.length, 0);
  log.debug({ documents: documents.length, blocks }, 'corpus loaded');
  return documents;
}
