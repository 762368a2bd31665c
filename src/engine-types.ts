import type { Lang, Passage, SourceRef } from './domain.ts';
import type { TimelineKind } from './timeline/lexicon.ts';
import type { SourcesSummary } from './corpus/summary.ts';

/** What every front end (Discord, console, CLI) asks of the engine. */
export interface AskRequest {
  question: string;
  /** Results wanted, after `offset`. */
  k?: number;
  /** Skip this many results: paging for "More results". */
  offset?: number;
  /** Only quote sources in this language. */
  lang?: Lang;
}

export interface AnswerHit {
  rank: number;
  /** The score that ranked, 0–1: fused relevance less the diversity penalty; never rises down the list. */
  score: number;
  /** Fused relevance, 0–1, before the diversity penalty. */
  relevance?: number;
  /** The sentence(s) of the passage that best answer the question. */
  quote: string;
  /** The answering sentence within `quote` (all of it when the quote is one sentence). */
  answer?: string;
  passage: Passage;
  source: SourceRef;
}

export interface Answer {
  question: string;
  abstained: boolean;
  /** Why the engine abstained: the question was unusable, or nothing relevant enough was found. */
  abstainReason?: 'empty-question' | 'no-relevant-passage' | undefined;
  /**
   * How likely the corpus answers the question, 0–1 (see src/retrieval/confidence.ts); the engine refuses under
   * its threshold. Absent for an empty question.
   */
  confidence?: number | undefined;
  results: AnswerHit[];
  /** True when more results exist after this page. */
  hasMore: boolean;
  queryLang: Lang;
  mode: 'hybrid' | 'lexical';
}

export type DatePrecision = 'year' | 'month' | 'day';

export interface TimelineEvent {
  /** ISO date truncated to its precision: `1950`, `1950-01`, `1950-01-30`. */
  date: string;
  end: string | null;
  precision: DatePrecision;
  /**
   * The event's default telling (an asker of no known language): a text that states the entry's own date, in English
   * where one does, else any that does, else English, else the first (see textFor in src/timeline/localize.ts).
   */
  text: string;
  sources: SourceRef[];
  /** What happened, in the classes people filter by: visit, call, agreement, anniversary, meeting, other. */
  kinds: TimelineKind[];
  /** The finer kinds the classifier found (e.g. `state-visit`, `treaty`); used for topic filters and suggestions. */
  subkinds?: string[];
  /** The event told in each language a source reports it in (one text each, English first): see eventInLanguage. */
  texts?: EventText[];
}

/** One language's telling of a timeline event, and the article it is quoted from. */
export interface EventText {
  lang: Lang;
  doc: string;
  text: string;
  /**
   * The text states the entry's own date as precisely as the entry gives it ("30 Januari 1950" for 1950-01-30, not
   * "(1950-2025)"). Absent in timelines written before it was recorded: unknown.
   */
  statesDate?: boolean;
}

export interface TimelineQuery {
  from?: number;
  to?: number;
  /** Free text: a kind in any language's words, a name, or words of the event. */
  topic?: string;
  kind?: TimelineKind;
  /** Tell each event in this language where a source in it reports the event (else English, else the first). */
  lang?: Lang;
}

export interface IndexStats {
  documents: number;
  passages: number;
  builtAt: string;
  mode: 'hybrid' | 'lexical';
  modelId: string | null;
}

export interface QaEngine {
  /** Rejects with QUESTION_TOO_LONG, before any work, a question over MAX_QUESTION_LENGTH characters. */
  ask(request: AskRequest): Promise<Answer>;
  timeline(query?: TimelineQuery): TimelineEvent[];
  /** Topic suggestions for autocomplete, drawn from the timeline. */
  timelineTopics(prefix: string): string[];
  stats(): IndexStats;
  /** The articles being served, counted by language and outlet, with the date range and the newest (`/sources`). */
  sources(): SourcesSummary;
  close(): Promise<void>;
}
