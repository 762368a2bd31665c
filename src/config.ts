import { z } from 'zod';
import { BotError } from './errors.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const weight = z.coerce.number({ message: 'expected a number' }).min(0, 'expected a number ≥ 0').max(10, 'expected a number ≤ 10');
const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord snowflake (17–20 digits)');
const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Every setting, read from the environment (and `.env`). Documented one by one in `.env.example`.
 * A bad value stops the program with a message that names the variable and what it expects.
 */
export const settingsSchema = z.object({
  DISCORD_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(20, 'expected a bot token').optional()),
  DISCORD_CLIENT_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_API_BASE: z.preprocess(emptyAsUndefined, z.url({ message: 'expected a URL such as http://127.0.0.1:8080/api' }).optional()),
  DISCORD_SHARDS: z.preprocess(
    emptyAsUndefined,
    z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)], { message: 'expected "auto" or a whole number of shards' }).optional(),
  ),
  ASK_COOLDOWN_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'expected seconds' }).min(0).max(3600).default(5)),

  CORPUS_DIR: z.preprocess(emptyAsUndefined, z.string().default('corpus')),
  INDEX_DIR: z.preprocess(emptyAsUndefined, z.string().default('index')),

  EMBEDDING_MODEL: z.preprocess(emptyAsUndefined, z.string().default('Xenova/multilingual-e5-small')),
  MODEL_DIR: z.preprocess(emptyAsUndefined, z.string().default('models')),
  ALLOW_REMOTE_MODELS: z.preprocess(emptyAsUndefined, booleanFlag.default(true)),
  MODEL_REMOTE_HOST: z.preprocess(emptyAsUndefined, z.url({ message: 'expected a URL' }).optional()),
  /** "off" skips the neural model entirely: lexical-only retrieval. */
  EMBEDDINGS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'expected on or off' }).default('on')),
  EMBED_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(2)),

  FUSION_DENSE_WEIGHT: z.preprocess(emptyAsUndefined, weight.default(0.6)),
  FUSION_LEXICAL_WEIGHT: z.preprocess(emptyAsUndefined, weight.default(0.4)),
  /** Below this relevance (0–1) the bot says the corpus holds no answer. Empty = the calibrated default. */
  ABSTAIN_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).optional()),
  HNSW_EF_SEARCH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(2000).default(200)),

  /** auto = readable lines when stderr is a terminal, JSON lines otherwise; json = always JSON. Read by src/logger.ts. */
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['auto', 'json'], { message: 'expected auto or json' }).default('auto')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export type Settings = z.infer<typeof settingsSchema>;

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
  throw new BotError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`, { details: problems });
}
