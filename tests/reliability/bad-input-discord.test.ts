import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH } from '../../src/limits.ts';
import { strings } from '../../src/reply/i18n.ts';
import { questionFromAnswerEmbed } from '../../src/reply/discord-answer.ts';
import { collapseWhitespace } from '../../src/reply/escape.ts';
import { expectWithinEmbedLimits } from '../bot/support/embed-assert.ts';
import { BAD_INPUTS } from './support/bad-inputs.ts';
import { newUser, useFaultyHarness, waitUntil } from './support/bot-harness.ts';
import { autocomplete, slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';
import { expectNoLiveMentions, expectValidChoices, expectValidComponents, finalMessage } from './support/wire-safety.ts';

/**
 * Hostile questions sent through the real discord.js client, the real bot and the real (lexical) engine over the
 * real corpus. Discord itself would refuse some of them (empty, over 500 characters); a raw gateway payload does
 * not, so the bot must cope on its own: it answers or abstains, and refuses a question over MAX_QUESTION_LENGTH.
 */

const logLines: string[] = [];
const live = useFaultyHarness((line) => logLines.push(line));
const en = strings('en');

describe('/ask with hostile input', () => {
  it.each(BAD_INPUTS.map((input) => [input.name, input] as const))('%s: a clear answer, abstention or refusal that pings nobody', async (_name, input) => {
    const requests = await live.harness.ask(input.question);

    if (input.question.length > MAX_QUESTION_LENGTH) {
      // Over the limit Discord enforces: refused at once, privately and politely, before any work (the engine would
      // refuse it too, with QUESTION_TOO_LONG), never through the error path.
      expect(requests).toHaveLength(1);
      const body = requests[0]!.body as { type?: number; data?: { flags?: number; content?: string; allowed_mentions?: unknown } };
      expect(body.type).toBe(4);
      expect(body.data?.flags).toBe(64);
      expect(body.data?.content).toBe(en.questionTooLong(MAX_QUESTION_LENGTH));
      expect(body.data?.allowed_mentions).toEqual({ parse: [] });
      return;
    }

    // Acknowledged first, answered last, and never through the error path.
    expect((requests[0]?.body as { type?: number }).type).toBe(5);
    const message = finalMessage(requests);
    expect(message.content ?? '').not.toContain(en.errorGeneric);
    const embed = (message.embeds as APIEmbed[])[0]!;
    expect([en.answerTitle, en.abstainTitle]).toContain(embed.title);
    expectWithinEmbedLimits(embed);
    expectValidComponents(message);
    expectNoLiveMentions(requests);

    // The question is shown back inert, and can be recovered for paging when it fits the embed.
    const shown = collapseWhitespace(input.question);
    const recovered = questionFromAnswerEmbed(embed);
    if (shown.length > 0 && shown.length < 1_000) expect(recovered).toBe(shown);
  });

  it('answers a real question despite a mass mention in it, quoting sources', async () => {
    const requests = await live.harness.ask('@everyone When did Vietnam and the Soviet Union establish diplomatic relations?');
    const embed = (finalMessage(requests).embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe(en.answerTitle);
    expect(embed.description).toMatch(/1950/u);
    expect(embed.description).toContain('@\u200Deveryone');
    expectNoLiveMentions(requests);
  });

  it.each(BAD_INPUTS.map((input) => [input.name, input] as const))('%s as a /timeline topic and in topic autocomplete: a valid reply', async (_name, input) => {
    const place = { guildId: live.harness.guildId, user: newUser() };
    const requests = await live.harness.interact(slashCommand('timeline', [stringOption('topic', input.question)], place));
    const message = finalMessage(requests);
    const embed = (message.embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe(en.timelineTitle);
    expectWithinEmbedLimits(embed);
    expectValidComponents(message);
    expectNoLiveMentions(requests);

    const [answer] = await live.harness.interact(autocomplete('timeline', { name: 'topic', value: input.question }, place), 15_000);
    const body = answer!.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(body.type).toBe(8);
    expectValidChoices(body.data.choices);
  });

  it('logged every interaction as handled, none as failed', async () => {
    // The log line follows the final edit on the wire, so it may trail the test that caused it.
    const handled = () => logLines.filter((line) => line.includes('interaction handled')).length;
    // Per hostile input: /ask, /timeline and an autocomplete; plus the real question.
    const expected = BAD_INPUTS.length * 3 + 1;
    await waitUntil(() => handled() >= expected);
    expect(handled()).toBe(expected);
    expect(logLines.filter((line) => line.includes('interaction failed'))).toEqual([]);
  });
});
