import { escapeMarkdown } from 'discord.js';

/**
 * Makes corpus and user text inert in Discord Markdown: no formatting, no masked links, no pings.
 *
 * The transformation is reversible (see `unescapeDiscordText`) because the /ask "More results" button re-reads the
 * question from the message it was posted in, and that must work after a restart with no server-side state.
 */

/** Inserted after `@` and `<` so that `@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>` and `<t:…>` never resolve. */
export const ZERO_WIDTH_JOINER = '\u200D';

const MARKDOWN_OPTIONS = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;

/** Folds line breaks and runs of spaces: quotes and questions are shown on one line, so block syntax cannot start. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export function escapeDiscordText(text: string): string {
  let out = escapeMarkdown(text, MARKDOWN_OPTIONS);
  // escapeMarkdown leaves these block forms alone: a block quote and "-#" subtext at the start of a line.
  out = out.replace(/^(\s*)(>|-#)/gmu, (_m, space: string, marker: string) => `${space}\\${marker}`);
  // Brackets are escaped everywhere so no masked link `[text](url)` can form, whatever escapeMarkdown decided.
  out = out.replace(/(?<!\\)([[\]])/gu, '\\$1');
  return out.replace(/([@<])/gu, `$1${ZERO_WIDTH_JOINER}`);
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

/** `[label](url)` with the label escaped; plain escaped label when the URL is unusable. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const safeLabel = escapeDiscordText(collapseWhitespace(label));
  const safeUrl = safeLinkUrl(url);
  return safeUrl ? `[${safeLabel}](${safeUrl})` : safeLabel;
}
