import { escapeMarkdown } from 'discord.js';
import { truncateText } from './embed-limits.ts';
import { collapseWhitespace } from '../text/normalize.ts';

/** Rendering code folds text with the same rule the corpus uses; re-exported so reply code has one place to import from. */
export { collapseWhitespace };

/**
 * Makes corpus and user text inert in Discord Markdown: no formatting, no masked links, no pings.
 *
 * The transformation is reversible (see `unescapeDiscordText`) because the /ask "More results" button re-reads the
 * question from the message it was posted in, and that must work after a restart with no server-side state.
 */

/** Inserted after `@` and `<` so that `@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>` and `<t:…>` never resolve. */
export const ZERO_WIDTH_JOINER = '\u200D';

/**
 * Single `_` and `*` (italic, underline) are escaped by `escapeMarkersOutsideUrls` instead: escapeMarkdown's italic
 * and underline passes can escape the same `_` twice (`___:1>` came out as `\\_\\__:1>`, a literal backslash and a
 * live `_`), and they spare markers that look like part of a custom emoji, which the joiner below breaks.
 */
const MARKDOWN_OPTIONS = { heading: true, bulletedList: true, numberedList: true, maskedLink: true, italic: false, underline: false } as const;

// Quotes and questions are shown on one line (collapseWhitespace), so block syntax cannot start.

/**
 * escapeMarkdown's cost grows with the square of its input (≈0.3 s for 10 000 characters), so long text is escaped
 * in slices cut at spaces. Slicing is safe because escapeMarkdown escapes markers one by one, never in pairs.
 */
const ESCAPE_SLICE = 800;

function escapeMarkdownLinear(text: string): string {
  if (text.length <= ESCAPE_SLICE) return escapeMarkdown(text, MARKDOWN_OPTIONS);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > ESCAPE_SLICE) {
    let cut = rest.lastIndexOf(' ', ESCAPE_SLICE);
    if (cut <= 0) cut = ESCAPE_SLICE;
    // Never split a surrogate pair (flags and many emoji are pairs).
    if (/[\uD800-\uDBFF]/u.test(rest[cut - 1] ?? '')) cut--;
    parts.push(escapeMarkdown(rest.slice(0, cut), MARKDOWN_OPTIONS));
    rest = rest.slice(cut);
  }
  parts.push(escapeMarkdown(rest, MARKDOWN_OPTIONS));
  return parts.join('');
}

/**
 * A live marker is one preceded by an even run of backslashes (`\\\\_` is an escaped backslash, then a live `_`).
 * Every live `_`, `*` and backtick is escaped, except in bare URLs: Discord does not format inside them, and a backslash
 * would break the link. This also catches what escapeMarkdown leaves behind: a backtick after a ``` run, and markers
 * inside `<scheme:/…>` forms that the joiner below turns into plain text.
 */
const BARE_URL_OR_LIVE_MARKER = /https?:\/\/[^\s\\]+|(?<!\\)((?:\\\\)*)([_*`])/gu;
const LIVE_BRACKET = /(?<!\\)((?:\\\\)*)([[\]])/gu;

function escapeMarkersOutsideUrls(text: string): string {
  return text.replace(BARE_URL_OR_LIVE_MARKER, (match, backslashes: string | undefined, marker: string | undefined) =>
    marker === undefined ? match : `${backslashes}\\${marker}`,
  );
}

export function escapeDiscordText(text: string): string {
  let out = escapeMarkdownLinear(text);
  out = escapeMarkersOutsideUrls(out);
  // escapeMarkdown leaves these block forms alone: a block quote, "-#" subtext and a "+ " list item (its bulleted
  // list rule knows only "-" and "*") at the start of a line.
  out = out.replace(/^(\s*)(>|-#|\+(?=\s))/gmu, (_m, space: string, marker: string) => `${space}\\${marker}`);
  // Brackets are escaped everywhere so no masked link `[text](url)` can form, whatever escapeMarkdown decided.
  out = out.replace(LIVE_BRACKET, '$1\\$2');
  return out.replace(/([@<])/gu, `$1${ZERO_WIDTH_JOINER}`);
}

/**
 * Corpus or user text shown on one line, cut to `max` characters, then escaped. Cut before escaping: escaping can
 * double the length, and cutting escaped text could split an escape.
 */
export function inertText(text: string, max: number): string {
  return escapeDiscordText(truncateText(collapseWhitespace(text), max));
}

/** Inverse of `escapeDiscordText`: `unescapeDiscordText(escapeDiscordText(s)) === s`. */
export function unescapeDiscordText(text: string): string {
  const withoutJoiners = text.replace(/([@<])\u200D/gu, '$1');
  return withoutJoiners.replace(/\\([\s\S])/gu, '$1');
}

/** Link target safe inside `[label](url)`: only http(s), and characters that would close the link are encoded. */
export function safeLinkUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href.replace(/[()<> ]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Longest link label shown; longer titles are cut (before escaping, which is where the cost is). */
export const LINK_LABEL_MAX = 200;

/** `[label](url)` with the label escaped; plain escaped label when the URL is unusable. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const collapsed = collapseWhitespace(label);
  const shown = collapsed.length > LINK_LABEL_MAX ? `${collapsed.slice(0, LINK_LABEL_MAX - 1).trimEnd()}…` : collapsed;
  const safeLabel = escapeDiscordText(shown);
  const safeUrl = safeLinkUrl(url);
  return safeUrl ? `[${safeLabel}](${safeUrl})` : safeLabel;
}
