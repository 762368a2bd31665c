import { MAX_QUESTION_LENGTH } from './limits.ts';

/**
 * Every error the bot raises on purpose has a code, defined here and nowhere else, so that logs, tests and
 * user-facing messages can tell failures apart without matching on prose.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'Configuration is invalid',
  CORPUS_INVALID: 'Corpus files are invalid',
  CORPUS_EMPTY: 'Corpus holds no articles',
  INDEX_MISSING: 'No index has been built',
  INDEX_STALE: 'Index does not match the corpus or model',
  INDEX_CORRUPT: 'Index files are damaged',
  INDEX_LOCKED: 'Another index build is running',
  INDEX_DIR_FOREIGN: 'Index folder holds files the index build did not create',
  OPEN_FILE_LIMIT: 'Too many open files',
  OUTPUT_UNWRITABLE: 'An output file cannot be written',
  MODEL_UNAVAILABLE: 'Embedding model could not be loaded',
  QUERY_INVALID: 'Question is not usable',
  QUESTION_TOO_LONG: 'Question is longer than MAX_QUESTION_LENGTH',
  COMMAND_INVALID: 'Command module is invalid',
  RATE_LIMITED: 'Too many requests',
  GATEWAY_UNREACHABLE: 'Discord gateway could not be reached',
  GATEWAY_INVALID: 'Discord gateway URL is not a WebSocket URL',
  FEEDBACK_UNAVAILABLE: 'Feedback database cannot be used',
  SOURCE_INVALID: 'Source cannot be read as an article',
  FETCH_FAILED: 'Source could not be fetched',
  FETCH_TIMEOUT: 'Source took too long to answer',
  FETCH_TOO_LARGE: 'Source is over the size cap',
  FETCH_BLOCKED: 'Source address is not allowed',
  NOT_AN_ARTICLE: 'Source is not an HTML page or a feed',
  FEED_INVALID: 'Feed cannot be read',
  TOO_LITTLE_TEXT: 'Too little article text',
  DUPLICATE_URL: 'Article is already in the corpus',
  DUPLICATE_TEXT: 'Article near-duplicates one in the corpus',
  LANGUAGE_UNSUPPORTED: 'Article language is not served',
  METADATA_MISSING: 'Article metadata is missing',
  DATE_IN_FUTURE: 'Publication date is in the future',
  INTERNAL: 'Internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class BotError extends Error {
  readonly code: ErrorCode;
  /** Structured detail for logs and tests (e.g. the list of bad files). Never holds secrets. */
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: unknown }) {
    super(message ?? ERROR_CODES[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BotError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isBotError(error: unknown, code?: ErrorCode): error is BotError {
  return error instanceof BotError && (code === undefined || error.code === code);
}

export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof BotError ? error.code : 'INTERNAL';
}

/**
 * EMFILE/ENFILE as what they are: the open-file limit, not a fault of whichever file happened to be opened last
 * (often `build.lock`, which says nothing to the reader). Returns null for any other error.
 */
export function openFileLimitError(error: unknown, doing: string): BotError | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code !== 'EMFILE' && code !== 'ENFILE') return null;
  const which = code === 'EMFILE' ? "this process's open-file limit" : 'the system-wide open-file limit';
  const path = (error as NodeJS.ErrnoException).path;
  return new BotError(
    'OPEN_FILE_LIMIT',
    `Too many open files (${code}, ${which}) while ${doing}${path ? ` (at ${JSON.stringify(path)})` : ''}. ` +
      'Raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit) or stop programs holding many files open.',
    { cause: error, details: { code, path } },
  );
}

/**
 * A question over MAX_QUESTION_LENGTH, refused before any work is done on it. One message for every entry point
 * (the engine, `npm run ask` arguments and stdin lines); `length` is the question's length in UTF-16 code units,
 * as String.length and Discord count them.
 */
export function questionTooLongError(length: number): BotError {
  return new BotError(
    'QUESTION_TOO_LONG',
    `This question is ${length.toLocaleString('en-US')} characters long; please keep questions to ${MAX_QUESTION_LENGTH} characters (MAX_QUESTION_LENGTH).`,
    { details: { length, limit: MAX_QUESTION_LENGTH } },
  );
}
