import type { Logger } from 'pino';
import type { Settings } from '../config.ts';
import type { Answer, IndexStats } from '../engine-types.ts';
import { errorCodeOf } from '../errors.ts';
import { FEEDBACK_RETENTION_SWEEP_MS, FEEDBACK_RETRY_INTERVAL_MS } from '../limits.ts';
import { childLogger } from '../logger.ts';
import { FITTED_CONFIDENCE_MODEL } from '../retrieval/confidence-model.ts';
import { collapseWhitespace } from '../text/normalize.ts';
import { groupGaps, type GapGroup } from './gaps.ts';
import { feedbackDbPath, FeedbackStore, type ShownHit, type VoteOutcome, type VoteValue } from './store.ts';
import { loadOrCreateKey, tagsMatch, voterHash, voteTag } from './voter.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the engine reports as its confidence in an answer (higher = surer); absent for an empty question. */
export function answerConfidence(answer: Answer): number | null {
  const value = answer.confidence;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The refusal threshold the engine applies to the confidence under these settings (see retrieve.ts). */
export function refusalThreshold(settings: Pick<Settings, 'ABSTAIN_THRESHOLD'>): number {
  return settings.ABSTAIN_THRESHOLD ?? FITTED_CONFIDENCE_MODEL.threshold;
}

/** Refusals that are knowledge gaps: an empty question ("???") says nothing about the corpus. */
export function isKnowledgeGap(answer: Answer): boolean {
  return answer.abstained && answer.abstainReason !== 'empty-question';
}

function refused(answer: Answer): boolean {
  return answer.abstained || answer.results.length === 0;
}

/** The question as the vote buttons see it: the answer message shows it on one line (see questionFromAnswerEmbed). */
function shownQuestion(question: string): string {
  return collapseWhitespace(question);
}

export interface VoteClick {
  vote: VoteValue;
  tag: string;
  offset: number;
  sourceLang: string | null;
  messageId: string;
  userId: string;
  guildId: string | null;
  /** The answer re-asked now, for the question and page of the message. */
  answer: Answer;
  stats: IndexStats;
}

/** `stale`: the answer re-asked now is not the one the button was drawn for (or the button was forged). */
export type VoteResult = VoteOutcome | 'stale' | 'unavailable';

interface Connection {
  store: FeedbackStore;
  key: Buffer;
}

/**
 * Feedback as the bot uses it: vote buttons, votes, refused questions and /gaps, over the database in DATA_DIR.
 * Never throws and never stops an answer: when the database cannot be used (damaged, unwritable, locked), it logs one
 * clear error, the bot answers without vote buttons, and the database is tried again FEEDBACK_RETRY_INTERVAL_MS
 * later, so a repaired file is picked up without a restart. FEEDBACK=off makes it do nothing at all.
 */
export class Feedback {
  private connection: Connection | null = null;
  private failure: { message: string; at: number } | null = null;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: Logger;

  constructor(
    private readonly settings: Pick<Settings, 'FEEDBACK' | 'DATA_DIR' | 'FEEDBACK_RETENTION_DAYS' | 'ABSTAIN_THRESHOLD'>,
    private readonly options: { now?: () => number; retryIntervalMs?: number; log?: Logger } = {},
  ) {
    this.log = options.log ?? childLogger('feedback');
  }

  /** A Feedback already started (see `start`). */
  static open(settings: ConstructorParameters<typeof Feedback>[0], options: ConstructorParameters<typeof Feedback>[1] = {}): Feedback {
    const feedback = new Feedback(settings, options);
    feedback.start();
    return feedback;
  }

  /**
   * Opens the database now, so that a problem is logged once the bot is up rather than at the first question, and
   * starts the daily retention sweep. Until then the database is opened at first use.
   */
  start(): void {
    if (!this.enabled || this.closed || this.sweepTimer) return;
    this.use();
    this.sweepTimer = setInterval(() => this.use(), FEEDBACK_RETENTION_SWEEP_MS);
    // The sweep never keeps a process alive that has nothing else to do.
    this.sweepTimer.unref();
  }

  get enabled(): boolean {
    return this.settings.FEEDBACK === 'on';
  }

  get path(): string {
    return feedbackDbPath(this.settings.DATA_DIR);
  }

  /** True while votes can be recorded: the reply gets vote buttons. */
  available(): boolean {
    return this.use() !== null;
  }

  /** Custom-id tags for the 👍/👎 buttons of one page of an answer, or null when no buttons should be shown. */
  voteTagFor(answer: Answer, offset: number): string | null {
    const connection = this.use();
    if (!connection) return null;
    return voteTag(connection.key, {
      question: shownQuestion(answer.question),
      refused: refused(answer),
      offset,
      passageIds: answer.results.map((hit) => hit.passage.id),
    });
  }

  /** Stores a refused question (no user) when it is a knowledge gap. Never throws. */
  recordRefusal(answer: Answer, guildId: string | null): void {
    if (!isKnowledgeGap(answer)) return;
    this.attempt(undefined, (connection) =>
      connection.store.recordRefusal({
        question: answer.question,
        questionLang: answer.queryLang,
        guildId,
        confidence: answerConfidence(answer),
        at: this.now(),
      }),
    );
  }

  recordVote(click: VoteClick): VoteResult {
    return this.attempt<VoteResult>('unavailable', (connection) => {
      const { answer } = click;
      const expected = voteTag(connection.key, {
        question: shownQuestion(answer.question),
        refused: refused(answer),
        offset: click.offset,
        passageIds: answer.results.map((hit) => hit.passage.id),
      });
      if (!tagsMatch(expected, click.tag)) return 'stale';
      const shown: ShownHit[] = answer.results.map((hit) => ({
        rank: hit.rank,
        doc: hit.source.doc,
        passage: hit.passage.id,
        score: hit.score,
        quote: hit.quote,
      }));
      return connection.store.recordVote({
        messageId: click.messageId,
        voter: voterHash(connection.key, click.userId, click.messageId),
        guildId: click.guildId,
        vote: click.vote,
        question: answer.question,
        questionLang: answer.queryLang,
        refused: refused(answer),
        offset: click.offset,
        sourceLang: click.sourceLang,
        mode: answer.mode,
        modelId: click.stats.modelId,
        indexGeneration: click.stats.builtAt,
        confidence: answerConfidence(answer),
        threshold: refusalThreshold(this.settings),
        shown,
        at: this.now(),
      });
    });
  }

  /** The most asked unanswered questions of one server, or null when the database cannot be read. */
  gaps(guildId: string, options: { since?: number | undefined; limit: number }): { groups: GapGroup[]; refusals: number; totalGroups: number } | null {
    return this.attempt(null, (connection) => {
      const refusals = connection.store.refusals({ guildId, since: options.since });
      const groups = groupGaps(refusals);
      return { groups: groups.slice(0, options.limit), refusals: refusals.length, totalGroups: groups.length };
    });
  }

  close(): void {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.connection?.store.close();
    this.connection = null;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private attempt<T>(fallback: T, operation: (connection: Connection) => T): T {
    const connection = this.use();
    if (!connection) return fallback;
    try {
      return operation(connection);
    } catch (error) {
      this.fail(error);
      return fallback;
    }
  }

  /** The open connection, opening (or re-trying) it when due, and sweeping old rows when a day has passed. */
  private use(): Connection | null {
    if (!this.enabled || this.closed) return null;
    const now = this.now();
    if (!this.connection) {
      if (this.failure && now - this.failure.at < (this.options.retryIntervalMs ?? FEEDBACK_RETRY_INTERVAL_MS)) return null;
      try {
        const key = loadOrCreateKey(this.settings.DATA_DIR);
        const store = FeedbackStore.open(this.path, { create: true })!;
        this.connection = { store, key };
      } catch (error) {
        this.fail(error);
        return null;
      }
      if (this.failure) this.log.info({ path: this.path }, 'the feedback database can be used again: vote buttons are back');
      else this.log.info({ path: this.path }, 'feedback database open');
      this.failure = null;
    }
    if (now - this.lastSweep >= FEEDBACK_RETENTION_SWEEP_MS) {
      this.lastSweep = now;
      try {
        const deleted = this.connection.store.deleteOlderThan(now - this.settings.FEEDBACK_RETENTION_DAYS * DAY_MS);
        if (deleted.votes + deleted.refusals > 0) {
          this.log.info({ ...deleted, retentionDays: this.settings.FEEDBACK_RETENTION_DAYS }, 'deleted feedback older than the retention period');
        }
      } catch (error) {
        this.fail(error);
        return null;
      }
    }
    return this.connection;
  }

  /** One error per distinct failure: the same failure at every retry would only flood the log. */
  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    try {
      this.connection?.store.close();
    } catch {
      // Already broken; the failure being reported is the one that matters.
    }
    this.connection = null;
    const repeated = this.failure?.message === message;
    this.failure = { message, at: this.now() };
    if (repeated) {
      this.log.debug({ code: errorCodeOf(error) }, 'the feedback database still cannot be used');
    } else {
      this.log.error(
        { code: errorCodeOf(error), err: error, path: this.path },
        `feedback is off until the database can be used: answers go on without vote buttons [${errorCodeOf(error)}]`,
      );
    }
  }
}
