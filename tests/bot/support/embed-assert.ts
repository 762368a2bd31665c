import type { APIEmbed } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { EMBED_LIMITS } from '../../../src/limits.ts';
import { embedTextLength } from '../../../src/reply/embed-limits.ts';

/** Checks every Discord embed limit on an embed as sent on the wire. */
export function expectWithinEmbedLimits(embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.footer);
  expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.author);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
  expect(embedTextLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
}
