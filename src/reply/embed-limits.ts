import type { APIEmbed, APIEmbedField } from 'discord.js';
import { EMBED_LIMITS } from '../limits.ts';
import { scrubSecrets } from '../logger.ts';

/**
 * The one place where every Discord embed limit is enforced. Renderers build embeds freely, then pass them through
 * `fitEmbed`; Discord rejects the whole message (HTTP 400) when any limit is exceeded, so nothing may skip this.
 */

export const ELLIPSIS = '…';

/**
 * Replaces a secret in a Discord reply. No Markdown meaning, unlike the logs' `[REDACTED]`, which followed by `(url)`
 * in the text would become a masked link.
 */
export const DISCORD_REDACTED = '‹redacted›';

/**
 * Every reply text passes here, so the token cannot reach a channel in any form (a question that quotes it, an
 * article that holds it). Scrubbed before truncation, so limits hold for the text sent.
 */
export function scrubForDiscord(text: string): string {
  return scrubSecrets(text, DISCORD_REDACTED);
}

/** Characters counted towards the 6000 total (Discord's rule: these text fields, summed). */
export function embedTextLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += embed.footer?.text.length ?? 0;
  total += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with an ellipsis, without leaving broken Markdown behind:
 * no split surrogate pair (flags are pairs), no dangling escape backslash, no half masked link, no unclosed bold.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  // Room for the ellipsis and a closing "**" should bold have to be re-balanced.
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length - 2));
  const lastSpace = cut.search(/\s\S*$/u);
  // Prefer a word boundary, unless that would throw away more than a fifth of the room.
  if (lastSpace > cut.length * 0.8) cut = cut.slice(0, lastSpace);
  cut = dropBrokenTail(cut);
  let out = cut.trimEnd() + ELLIPSIS;
  if (countUnescaped(cut, '**') % 2 === 1) out += '**';
  return out.length <= max ? out : out.slice(0, max);
}

function dropBrokenTail(text: string): string {
  let out = text;
  // A high surrogate whose low half was cut off.
  if (/[\uD800-\uDBFF]$/u.test(out)) out = out.slice(0, -1);
  // An unfinished masked link "[label](url" or "[label": cut before its bracket.
  const open = lastUnescapedIndex(out, '[');
  if (open >= 0 && !/\]\([^)]*\)/u.test(out.slice(open))) out = out.slice(0, open);
  // An odd run of trailing backslashes would escape the ellipsis.
  const trailing = /\\+$/u.exec(out)?.[0].length ?? 0;
  if (trailing % 2 === 1) out = out.slice(0, -1);
  // A lone "*" left over from a cut "**".
  if (/(?<![\\*])\*$/u.test(out)) out = out.slice(0, -1);
  return out;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function lastUnescapedIndex(text: string, needle: string): number {
  for (let i = text.lastIndexOf(needle); i >= 0; i = text.lastIndexOf(needle, i - 1)) {
    if (!isEscaped(text, i)) return i;
    if (i === 0) break;
  }
  return -1;
}

function countUnescaped(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
    if (!isEscaped(text, i)) count++;
  }
  return count;
}

/** Returns a copy of `embed` that satisfies every limit in EMBED_LIMITS. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncateText(scrubForDiscord(out.title), EMBED_LIMITS.title);
  if (out.description !== undefined) out.description = truncateText(scrubForDiscord(out.description), EMBED_LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncateText(scrubForDiscord(out.footer.text), EMBED_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncateText(scrubForDiscord(out.author.name), EMBED_LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, EMBED_LIMITS.fields).map(
      (field): APIEmbedField => ({
        ...field,
        name: truncateText(scrubForDiscord(field.name), EMBED_LIMITS.fieldName) || ELLIPSIS,
        value: truncateText(scrubForDiscord(field.value), EMBED_LIMITS.fieldValue) || ELLIPSIS,
      }),
    );
  }

  // The total: shorten the description first (it is the bulk), then drop trailing fields, then the footer.
  let overflow = embedTextLength(out) - EMBED_LIMITS.total;
  if (overflow > 0 && out.description) {
    out.description = truncateText(out.description, Math.max(0, out.description.length - overflow));
    overflow = embedTextLength(out) - EMBED_LIMITS.total;
  }
  while (overflow > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    overflow = embedTextLength(out) - EMBED_LIMITS.total;
  }
  if (overflow > 0 && out.footer) {
    out.footer = { ...out.footer, text: truncateText(out.footer.text, Math.max(0, out.footer.text.length - overflow)) };
    overflow = embedTextLength(out) - EMBED_LIMITS.total;
  }
  if (overflow > 0 && out.title) out.title = truncateText(out.title, Math.max(0, out.title.length - overflow));
  return out;
}
