import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function configError(env: Record<string, string>): string {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).code).toBe('CONFIG_INVALID');
    return (error as BotError).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadSettings refuses hostile values (issue 11, class 9)', () => {
  it('stores DISCORD_TOKEN bare, whatever scheme or spaces surround it', () => {
    const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.abcdef.ghijklmnopqrstuvwxyz';
    for (const raw of [token, `Bot ${token}`, `bot  ${token}  `, `BEARER ${token}`, ` ${token}\t`]) {
      expect(loadSettings({ DISCORD_TOKEN: raw }).DISCORD_TOKEN, raw).toBe(token);
    }
  });

  it('names LOG_LEVEL and the accepted levels for an unknown level', () => {
    expect(configError({ LOG_LEVEL: 'verbose' })).toMatch(/LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/u);
  });

  it('accepts only http(s) URLs for DISCORD_API_BASE and MODEL_REMOTE_HOST', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,x', 'ftp://example.com/']) {
      expect(configError({ DISCORD_API_BASE: url })).toMatch(/DISCORD_API_BASE: expected a URL starting with http:\/\/ or https:\/\//u);
      expect(configError({ MODEL_REMOTE_HOST: url })).toMatch(/MODEL_REMOTE_HOST: expected a URL starting with http:\/\/ or https:\/\//u);
    }
    expect(loadSettings({ DISCORD_API_BASE: 'https://discord.com/api', MODEL_REMOTE_HOST: 'http://127.0.0.1:8080/' }).MODEL_REMOTE_HOST).toBe('http://127.0.0.1:8080/');
  });

  it('accepts only owner/name model ids, so downloads stay inside MODEL_DIR', () => {
    for (const id of ['../x', '../../etc/x', '/abs/model', 'a/../../b', 'owner\\name', 'owner/name/../..', 'justname', 'owner/..', '.hidden/x', 'owner/na me']) {
      expect(configError({ EMBEDDING_MODEL: id }), id).toMatch(/EMBEDDING_MODEL: expected a model id of the form owner\/name/u);
    }
    for (const id of ['Xenova/multilingual-e5-small', 'intfloat/e5_small.v2', 'local/tiny-bert']) expect(loadSettings({ EMBEDDING_MODEL: id }).EMBEDDING_MODEL).toBe(id);
  });

  it('names CORPUS_DIR, INDEX_DIR or MODEL_DIR when it is a file or lies under one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrb-config-'));
    try {
      const file = join(dir, 'not-a-folder');
      writeFileSync(file, 'x');
      expect(configError({ CORPUS_DIR: file })).toMatch(/CORPUS_DIR: expected a folder, but .*not-a-folder is a file/u);
      expect(configError({ INDEX_DIR: join(file, 'index') })).toMatch(/INDEX_DIR: expected a folder, but .*not-a-folder \(on the way to .*\) is a file/u);
      expect(configError({ MODEL_DIR: file })).toMatch(/MODEL_DIR: expected a folder/u);
      // A folder that does not exist yet is fine: the index folder is created by the build.
      expect(loadSettings({ INDEX_DIR: join(dir, 'new', 'index') }).INDEX_DIR).toBe(join(dir, 'new', 'index'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
