import { createHash } from 'node:crypto';
import { isLang } from '../domain.ts';
import { evalSetSchema, type EvalQuestion, type EvalSet } from '../eval/eval-set.ts';
import { ELLIPSIS } from '../reply/embed-limits.ts';
import { collapseWhitespace, normalizeText } from '../text/normalize.ts';
import { shouldHave } from './calibrate.ts';
import type { StoredVote } from './store.ts';

/**
 * Votes become evaluation questions (`npm run eval -- --from-feedback`). Only votes that settle what the right
 * behaviour is become questions:
 *   answered + 👍: answerable, and the top quote shown answers it (its text is the `expect` substring);
 *   refused + 👍: unanswerable (`expect` empty).
 * A 👎 says what was wrong, not what is right (which passage answers, or whether one exists), and a question with
 * votes that disagree is unsettled: those are left for a person and counted in `skipped`. Pure, unit-tested.
 */

/** Shortest `expect` the evaluation set accepts (see evalQuestionSchema). */
const MIN_EXPECT_CHARS = 8;

export interface SkippedQuestion {
  question: string;
  reason: 'thumbs-down' | 'votes-disagree' | 'quote-too-short';
}

export interface FeedbackExport {
  set: EvalSet | null;
  skipped: SkippedQuestion[];
}

/** Questions that differ only in case, spacing, Unicode form or final punctuation are one question. */
function canonicalQuestion(question: string): string {
  return collapseWhitespace(normalizeText(question)).replace(/[\s?!.…？]+$/u, '');
}

/** A quote cut to fit (MAX_QUOTE_CHARS) ends in an ellipsis that the passage does not contain. */
function expectFromQuote(quote: string): string {
  return collapseWhitespace(quote.replaceAll(ELLIPSIS, ' ').replace(/\.\.\.$/u, ''));
}

export function votesToEvalSet(votes: readonly StoredVote[]): FeedbackExport {
  const byQuestion = new Map<string, StoredVote[]>();
  for (const vote of votes) {
    const key = canonicalQuestion(vote.question);
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), vote]);
  }
  const questions: EvalQuestion[] = [];
  const skipped: SkippedQuestion[] = [];
  for (const [key, group] of byQuestion) {
    const latest = group.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
    if (group.some((v) => v.vote === -1)) {
      const settled = new Set(group.map((v) => shouldHave(v))).size === 1;
      skipped.push({ question: latest.question, reason: settled ? 'thumbs-down' : 'votes-disagree' });
      continue;
    }
    if (new Set(group.map((v) => v.refused)).size > 1) {
      skipped.push({ question: latest.question, reason: 'votes-disagree' });
      continue;
    }
    const expect = latest.refused
      ? []
      : [...new Set(group.flatMap((v) => (v.shown[0] ? [expectFromQuote(v.shown[0].quote)] : [])))].filter((e) => e.length >= MIN_EXPECT_CHARS);
    if (!latest.refused && expect.length === 0) {
      skipped.push({ question: latest.question, reason: 'quote-too-short' });
      continue;
    }
    const day = new Date(latest.updatedAt).toISOString().slice(0, 10);
    questions.push({
      id: `feedback-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`,
      lang: isLang(latest.questionLang) ? latest.questionLang : 'en',
      question: collapseWhitespace(latest.question),
      expect,
      note: `From feedback: ${group.length} 👍 on ${latest.refused ? 'the refusal' : 'the top quote'}, last ${day}.`,
    });
  }
  questions.sort((a, b) => (a.id < b.id ? -1 : 1));
  // Checked against the schema the evaluation reads, so an export is always a loadable set.
  return { set: questions.length > 0 ? evalSetSchema.parse({ version: 1, questions }) : null, skipped };
}
