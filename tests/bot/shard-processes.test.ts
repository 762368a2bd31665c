import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, guildIdForShard, slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';
import { FakeDiscord } from '../support/fake-discord/server.ts';
import { FAKE_TOKEN, isFinalResponse, waitUntil } from './support/harness.ts';

/**
 * `DISCORD_SHARD_PROCESSES=2 npm start`: a supervisor (discord.js ShardingManager) and two bot processes, one shard
 * each, each with its own engine over the same index folder, against the fake Discord over real sockets. A killed
 * process is started again by the manager while the other keeps answering.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = join(REPO_ROOT, 'corpus');
const SHARDS = 2;
const guilds = [guildIdForShard(0, SHARDS), guildIdForShard(1, SHARDS)];

let fake: FakeDiscord;
let indexDir: string;
let supervisor: ChildProcess;
let output = '';

interface LogLine {
  pid?: number;
  msg?: string;
  shard?: number;
}
const logLines = (): LogLine[] =>
  output.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
/** The pid of the process serving `shard`, from its latest "shard ready" log line. */
const pidOfShard = (shard: number) => logLines().filter((l) => l.msg === 'shard ready' && l.shard === shard).at(-1)?.pid;

beforeAll(async () => {
  fake = await FakeDiscord.start({ guildIds: guilds, shardCount: SHARDS });
  indexDir = await mkdtemp(join(tmpdir(), 'shard-processes-'));
  supervisor = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_SHARD_PROCESSES: String(SHARDS),
      ASK_COOLDOWN_SECONDS: '0',
      EMBEDDINGS: 'off',
      CORPUS_DIR: CORPUS,
      INDEX_DIR: indexDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  supervisor.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  supervisor.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil(() => output.includes('every shard process is ready') || supervisor.exitCode !== null, 150_000);
  if (supervisor.exitCode !== null) throw new Error(`the supervisor exited with ${supervisor.exitCode}:\n${output}`);
  // The manager hears "ready" over IPC, possibly before the child's own log line reaches the pipe.
  await waitUntil(() => pidOfShard(0) !== undefined && pidOfShard(1) !== undefined, 10_000);
}, 180_000);

afterAll(async () => {
  const children = [0, 1].map(pidOfShard).filter((pid): pid is number => pid !== undefined);
  if (supervisor && supervisor.exitCode === null) {
    const exited = new Promise((resolve) => supervisor.once('exit', resolve));
    supervisor.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (supervisor.exitCode === null && supervisor.signalCode === null) supervisor.kill('SIGKILL');
  }
  // Stopping the supervisor stops its shard processes: none is left behind.
  await waitUntil(() => children.every((pid) => !isAlive(pid)), 15_000).catch(() => undefined);
  for (const pid of children) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await fake?.close();
  await rm(indexDir, { recursive: true, force: true });
}, 60_000);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks on the shard that owns `guildId`; resolves with the shard that got it and the final response. */
async function ask(guildId: string, question: string): Promise<{ shard: number; body: unknown }> {
  const interaction = slashCommand('ask', [stringOption('question', question)], { guildId });
  const finished = fake.waitForRequest((r) => r.path.includes(`/${interaction.token}`) && isFinalResponse(r), 60_000);
  const shard = fake.dispatchInteraction(interaction);
  return { shard, body: (await finished).body };
}

function answered(body: unknown): boolean {
  const embeds = (body as { embeds?: { description?: string; fields?: unknown[] }[] }).embeds ?? [];
  return JSON.stringify(embeds).includes('Mishustin');
}

describe('DISCORD_SHARD_PROCESSES=2', () => {
  it('runs one process per shard, each identifying with its own shard ids', () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, SHARDS],
      [1, SHARDS],
    ]);
    const pids = [pidOfShard(0), pidOfShard(1)];
    expect(pids.every((pid) => typeof pid === 'number' && pid !== supervisor.pid)).toBe(true);
    expect(new Set(pids).size).toBe(SHARDS);
  });

  it('answers on both shards, each from its own engine', async () => {
    for (const [shard, guildId] of guilds.entries()) {
      const reply = await ask(guildId, 'When did Mishustin visit Vietnam?');
      expect(reply.shard).toBe(shard);
      expect(answered(reply.body)).toBe(true);
    }
  }, 120_000);

  it('survives a killed process: the other keeps answering, the manager starts it again', async () => {
    const killed = pidOfShard(1)!;
    const survivor = pidOfShard(0)!;
    process.kill(killed, 'SIGKILL');
    await waitUntil(() => !isAlive(killed), 10_000);

    const meanwhile = await ask(guilds[0]!, 'When did Mishustin visit Vietnam?');
    expect(meanwhile.shard).toBe(0);
    expect(answered(meanwhile.body)).toBe(true);

    await waitUntil(() => pidOfShard(1) !== killed && pidOfShard(1) !== undefined, 150_000);
    expect(isAlive(pidOfShard(1)!)).toBe(true);
    expect(fake.identifies.filter((i) => i.shard?.[0] === 1)).toHaveLength(2);
    expect(pidOfShard(0)).toBe(survivor);
    const after = await ask(guilds[1]!, 'When did Mishustin visit Vietnam?');
    expect(after.shard).toBe(1);
    expect(answered(after.body)).toBe(true);
  }, 200_000);
});
