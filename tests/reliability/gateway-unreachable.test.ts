import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildIdForShard } from '../support/fake-discord/fixtures.ts';
import { FakeDiscord } from '../support/fake-discord/server.ts';
import { runMainUntilExit } from './support/bot-process.ts';

/**
 * Issue 11, class 8: `GET /gateway/bot` answers, but the gateway URL it hands out refuses every connection.
 * discord.js retries such a gateway forever without a word; `npm start` must say what it tries and give up.
 */
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMg.GATEWAY-unreachable.token-1a2b3c4d5e6f';
const TIMEOUT_SECONDS = 4;

describe('npm start against a gateway that refuses connections', () => {
  let fake: FakeDiscord;
  let indexDir: string;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ guildIds: [guildIdForShard(0, 1)], refuseGateway: true });
    indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-gateway-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(indexDir, { recursive: true, force: true });
  });

  it('logs each attempt, then exits non-zero with GATEWAY_UNREACHABLE in one line after the timeout, without the token', async () => {
    const result = await runMainUntilExit(
      { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, INDEX_DIR: indexDir, LOG_LEVEL: 'info', DISCORD_CONNECT_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) },
      60_000,
    );
    const output = result.stdout + result.stderr;
    expect(fake.requests.some((r) => r.path === '/gateway/bot'), output).toBe(true);
    // Exited by itself (the harness kills it only at 60 s, which would leave no status), with 1.
    expect(result.status, output).toBe(1);

    const attempts = output
      .split('\n')
      .filter((line) => line.includes('connecting to the Discord gateway'))
      .map((line) => JSON.parse(line) as { attempt: number; url: string });
    expect(attempts.length, output).toBeGreaterThanOrEqual(1);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts[0]!.url).toBe(fake.advertisedGatewayUrl);
    expect(output).toMatch(/could not reach the Discord gateway/u);

    const errorLines = result.stderr.split('\n').filter((line) => line.startsWith('error'));
    expect(errorLines).toHaveLength(1);
    // It says why it gave up: the configured wait, and as many attempts as it logged.
    const gaveUp = new RegExp(
      `^error \\[GATEWAY_UNREACHABLE\\]: Could not connect to the Discord gateway at ${fake.advertisedGatewayUrl} within ${TIMEOUT_SECONDS} s \\((\\d+) attempts?; it refused or dropped every connection\\)\\. .*DISCORD_CONNECT_TIMEOUT_SECONDS`,
      'u',
    ).exec(errorLines[0]!);
    expect(gaveUp, errorLines[0]).not.toBeNull();
    expect(Number(gaveUp![1])).toBe(attempts.length);
    expect(output).not.toMatch(/unexpected failure|\n\s+at /u);
    expect(output).not.toContain(TOKEN);
    for (const part of TOKEN.split('.').filter((p) => p.length >= 8)) expect(output).not.toContain(part);
  });
});

describe('npm start against a REST API that hands out a gateway URL that is not ws/wss', () => {
  for (const url of ['file:///etc/passwd', 'http+unix:///var/run/docker.sock:/gateway', 'javascript:alert(1)']) {
    it(`refuses ${url} before opening any socket, with GATEWAY_INVALID`, async () => {
      const fake = await FakeDiscord.start({ guildIds: [guildIdForShard(0, 1)], advertiseGatewayUrl: url });
      const indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-gateway-url-'));
      try {
        // The connection wait is an hour, longer than the harness waits (60 s): exiting at all shows the URL was
        // refused at once, not after a time-out.
        const result = await runMainUntilExit({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, INDEX_DIR: indexDir, DISCORD_CONNECT_TIMEOUT_SECONDS: '3600' }, 60_000);
        const output = result.stdout + result.stderr;
        expect(result.status, output).toBe(1);
        expect(result.stderr).toMatch(/^error \[GATEWAY_INVALID\]: Discord handed out a gateway URL that is not ws:\/\/ or wss:\/\//mu);
        expect(output).not.toMatch(/connecting to the Discord gateway|GATEWAY_UNREACHABLE|unexpected failure/u);
      } finally {
        await fake.close();
        await rm(indexDir, { recursive: true, force: true });
      }
    });
  }
});
