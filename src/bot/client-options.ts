import { GatewayIntentBits, Options, type ClientOptions, type User } from 'discord.js';
import type { Settings } from '../config.ts';

/**
 * Every interaction carries its own user and member, so the bot needs no user or member cache. By default discord.js
 * keeps every user and member that ever sent an interaction for the life of the process (nothing sweeps them), so
 * memory would grow with the number of distinct users without bound. Only the bot's own user is kept.
 */
const isBotUser = (user: User) => user.id === user.client.user?.id;
const USER_CACHES = {
  UserManager: { maxSize: 0, keepOverLimit: isBotUser },
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member: { user: User }) => isBotUser(member.user) },
};

/**
 * Client options from the settings. Only the Guilds intent: slash commands arrive as interactions, so the bot needs
 * no message content and no member lists. Mentions are disabled client-wide (and again on every reply).
 */
export function clientOptionsFrom(settings: Settings, env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const options: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, ...USER_CACHES }),
  };
  if (settings.DISCORD_API_BASE) options.rest = { api: settings.DISCORD_API_BASE };
  const shards = settings.DISCORD_SHARDS;
  if (env.SHARDING_MANAGER === 'true') {
    // A child of the ShardingManager (DISCORD_SHARD_PROCESSES): discord.js takes its shard ids from SHARDS and
    // SHARD_COUNT, which the manager set.
  } else if (shards === 'auto') {
    options.shards = 'auto';
  } else if (typeof shards === 'number') {
    // Internal sharding: one process holds every shard.
    options.shards = Array.from({ length: shards }, (_, id) => id);
    options.shardCount = shards;
  }
  return options;
}
