import type { APIEmbed } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QaEngine } from '../../src/engine-types.ts';
import { deployCommands } from '../../src/bot/deploy.ts';
import { loadCommands, validateCommandModule } from '../../src/bot/load-commands.ts';
import { strings } from '../../src/reply/i18n.ts';
import { APPLICATION_ID, guildIdForShard, slashCommand, snowflake, stringOption } from '../support/fake-discord/fixtures.ts';
import { FakeDiscord } from '../support/fake-discord/server.ts';
import { keepOpen, useE2eEngine } from './support/e2e-engine.ts';
import { QUESTION } from './support/wire.ts';
import { settingsFor, startHarness, waitUntil } from './support/harness.ts';

const live = useE2eEngine();
const { logLines } = live;
let engine: QaEngine;
beforeAll(() => {
  engine = live.engine;
});

describe('npm run deploy-commands', () => {
  it('registers every command with one bulk PUT, to the guild when DISCORD_GUILD_ID is set, else globally', async () => {
    const fake = await FakeDiscord.start({ guildIds: [] });
    try {
      const definitions = [...(await loadCommands()).values()].map((command) => command.data.toJSON());
      const guildId = guildIdForShard(0, 1);

      const guild = await deployCommands(settingsFor(fake, { DISCORD_GUILD_ID: guildId }));
      const global = await deployCommands(settingsFor(fake));

      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `PUT /applications/${APPLICATION_ID}/guilds/${guildId}/commands`,
        `PUT /applications/${APPLICATION_ID}/commands`,
      ]);
      for (const request of fake.requests) expect(request.body).toEqual(JSON.parse(JSON.stringify(definitions)));
      expect(guild).toMatchObject({ scope: 'guild', commands: ['ask', 'gaps', 'help', 'sources', 'timeline'] });
      expect(global.scope).toBe('global');

      const ask = definitions.find((d) => d.name === 'ask')!;
      expect(ask.options?.map((o) => o.name)).toEqual(['question', 'language', 'private']);
      expect(ask.options?.[0]).toMatchObject({ required: true, max_length: 500 });
      const timeline = definitions.find((d) => d.name === 'timeline')!;
      expect(timeline.options?.find((o) => o.name === 'topic')).toMatchObject({ autocomplete: true });
      // kind: a fixed list of choices, named in every language the bot speaks.
      const kind = timeline.options?.find((o) => o.name === 'kind') as { choices?: Array<{ value: string; name_localizations?: Record<string, string> }> };
      expect(kind.choices?.map((c) => c.value)).toEqual(['visit', 'call', 'agreement', 'anniversary', 'meeting', 'other']);
      for (const choice of kind.choices ?? []) expect(Object.keys(choice.name_localizations ?? {}).sort()).toEqual(['id', 'ru', 'vi']);
    } finally {
      await fake.close();
    }
  });

  it('rejects a command module that does not have the Command shape, naming the problem', () => {
    expect(() => validateCommandModule({ data: { name: 'Bad Name', toJSON: () => ({}) } }, 'bad.ts')).toThrow(/bad\.ts.*data\.name.*execute/su);
  });
});

describe('internal sharding', () => {
  it('with DISCORD_SHARDS=auto, takes the shard count from /gateway/bot, logs two shards in (IDENTIFY [0,2] and [1,2]) and answers on both', async () => {
    const harness = await startHarness({ engine: keepOpen(engine), shards: 2, env: { DISCORD_SHARDS: 'auto' } });
    expect(harness.fake.requests.filter((r) => r.path === '/gateway/bot').length).toBeGreaterThan(0);
    try {
      expect(harness.fake.identifies.map((identify) => identify.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(harness.bot.client.guilds.cache.map((guild) => guild.shardId).sort()).toEqual([0, 1]);

      for (const [expectedShard, guildId] of harness.guildIds.entries()) {
        const user = { id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null };
        const interaction = slashCommand('ask', [stringOption('question', QUESTION)], { guildId, user });
        const finished = harness.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
        expect(harness.fake.dispatchInteraction(interaction)).toBe(expectedShard);
        const edit = await finished;
        expect(((edit.body as { embeds: APIEmbed[] }).embeds[0]!).title).toBe(strings('en').answerTitle);
      }
      const handledShards = () =>
        logLines
          .map((line) => JSON.parse(line) as { msg?: string; shard?: number })
          .filter((entry) => entry.msg === 'interaction handled')
          .map((entry) => entry.shard);
      await waitUntil(() => handledShards().length === 2);
      expect(handledShards().sort()).toEqual([0, 1]);

      // The fake's heartbeat interval is 1 s: both shards beat and get op 11 ACKs (or they would reconnect).
      await waitUntil(() => harness.fake.heartbeats >= 2, 4_000);
      expect(harness.fake.identifies).toHaveLength(2);
    } finally {
      await harness.stop();
    }
  });
});

describe('timeline chart failure', () => {
  it('still answers /timeline, without an image, when the chart cannot be drawn', async () => {
    const harness = await startHarness({
      engine: keepOpen(engine),
      renderChart: () => {
        throw new Error('font missing');
      },
    });
    try {
      const interaction = slashCommand('timeline', [], { guildId: harness.guildIds[0]! });
      const requests = await harness.interact(interaction);
      const edit = requests.find((r) => r.method === 'PATCH')!;
      expect(edit.files).toHaveLength(0);
      const embed = (edit.body as { embeds: APIEmbed[] }).embeds[0]!;
      expect(embed.image).toBeUndefined();
      expect(embed.fields?.length).toBeGreaterThan(0);
      await waitUntil(() => logLines.some((line) => line.includes('timeline chart could not be rendered')));
    } finally {
      await harness.stop();
    }
  });
});
