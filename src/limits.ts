/** Limits kept in one place so that they can be read, reasoned about and tested. */

/** Discord embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

/**
 * Longest question accepted, in characters (UTF-16 code units, as Discord and String.length count them), on every
 * entry point: Discord (the option's max length), the console, and `npm run ask` arguments and stdin lines. Long
 * enough for any real question, short enough to embed fast.
 */
export const MAX_QUESTION_LENGTH = 500;
/**
 * Longest console line read, in characters: a question at MAX_QUESTION_LENGTH with room for the command and its
 * options around it ("/ask --k 20 …", "/timeline from:1950 to:2025 kind:agreement topic:…"). Any longer line holds
 * a question or topic over the limit, so the console keeps only its first MAX_CONSOLE_LINE_LENGTH + 1 characters
 * (counting the rest) and answers that it is too long: a line of megabytes never sits in memory.
 */
export const MAX_CONSOLE_LINE_LENGTH = MAX_QUESTION_LENGTH + 100;

/**
 * Largest article file accepted, in bytes. The largest real article is about 16 KB; a scraped page is rarely over
 * 200 KB. Every build stage is linear, but one 50 MB file would still hold the build for minutes and gigabytes, so
 * a file over this size is refused (checked with stat, before it is read).
 */
export const MAX_ARTICLE_BYTES = 1024 * 1024;
/**
 * Longest front-matter fields, in characters. The title and outlet are stored with every passage of the article
 * and shown in every answer, so one huge title would multiply into the index (a 1 MB title made passages.json
 * 287 MB). Real titles are under 120 characters, outlets under 40.
 */
export const MAX_TITLE_LENGTH = 300;
export const MAX_OUTLET_LENGTH = 200;
export const MAX_URL_LENGTH = 2000;
/** `notes` is provenance for people (never indexed or shown), but it is still parsed and validated. */
export const MAX_NOTES_LENGTH = 5000;
/**
 * Questions the engine works on at once; more wait their turn. Retrieval is CPU-bound, so running more at once
 * only delays every answer and the network I/O between them (see IndexedEngine.ask).
 */
export const MAX_CONCURRENT_ASKS = 2;
/** Most results one `npm run ask -- --k N` or console `/ask --k N` asks for. */
export const MAX_ASK_RESULTS = 20;
/** Results shown per page of /ask and per page of /timeline. */
export const RESULTS_PER_PAGE = 3;
export const TIMELINE_EVENTS_PER_PAGE = 8;
/** Passages never exceed this many characters; long paragraphs are split at sentence boundaries. */
export const MAX_PASSAGE_CHARS = 700;
/**
 * Longest sentence the timeline extractor reads whole; longer ones are cut at clause boundaries. Real sentences are
 * under 700 characters; the extractor's work grows with dates × sentence length.
 */
export const MAX_TIMELINE_SENTENCE_CHARS = 1000;
/**
 * Dates the timeline extractor reads in one article (counting those in sentences about the relationship that may
 * name an event; the rest cost nothing). The richest real article has under 20. Each date read becomes at most one
 * event candidate, and merging compares every candidate with the events already placed, so one article of 1 MiB
 * of "Putin visited Vietnam in 1950, …" (200,000 dates) took minutes. The dates after this many are left out of the
 * timeline, with a warning naming the article.
 */
export const MAX_TIMELINE_DATES_PER_ARTICLE = 1000;
/** Quotes shown to users are cut at this length. */
export const MAX_QUOTE_CHARS = 400;
/**
 * How often a long-running bot serving a stale index (its rebuild failed: invalid article, full disk, another build
 * holding the lock) tries the rebuild again. Minutes: a fix to the corpus is picked up soon, and a rebuild that keeps
 * failing costs a few seconds of CPU per try at most.
 */
export const REBUILD_RETRY_INTERVAL_MS = 3 * 60 * 1000;
/**
 * How long `npm start` waits for the Discord login (REST, then the gateway WebSocket until every shard is ready)
 * before it gives up with GATEWAY_UNREACHABLE. discord.js retries an unreachable gateway forever without a word, so
 * without this a firewalled gateway hangs start-up silently. A minute covers slow networks and Discord's own
 * retries of a REST 5xx. DISCORD_CONNECT_TIMEOUT_SECONDS overrides it.
 */
export const GATEWAY_CONNECT_TIMEOUT_MS = 60_000;
/**
 * Corpus files read at once while loading. Reading every file at once (Promise.all) opens as many descriptors as
 * there are files and runs into the open-file limit (EMFILE) with a large corpus or a low `ulimit -n`.
 */
export const MAX_PARALLEL_FILE_READS = 16;
/**
 * How long a feedback database write waits for another bot process holding the write lock before it fails. Writes
 * take well under a millisecond, so even a burst from several processes clears long before this; the wait blocks the
 * event loop (better-sqlite3 is synchronous), so it must stay short.
 */
export const FEEDBACK_BUSY_TIMEOUT_MS = 2_000;
/**
 * After the feedback database failed (corrupt, unwritable, locked for too long), the bot answers without vote buttons
 * and tries the database again this long after the failure, at the next question: a repaired file is picked up
 * without a restart, and a broken one costs one attempt a minute.
 */
export const FEEDBACK_RETRY_INTERVAL_MS = 60_000;
/** Old votes and refused questions are deleted (FEEDBACK_RETENTION_DAYS) at start-up and then this often. */
export const FEEDBACK_RETENTION_SWEEP_MS = 24 * 60 * 60 * 1000;
/**
 * `npm run calibrate` fits nothing on fewer votes that carry a confidence than this, nor with fewer than
 * CALIBRATION_MIN_PER_SIDE on either side (votes saying the bot should have answered / should have refused): a
 * threshold fitted on a handful of votes follows their noise.
 */
export const CALIBRATION_MIN_VOTES = 30;
export const CALIBRATION_MIN_PER_SIDE = 5;
/** Groups of refused questions shown by /gaps (the CLI's --limit defaults to the same). */
export const GAPS_SHOWN = 10;
/** Example questions listed under each group of refused questions. */
export const GAP_EXAMPLES = 3;
/**
 * Analysed words kept by the tokenizer (word → stem and flags). A real corpus of a year of news holds a few tens of
 * thousands of distinct words; the bound only matters for text made of distinct words, where it starts over.
 */
export const WORD_CACHE_ENTRIES = 200_000;
/** Longer "words" (a run of 1000 letters) are analysed without being cached: no real word is this long. */
export const MAX_CACHED_WORD_LENGTH = 64;
/**
 * Spelling corrections remembered per index (word → correction or none). Questions repeat their few unknown words;
 * the bound only matters for questions made of distinct nonsense words, where it starts over.
 */
export const SPELLING_CACHE_ENTRIES = 20_000;
/**
 * Most bot processes DISCORD_SHARD_PROCESSES may ask for. Each process loads its own engine (model and index, a few
 * hundred MB), so more than a machine's cores only costs memory; Discord needs one shard per 2,500 servers.
 */
export const MAX_SHARD_PROCESSES = 64;

// ---------------------------------------------------------------- npm run add (src/add)

/**
 * Largest response body `npm run add` reads, in bytes. News pages with inline scripts and styles run to 1–2 MB; a
 * feed of 50 items with full text to about the same. The body is counted as it streams, so a bigger (or endless)
 * response is cut off here rather than read into memory. A saved page or feed file is held to the same cap.
 */
export const MAX_FETCH_BYTES = 5 * 1024 * 1024;
/** Redirects followed per fetch. Real article links take one or two (http → https, a tracking hop). */
export const MAX_REDIRECTS = 5;
/**
 * Time allowed for one fetch, from connecting to the last byte, in milliseconds (FETCH_TIMEOUT_SECONDS overrides
 * it). Covers slow news sites; a server that trickles bytes forever is cut off here.
 */
export const FETCH_TIMEOUT_MS = 20_000;
/**
 * Fewest characters of article text, after the loader's clutter rules, for a page to count as an article. The
 * shortest seed article holds about 4,000; an index page, a paywall teaser or a video page holds a headline and a
 * few lines of navigation, which the clutter rules remove.
 */
export const MIN_ARTICLE_TEXT_CHARS = 600;
/**
 * Share of a new article's passages that the passage dedupe rule (src/passages/dedupe.ts) collapses into passages
 * of one article already in the corpus for the new one to be refused as a near-duplicate of it (a re-post, a
 * syndicated copy). Under half, the new article says enough of its own to be worth adding.
 */
export const NEAR_DUPLICATE_ARTICLE_SHARE = 0.5;
/** Items read from one feed; a feed is a list of recent news, and a longer one is cut with a notice. */
export const MAX_FEED_ITEMS = 50;
/** Longest slug in a generated file name (the id adds the date and the language). */
export const MAX_SLUG_LENGTH = 60;
/**
 * How often the running bot and console look for a new index generation (written by `npm run add` or
 * `npm run index`) and switch to it between questions. Reading one small file every few seconds costs nothing.
 */
export const GENERATION_POLL_INTERVAL_MS = 2_000;

/**
 * Passages whose decoded analysis (sentences as term sets, content words, facts) retrieval keeps per loaded index
 * when the index stores that analysis: decoding again is cheap, so a long-running bot keeps only the most recently
 * met ones instead of, in the end, every passage of a 100k corpus. Several questions' candidates (each question
 * meets at most 2 × CANDIDATE_POOL).
 */
export const ANALYSED_PASSAGES_KEPT = 5_000;

/**
 * An index update writes what it adds to small delta files beside the main ones (new vectors in
 * `vectors-delta.hnsw`, appended passages in `passages-added.bin`), so that the main files (≈ 180 and 80 MB at 100k
 * passages) are shared with the previous generation instead of written again. Once a delta would hold more than
 * this share of its main file's items (or MIN_DELTA_SEGMENT items, whichever is more), it is merged into the main
 * file: deltas stay small to rewrite, and searches keep one large graph.
 */
export const DELTA_SEGMENT_SHARE = 0.1;
export const MIN_DELTA_SEGMENT = 1_000;

/**
 * Index files larger than this in total are checksummed on a worker thread while the loader decodes them (open.ts):
 * below it, starting the worker costs more than the hashing it takes off the main thread.
 */
export const OFF_THREAD_CHECKSUM_MIN_BYTES = 32 * 1024 * 1024;
/**
 * Window in which a file too large to copy whole into JavaScript memory is read, hashed and validated (the HNSW graph,
 * 181 MB at 100k passages, which hnswlib reads itself): large enough that the reads cost no more than one whole read.
 */
export const FILE_WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * BM25 search runs on two threads (the calling one and one worker, src/index/bm25-shards.ts) only when a question
 * reads at least this many postings: below it, handing the task over costs more than the half it saves. The real
 * corpus (95 passages) and short questions stay on one thread. Measured with scripts/bm25-threshold.ts (docs/PERFORMANCE.md,
 * "BM25 on two threads"): on the loaded 2-core machine two threads lost below ≈ 80k postings and won above.
 */
export const BM25_PARALLEL_MIN_POSTINGS = 100_000;
/**
 * The passages are scored in this many chunks by id, which the two threads claim in turn: on a shared machine a
 * thread that is slowed claims fewer, instead of the other waiting for its fixed half.
 */
export const BM25_CHUNKS = 8;
/**
 * How long a search waits for the worker after scoring its own chunks before scoring the worker's chunks itself: this
 * many of its own chunks' time (about a whole one-thread search), and at least BM25_WORKER_MIN_WAIT_MS. A worker
 * stuck or dead then costs about one search more, once. Waiting less lost more often than it won on the shared
 * machine, paired at 100k (scripts/bm25-threshold.ts, p50 over all questions): 2 chunks 9.96 and 18.1 ms, against
 * 8.84 and 17.4 waiting up to 250 ms (one thread 10.5 and 23.8), at load 4.4 and 7.8.
 */
export const BM25_WORKER_WAIT_CHUNKS = 8;
export const BM25_WORKER_MIN_WAIT_MS = 1;
/** Query terms and results the worker's shared buffers hold; a larger search runs on one thread. */
export const BM25_WORKER_MAX_TERMS = 2_048;
export const BM25_WORKER_MAX_RESULTS = 2_048;
