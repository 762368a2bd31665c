import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIInteraction } from 'discord-api-types/v10';
import { APPLICATION_ID, guildIdForShard } from '../../support/fake-discord/fixtures.ts';
import { FakeDiscord, type RecordedRequest } from '../../support/fake-discord/server.ts';
import { isFinalResponse, waitUntil } from '../../bot/support/harness.ts';
import { REAL_CORPUS, REPO_ROOT } from './bot-harness.ts';
import { FaultProxy } from './fault-proxy.ts';

/**
 * The bot as users run it: `src/main.ts` (what `npm start` runs) in its own process, with its own event loop, talking
 * to the fake Discord (through the fault proxy) in the test process. Timings taken at the fake are what Discord
 * would see; the bot's stderr is captured whole.
 */
export interface BotProcess {
  fake: FakeDiscord;
  proxy: FaultProxy;
  child: ChildProcess;
  guildId: string;
  /** Everything the bot wrote to stderr and stdout so far. */
  output(): string;
  interact(interaction: APIInteraction, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Resident memory of the bot process, in bytes (Linux /proc). */
  rss(): Promise<number>;
  /** The bot's V8 heap in use after a full GC, in bytes (asked of the test-only heap probe preloaded into it). */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

const HEAP_PROBE = fileURLToPath(new URL('../fixtures/heap-probe.ts', import.meta.url));

export async function startBotProcess(token: string, env: Record<string, string> = {}): Promise<BotProcess> {
  const guildId = guildIdForShard(0, 1);
  const fake = await FakeDiscord.start({ guildIds: [guildId] });
  const proxy = await FaultProxy.start(fake);
  const indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-bot-'));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', HEAP_PROBE, 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: token,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_BASE: proxy.apiBase,
      ASK_COOLDOWN_SECONDS: '0',
      EMBEDDINGS: 'off',
      CORPUS_DIR: REAL_CORPUS,
      INDEX_DIR: indexDir,
      LOG_LEVEL: 'info',
      // No feedback database in the repository's data/ (the default DATA_DIR); tests/bot/main-process.test.ts runs
      // main.ts with feedback on.
      FEEDBACK: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    await proxy.close();
    await fake.close();
    await rm(indexDir, { recursive: true, force: true });
  };

  try {
    await waitUntil(() => output.includes('discord bot ready') || child.exitCode !== null, 60_000);
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    fake,
    proxy,
    child,
    guildId,
    output: () => output,
    async interact(interaction, timeoutMs = 15_000) {
      const finished = fake.waitForRequest((r) => r.path.includes(`/${interaction.token}`) && isFinalResponse(r), timeoutMs);
      proxy.dispatchInteraction(interaction);
      await finished;
      return fake.requestsFor(interaction);
    },
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1]);
      return kb * 1024;
    },
    async heapAfterGc() {
      const seen = output.length;
      child.kill('SIGUSR2');
      const reported = () => /HEAP_USED (\d+)\n/u.exec(output.slice(seen))?.[1];
      await waitUntil(() => reported() !== undefined, 10_000);
      return Number(reported());
    },
    stop,
  };
}

export interface ExitedProcess {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/main.ts` (what `npm start` runs) until it exits on its own, for start-ups that are meant to fail.
 * Asynchronous, because the fake Discord answering the child lives in this process. Killed after `timeoutMs`: then
 * `status` is null. No duration is reported: tests assert what happened, `npm run bench` how fast.
 */
export async function runMainUntilExit(env: Record<string, string>, timeoutMs = 90_000): Promise<ExitedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, EMBEDDINGS: 'off', CORPUS_DIR: REAL_CORPUS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result: ExitedProcess = { status: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  result.status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearTimeout(killer);
  return result;
}
