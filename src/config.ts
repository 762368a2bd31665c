import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { BotError } from './errors.ts';
import { FETCH_TIMEOUT_MS, GATEWAY_CONNECT_TIMEOUT_MS, MAX_SHARD_PROCESSES } from './limits.ts';
import { LOG_LEVELS, normalizeToken } from './logger.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const weight = z.coerce.number({ message: 'expected a number' }).min(0, 'expected a number ≥ 0').max(10, 'expected a number ≤ 10');
const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord snowflake (17–20 digits)');
/**
 * A URL with one of `protocols`. z.url() alone takes `file:` and `javascript:` too, which would let a setting point
 * the REST client or the model download at the local disk or at script.
 */
const urlWith = (protocols: readonly string[], example: string) =>
  z.url({ message: `expected a URL such as ${example}` }).refine((value) => protocols.includes(new URL(value).protocol), {
    message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}, such as ${example}`,
  });

/**
 * `owner/name` of letters, digits, `.`, `_` and `-`, each part starting with a letter or digit. The id becomes a path
 * under MODEL_DIR where downloads are written, so `..`, absolute paths and backslashes would write outside it.
 */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/u;
export const MODEL_ID_EXPECTED = 'expected a model id of the form owner/name (letters, digits, . _ -; no "..")';
/** True for an id that stays inside MODEL_DIR (see MODEL_ID); every way a model id enters the program checks it. */
export function isSafeModelId(value: string): boolean {
  return MODEL_ID.test(value) && !value.includes('..');
}
const modelId = z.string().refine(isSafeModelId, { message: MODEL_ID_EXPECTED });

/**
 * A folder setting must not name a file, nor lie under one: the OS would answer a later read or mkdir with a bare
 * ENOTDIR that names no setting. A folder that does not exist yet is fine (the index folder is created on build).
 */
function folderProblem(path: string): string | undefined {
  for (let current = resolve(path); ; current = dirname(current)) {
    let stats;
    try {
      stats = statSync(current);
    } catch {
      if (dirname(current) === current) return undefined;
      continue;
    }
    if (stats.isDirectory()) return undefined;
    return current === resolve(path) ? `expected a folder, but ${path} is a file` : `expected a folder, but ${current} (on the way to ${path}) is a file`;
  }
}
const folder = (defaultPath: string) =>
  z
    .string()
    .default(defaultPath)
    .superRefine((value, context) => {
      const problem = folderProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Every setting, read from the environment (and `.env`). Documented one by one in `.env.example`.
 * A bad value stops the program with a message that names the variable and what it expects.
 */
export const settingsSchema = z.object({
  /** Stored bare: "Bot <token>", "Bearer <token>" and surrounding spaces are accepted and removed (see normalizeToken). */
  DISCORD_TOKEN: z.preprocess(
    (v) => emptyAsUndefined(typeof v === 'string' ? normalizeToken(v) : v),
    z.string().min(20, 'expected a bot token').optional(),
  ),
  DISCORD_CLIENT_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_API_BASE: z.preprocess(emptyAsUndefined, urlWith(['http:', 'https:'], 'http://127.0.0.1:8080/api').optional()),
  DISCORD_SHARDS: z.preprocess(
    emptyAsUndefined,
    z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)], { message: 'expected "auto" or a whole number of shards' }).optional(),
  ),
  /**
   * Processes the bot runs in, one shard each, under discord.js' ShardingManager (each with its own engine over the
   * same index folder). 1 (the default): one process, with DISCORD_SHARDS shards inside it.
   */
  DISCORD_SHARD_PROCESSES: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'expected a whole number of processes' }).int('expected a whole number of processes').min(1).max(MAX_SHARD_PROCESSES).default(1),
  ),
  /** Seconds `npm start` waits for Discord (login and every shard ready) before GATEWAY_UNREACHABLE. */
  DISCORD_CONNECT_TIMEOUT_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'expected seconds' }).min(1, 'expected at least 1 second').max(3600, 'expected at most 3600 seconds').default(GATEWAY_CONNECT_TIMEOUT_MS / 1000),
  ),
  ASK_COOLDOWN_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'expected seconds' }).min(0).max(3600).default(5)),

  CORPUS_DIR: z.preprocess(emptyAsUndefined, folder('corpus')),
  INDEX_DIR: z.preprocess(emptyAsUndefined, folder('index')),

  /**
   * `npm run add` refuses loopback, private, link-local and other non-public addresses unless this is true. UNSAFE on
   * a shared host: whoever can name a URL could then make the bot read the machine's own services or the local
   * network. Tests set it to serve pages from 127.0.0.1.
   */
  FETCH_ALLOW_PRIVATE_ADDRESSES: z.preprocess(emptyAsUndefined, booleanFlag.default(false)),
  /** Seconds one fetch of `npm run add` may take, connection to last byte. */
  FETCH_TIMEOUT_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'expected seconds' }).min(0.1, 'expected at least 0.1 seconds').max(600, 'expected at most 600 seconds').default(FETCH_TIMEOUT_MS / 1000),
  ),

  EMBEDDING_MODEL: z.preprocess(emptyAsUndefined, modelId.default('Xenova/multilingual-e5-small')),
  MODEL_DIR: z.preprocess(emptyAsUndefined, folder('models')),
  ALLOW_REMOTE_MODELS: z.preprocess(emptyAsUndefined, booleanFlag.default(true)),
  MODEL_REMOTE_HOST: z.preprocess(emptyAsUndefined, urlWith(['http:', 'https:'], 'https://huggingface.co/').optional()),
  /** "off" skips the neural model entirely: lexical-only retrieval. */
  EMBEDDINGS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'expected on or off' }).default('on')),
  EMBED_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(2)),

  FUSION_DENSE_WEIGHT: z.preprocess(emptyAsUndefined, weight.default(0.6)),
  FUSION_LEXICAL_WEIGHT: z.preprocess(emptyAsUndefined, weight.default(0.4)),
  /** Below this relevance (0–1) the bot says the corpus holds no answer. Empty = the calibrated default. */
  ABSTAIN_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).optional()),
  HNSW_EF_SEARCH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(2000).default(200)),

  /** Folder of the feedback database (votes and refused questions) and its voter-hash key. Created if missing. */
  DATA_DIR: z.preprocess(emptyAsUndefined, folder('data')),
  /** "off" records nothing: no vote buttons, no refused questions, no database file. */
  FEEDBACK: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'expected on or off' }).default('on')),
  /** Votes and refused questions older than this many days are deleted at start-up and daily. */
  FEEDBACK_RETENTION_DAYS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ message: 'expected a number of days' }).int('expected a whole number of days').min(1, 'expected at least 1 day').max(3650, 'expected at most 3650 days').default(365),
  ),

  /** auto = readable lines when stderr is a terminal, JSON lines otherwise; json = always JSON. Read by src/logger.ts. */
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['auto', 'json'], { message: 'expected auto or json' }).default('auto')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info')),
});

export type Settings = z.infer<typeof settingsSchema>;

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
  throw new BotError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`, { details: problems });
}
