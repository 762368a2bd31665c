import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { strings } from '../../src/reply/i18n.ts';
import { useFaultyHarness } from './support/bot-harness.ts';
import { finalMessage } from './support/wire-safety.ts';

/**
 * Memory must not grow with the number of distinct users: discord.js would otherwise cache every user and member
 * that ever sent an interaction, for the life of the process.
 */
const DISTINCT_USERS = 40;
const live = useFaultyHarness();

describe(`${DISTINCT_USERS} distinct users asking`, () => {
  it('are all answered, and none of them stays in the user or member cache', async () => {
    const answers = await Promise.all(Array.from({ length: DISTINCT_USERS }, (_, i) => live.harness.ask(`Putin Hanoi visit ${i}`)));
    for (const requests of answers) {
      expect([strings('en').answerTitle, strings('en').abstainTitle]).toContain((finalMessage(requests).embeds as APIEmbed[])[0]!.title);
    }
    const { client } = live.harness.bot;
    expect([...client.users.cache.keys()]).toEqual([client.user!.id]);
    for (const guild of client.guilds.cache.values()) expect(guild.members.cache.filter((m) => m.id !== client.user!.id).size).toBe(0);
  });
});
