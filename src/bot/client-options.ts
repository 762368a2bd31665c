import { GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Settings } from '../config.ts';

/**
 * Client options from the settings. Only the Guilds intent: slash commands arrive as interactions, so the bot needs
 * no message content and no member lists. Mentions are disabled client-wide (and again on every reply).
 */
export function clientOptionsFrom(settings: Settings): ClientOptions {
  const options: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
  };
  if (settings.DISCORD_API_BASE) options.rest = { api: settings.DISCORD_API_BASE };
  const shards = settings.DISCORD_SHARDS;
  if (shards === 'auto') {
    options.shards = 'auto';
  } else if (typeof shards === 'number') {
    // Internal sharding: one process holds every shard.
    options.shards = Array.from({ length: shards }, (_, id) => id);
    options.shardCount = shards;
  }
  return options;
}
