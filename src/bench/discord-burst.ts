import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from './stats.ts';

/**
 * A burst of simultaneous /ask through Discord: the bot runs as `npm start` runs it (src/main.ts in its own process,
 * lexical-only so that the figure is the bot's own work, not the model's) against the fake Discord of the tests, over
 * real sockets. What Discord would see: when each interaction's deferral (its 3-second acknowledgement) and its answer
 * reached the fake, counted from the moment the burst was dispatched. `npm test` checks that every interaction of such
 * a burst is deferred, then answered, exactly once (tests/reliability/load.test.ts); how fast is this bench line's job,
 * because a wall-clock assertion fails whenever the machine is busy.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_ENTRY = fileURLToPath(new URL('../main.ts', import.meta.url));
/** The fake Discord lives with the tests (a dev-only tool, like the bench): loaded only when this line runs. */
const FAKE_DISCORD = new URL('../../tests/support/fake-discord/server.ts', import.meta.url).href;
const FAKE_FIXTURES = new URL('../../tests/support/fake-discord/fixtures.ts', import.meta.url).href;
const BOT_TOKEN = 'bench-bot-token-0123456789abcdefghijklmnop';
/** Waits for start-up and for a burst's last answer; past them the bot is stuck, not slow. */
const READY_TIMEOUT_MS = 120_000;
const BURST_TIMEOUT_MS = 300_000;
/** Answered before the measured burst: lazily built state, REST connections. */
const WARM_UP = 20;

const QUESTIONS = [
  'When did Vietnam and the Soviet Union establish diplomatic relations?',
  'What did Putin and To Lam sign in Hanoi?',
  'Khi nào Việt Nam và Liên Xô thiết lập quan hệ ngoại giao?',
  'Kapan Putin mengunjungi Vietnam?',
  'Какие соглашения подписали Путин и То Лам?',
  'What is the weather in Hanoi tomorrow?',
];

export interface DiscordBurstResult {
  burst: number;
  /** Interactions not both deferred and answered before the time-out (0 when all went through). */
  lost: number;
  /** Dispatch of the burst → the deferral's arrival at the fake Discord, per interaction. */
  defer: Summary;
  lastDeferMs: number;
  /** Dispatch of the burst → the answer's arrival. */
  answer: Summary;
  lastAnswerMs: number;
}

interface Recorded {
  method: string;
  path: string;
}

export async function measureDiscordBurst(options: { corpusDir: string; indexDir: string; burst: number }): Promise<DiscordBurstResult> {
  const { FakeDiscord } = (await import(FAKE_DISCORD)) as typeof import('../../tests/support/fake-discord/server.ts');
  const { APPLICATION_ID, guildIdForShard, slashCommand, snowflake, stringOption } = (await import(FAKE_FIXTURES)) as typeof import('../../tests/support/fake-discord/fixtures.ts');
  const guildId = guildIdForShard(0, 1);
  const fake = await FakeDiscord.start({ guildIds: [guildId] });
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_BASE: fake.apiBase,
      ASK_COOLDOWN_SECONDS: '0',
      EMBEDDINGS: 'off',
      CORPUS_DIR: options.corpusDir,
      INDEX_DIR: options.indexDir,
      FEEDBACK: 'off',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitFor = async (condition: () => boolean, timeoutMs: number, what: string) => {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${output.trim().split('\n').slice(-3).join(' | ')}`);
      if (performance.now() > deadline) throw new Error(`${what} not within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const burst = async (count: number) => {
    const interactions = Array.from({ length: count }, (_, i) =>
      slashCommand('ask', [stringOption('question', QUESTIONS[i % QUESTIONS.length]!)], {
        guildId,
        user: { id: snowflake(), username: 'u', discriminator: '0', global_name: null, avatar: null },
      }),
    );
    const byId = new Set(interactions.map((i) => i.id));
    const byToken = new Set(interactions.map((i) => i.token));
    const deferredAt = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    let started = 0;
    const listener = (request: Recorded) => {
      const parts = request.path.split('/');
      const at = performance.now() - started;
      if (request.method === 'POST' && request.path.endsWith('/callback') && byId.has(parts[2]!) && !deferredAt.has(parts[2]!)) deferredAt.set(parts[2]!, at);
      else if (request.method === 'PATCH' && byToken.has(parts[3]!) && !answeredAt.has(parts[3]!)) answeredAt.set(parts[3]!, at);
    };
    fake.on('request', listener);
    started = performance.now();
    for (const interaction of interactions) fake.dispatchInteraction(interaction);
    try {
      await waitFor(() => answeredAt.size === count, BURST_TIMEOUT_MS, `every answer of a burst of ${count}`);
    } catch (error) {
      if (answeredAt.size === 0) throw error;
    } finally {
      fake.off('request', listener);
    }
    const lost = interactions.filter((i) => !deferredAt.has(i.id) || !answeredAt.has(i.token)).length;
    return { lost, defers: [...deferredAt.values()], answers: [...answeredAt.values()] };
  };

  try {
    await waitFor(() => output.includes('discord bot ready'), READY_TIMEOUT_MS, 'the bot ready');
    await burst(WARM_UP);
    const { lost, defers, answers } = await burst(options.burst);
    return {
      burst: options.burst,
      lost,
      defer: summarize(defers),
      lastDeferMs: Math.max(...defers),
      answer: summarize(answers),
      lastAnswerMs: Math.max(...answers),
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await fake.close();
  }
}
