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

/** Discord's limits on message components (a payload over them is rejected with a 400 and the user sees nothing). */
const COMPONENT_LIMITS = { rows: 5, perRow: 5, customId: 100, label: 80, url: 512 } as const;

export function expectValidComponents(message: MessageBody): void {
  const rows = (message.components ?? []) as Array<{ components: Array<{ custom_id?: string; label?: string; url?: string }> }>;
  expect(rows.length).toBeLessThanOrEqual(COMPONENT_LIMITS.rows);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.perRow);
    for (const component of row.components) {
      if (component.custom_id !== undefined) {
        expect([...component.custom_id].length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
        expect(ids.has(component.custom_id), 'custom_ids are unique in a message').toBe(false);
        ids.add(component.custom_id);
      }
      if (component.label !== undefined) expect([...component.label].length).toBeLessThanOrEqual(COMPONENT_LIMITS.label);
      if (component.url !== undefined) expect(component.url.length).toBeLessThanOrEqual(COMPONENT_LIMITS.url);
    }
  }
}

/** Autocomplete answers: at most 25 choices, names of 1–100 characters, values of at most 100. */
export function expectValidChoices(choices: Array<{ name: string; value: string | number }>): void {
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const choice of choices) {
    expect([...choice.name].length).toBeGreaterThan(0);
    expect([...choice.name].length).toBeLessThanOrEqual(100);
    expect(String(choice.value).length).toBeLessThanOrEqual(100);
  }
}
