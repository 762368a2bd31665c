import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import { BotError } from '../../src/errors.ts';

describe('loadSettings', () => {
  it('applies documented defaults to an empty environment', () => {
    const settings = loadSettings({});
    expect(settings.CORPUS_DIR).toBe('corpus');
    expect(settings.INDEX_DIR).toBe('index');
    expect(settings.EMBEDDING_MODEL).toBe('Xenova/multilingual-e5-small');
    expect(settings.ALLOW_REMOTE_MODELS).toBe(true);
    expect(settings.FUSION_DENSE_WEIGHT).toBe(0.6);
    expect(settings.FUSION_LEXICAL_WEIGHT).toBe(0.4);
    expect(settings.DISCORD_TOKEN).toBeUndefined();
  });

  it('treats empty strings from .env as unset', () => {
    const settings = loadSettings({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', ASK_COOLDOWN_SECONDS: '' });
    expect(settings.DISCORD_TOKEN).toBeUndefined();
    expect(settings.DISCORD_GUILD_ID).toBeUndefined();
    expect(settings.ASK_COOLDOWN_SECONDS).toBe(5);
  });

  it('parses numbers, booleans and shard counts', () => {
    const settings = loadSettings({ FUSION_DENSE_WEIGHT: '0.25', ALLOW_REMOTE_MODELS: 'false', DISCORD_SHARDS: '2' });
    expect(settings.FUSION_DENSE_WEIGHT).toBe(0.25);
    expect(settings.ALLOW_REMOTE_MODELS).toBe(false);
    expect(settings.DISCORD_SHARDS).toBe(2);
    expect(loadSettings({ DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
  });

  it('names every bad variable and what it expects in one error', () => {
    let caught: unknown;
    try {
      loadSettings({ FUSION_DENSE_WEIGHT: 'heavy', ALLOW_REMOTE_MODELS: 'maybe', DISCORD_GUILD_ID: '12' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BotError);
    const error = caught as BotError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/FUSION_DENSE_WEIGHT: expected a number/);
    expect(error.message).toMatch(/ALLOW_REMOTE_MODELS: expected true or false/);
    expect(error.message).toMatch(/DISCORD_GUILD_ID: expected a Discord snowflake/);
  });
});
