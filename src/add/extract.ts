import { Readability } from '@mozilla/readability';
import { DOMParser, parseHTML } from 'linkedom';

// Loose on purpose: linkedom's Document type is not the standard one that Readability's types expect.
type Doc = ReturnType<typeof parseHTML>['document'];

export function parsePage(html: string): Doc {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Doc;
}

/** Block elements whose text becomes one paragraph each. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, dd, dt';

interface Block {
  parentElement: Block | null;
  textContent: string | null;
}

const collapse = (text: string) => text.replace(/\s+/gu, ' ').trim();

/**
 * The article's main text as paragraphs, by Mozilla Readability over a linkedom DOM. Each paragraph is the text of
 * one block element, whitespace collapsed and otherwise verbatim: what Readability lets through (a caption, a
 * "related" list) is left to the loader's clutter rules at index time, as for hand-added articles.
 * Readability changes the document it reads, so metadata must be read from it first.
 */
export function extractParagraphs(document: Doc): string[] {
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  if (!article?.content) return [];
  const paragraphs = blockParagraphs(article.content);
  if (paragraphs.length === 0) {
    // Text in bare <div>s and <br> lines.
    for (const line of (article.textContent ?? '').split(/\n+/u)) if (collapse(line)) paragraphs.push(collapse(line));
  }
  return paragraphs;
}

/**
 * A feed item's content (HTML, or plain text in a description) as paragraphs. It is the article body already, so
 * Readability, which looks for the body within a page, is not run on it.
 */
export function feedContentParagraphs(content: string): string[] {
  const paragraphs = blockParagraphs(content);
  if (paragraphs.length > 0) return paragraphs;
  const text = parsePage(`<!doctype html><html><body>${content}</body></html>`).body?.textContent ?? '';
  return text.split(/\n+/u).map(collapse).filter(Boolean);
}

/** The text of each outermost block element of an HTML fragment, whitespace collapsed and otherwise verbatim. */
function blockParagraphs(html: string): string[] {
  const content = parsePage(`<!doctype html><html><body>${html}</body></html>`);
  // Never text: a feed's HTML is not cleaned by Readability first.
  for (const element of Array.from(content.querySelectorAll('script, style, noscript, template')) as unknown as { remove(): void }[]) element.remove();
  const paragraphs: string[] = [];
  const blocks = Array.from(content.querySelectorAll(BLOCKS)) as unknown as Block[];
  const chosen = new Set(blocks);
  for (const block of blocks) {
    // A paragraph inside a quote or a list item is read with its container, once.
    let parent = block.parentElement;
    while (parent && !chosen.has(parent)) parent = parent.parentElement;
    if (parent) continue;
    const text = collapse(block.textContent ?? '');
    if (text) paragraphs.push(text);
  }
  return paragraphs;
}

/** A plain-text or Markdown file's paragraphs: blank-line separated, each kept as written (lines joined). */
export function textFileParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n\s*\r?\n/u)
    .map((block) => block.split(/\r?\n/u).map((line) => line.trim()).filter(Boolean).join(' '))
    .filter(Boolean);
}
