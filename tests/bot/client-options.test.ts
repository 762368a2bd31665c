import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clientOptionsFrom } from '../../src/bot/client-options.ts';
import { loadSettings } from '../../src/config.ts';

describe('clientOptionsFrom', () => {
  it('asks only for the Guilds intent and disables mentions client-wide', () => {
    const options = clientOptionsFrom(loadSettings({}));
    expect(options.intents).toEqual([GatewayIntentBits.Guilds]);
    expect(options.allowedMentions).toEqual({ parse: [] });
    expect(options.rest).toBeUndefined();
    expect(options.shards).toBeUndefined();
  });

  it('points REST at DISCORD_API_BASE and maps DISCORD_SHARDS to internal sharding', () => {
    const options = clientOptionsFrom(loadSettings({ DISCORD_API_BASE: 'http://127.0.0.1:9/api', DISCORD_SHARDS: '3' }));
    expect(options.rest).toEqual({ api: 'http://127.0.0.1:9/api' });
    expect(options.shards).toEqual([0, 1, 2]);
    expect(options.shardCount).toBe(3);
    expect(clientOptionsFrom(loadSettings({ DISCORD_SHARDS: 'auto' })).shards).toBe('auto');
  });
});
