import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import { botMessage, slashCommand, snowflake, stringOption, type InteractionPlace, type SlashOption } from '../../support/fake-discord/fixtures.ts';
import type { RecordedRequest } from '../../support/fake-discord/server.ts';
import type { Harness } from './harness.ts';

/**
 * What the end-to-end bot tests read off the wire (the requests the bot sent the fake Discord), shared by
 * tests/bot/discord-e2e.test.ts and tests/bot/feedback-e2e.test.ts.
 */

/** Answered from the real corpus. */
export const QUESTION = 'When did Putin visit Vietnam?';
/** Nothing in the corpus: the bot abstains. */
export const UNANSWERABLE = 'zzqx blorft vexillology';

export type Body = { type?: number; data?: Record<string, unknown> } & Record<string, unknown>;
export const bodyOf = (request: RecordedRequest) => (request.body ?? {}) as Body;
export const isCallback = (request: RecordedRequest) => request.method === 'POST' && request.path.endsWith('/callback');
export const isEditOriginal = (request: RecordedRequest) => request.method === 'PATCH' && request.path.endsWith('/messages/@original');
export const embedOf = (request: RecordedRequest) => (bodyOf(request).embeds as APIEmbed[])[0]!;
export const buttonsOf = (request: RecordedRequest) =>
  ((bodyOf(request).components ?? []) as APIActionRowComponent<APIButtonComponent>[]).flatMap((row) => row.components);
export const customIdsOf = (request: RecordedRequest) => buttonsOf(request).flatMap((b) => ('custom_id' in b ? [b.custom_id] : []));

/** A user no earlier interaction used, so that the shared cooldown never links two tests. */
export function freshUser(): APIUser {
  return { id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null };
}

/** What a button click delivers back: the message as the bot last wrote it (the same id every time). */
export function messageFromEdit(edit: RecordedRequest, guildId: string): APIMessage {
  return botMessage(guildId, bodyOf(edit) as Parameters<typeof botMessage>[1]);
}

/** `/ask` through the harness: every request it caused, and the edit of the deferred reply (the answer). */
export async function askOverWire(harness: Harness, question: string, at: InteractionPlace, extra: SlashOption[] = []) {
  const requests = await harness.interact(slashCommand('ask', [stringOption('question', question), ...extra], at));
  return { requests, edit: requests.find(isEditOriginal) };
}
