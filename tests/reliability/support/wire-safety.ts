import { expect } from 'vitest';
import type { RecordedRequest } from '../../support/fake-discord/server.ts';

/**
 * Checks on what the bot put on the wire: every message it sends forbids mentions, and no text in it could ping
 * or link anyone even if a client ignored allowed_mentions.
 */

type MessageBody = { content?: string; embeds?: unknown[]; components?: unknown[]; allowed_mentions?: unknown };

/** The message part of a request: the callback's `data`, or the webhook body itself. Undefined for bare acks. */
export function messageOf(request: RecordedRequest): MessageBody | undefined {
  const body = request.body as (MessageBody & { type?: number; data?: MessageBody }) | undefined;
  if (!body) return undefined;
  if (request.path.endsWith('/callback')) {
    const data = body.data;
    return data && (data.content !== undefined || data.embeds !== undefined) ? data : undefined;
  }
  return body.content !== undefined || body.embeds !== undefined ? body : undefined;
}

export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/**
 * Text that Discord would turn into a ping or a channel/role link: `@everyone`, `@here`, `<@id>`, `<@!id>`,
 * `<@&id>`, `<#id>`. The bot's escaper breaks them with a zero-width joiner after `@` and `<`.
 */
export const LIVE_MENTION = /@(everyone|here)|<(@[!&]?|#)\d+>/u;

export function expectNoLiveMentions(requests: RecordedRequest[]): void {
  for (const request of requests) {
    const message = messageOf(request);
    if (!message) continue;
    expect(message.allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
    for (const text of stringsIn({ content: message.content, embeds: message.embeds })) {
      expect(text, `${request.method} ${request.path}`).not.toMatch(LIVE_MENTION);
    }
  }
}

/** The last message the user sees for an interaction. */
export function finalMessage(requests: RecordedRequest[]): MessageBody {
  const messages = requests.map(messageOf).filter((m): m is MessageBody => m !== undefined);
  const last = messages.at(-1);
  if (!last) throw new Error(`no message among ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  return last;
}
