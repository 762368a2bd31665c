import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { strings } from '../../src/reply/i18n.ts';
import { APPLICATION_ID, guildIdForShard, slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';
import { FakeDiscord } from '../support/fake-discord/server.ts';
import { FAKE_TOKEN, waitUntil } from './support/harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run deploy-commands', () => {
  it('registers the commands with the guild and reports them; a missing application id is a clear error', async () => {
    const fake = await FakeDiscord.start({ guildIds: [] });
    try {
      const guildId = guildIdForShard(0, 1);
      const env = { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: guildId, DISCORD_CLIENT_ID: '' };
      const ok = await run('src/cli/deploy-commands.ts', { ...env, DISCORD_CLIENT_ID: APPLICATION_ID });
      expect(ok).toMatchObject({ code: 0, stdout: 'Registered 5 guild command(s): ask, gaps, help, sources, timeline\n' });
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /applications/${APPLICATION_ID}/guilds/${guildId}/commands`]);

      const missing = await run('src/cli/deploy-commands.ts', env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('DISCORD_CLIENT_ID');
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

describe('npm start with a DISCORD_TOKEN', () => {
  it('builds the index, connects, answers /ask, and exits cleanly on SIGTERM', async () => {
    const guildId = guildIdForShard(0, 1);
    const fake = await FakeDiscord.start({ guildIds: [guildId] });
    const indexDir = await mkdtemp(path.join(tmpdir(), 'bot-main-index-'));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bot-main-data-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_CLIENT_ID: APPLICATION_ID,
        DISCORD_API_BASE: fake.apiBase,
        EMBEDDINGS: 'off',
        INDEX_DIR: indexDir,
        CORPUS_DIR: 'corpus',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil(() => stderr.includes('discord bot ready'), 40_000);
      expect(fake.identifies).toHaveLength(1);

      const interaction = slashCommand('ask', [stringOption('question', 'When did Putin visit Vietnam?')], { guildId });
      const edited = fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
      fake.dispatchInteraction(interaction);
      const body = (await edited).body as { embeds: APIEmbed[]; components: Array<{ components: Array<{ custom_id?: string }> }> };
      expect(body.embeds[0]!.title).toBe(strings('en').answerTitle);
      // Feedback is on by default: the answer carries 👍/👎, and the database was created in DATA_DIR.
      const customIds = body.components.flatMap((row) => row.components.flatMap((b) => (b.custom_id ? [b.custom_id] : [])));
      expect(customIds.filter((id) => id.startsWith('ask:vote:'))).toHaveLength(2);
      expect(existsSync(path.join(dataDir, 'feedback.sqlite'))).toBe(true);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('stopping discord bot');
      expect(stderr).not.toContain(FAKE_TOKEN);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fake.close();
      await rm(indexDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
