import { describe, expect, it } from 'vitest';
import { votesToEvalSet } from '../../src/feedback/eval-export.ts';
import type { StoredVote } from '../../src/feedback/store.ts';
import { parseEvalSet, passageAnswers } from '../../src/eval/eval-set.ts';

let nextId = 1;
function vote(question: string, value: 1 | -1, options: { refused?: boolean; quote?: string; at?: number; lang?: string } = {}): StoredVote {
  const refused = options.refused ?? false;
  return {
    id: nextId++,
    messageId: `m${nextId}`,
    voter: `v${nextId}`,
    guildId: null,
    vote: value,
    question,
    questionLang: options.lang ?? 'en',
    refused,
    offset: 0,
    sourceLang: null,
    mode: 'lexical',
    modelId: null,
    indexGeneration: '2026-12-01T00:00:00.000Z',
    confidence: 0.6,
    threshold: 0.5,
    shown: refused ? [] : [{ rank: 1, doc: 'd', passage: 'd#1', score: 0.9, quote: options.quote ?? 'Vietnam and the Soviet Union established relations on 30 January 1950.' }],
    createdAt: options.at ?? Date.UTC(2026, 11, 1),
    updatedAt: options.at ?? Date.UTC(2026, 11, 1),
  };
}

describe('votes as evaluation questions', () => {
  it('exports 👍 answers with the top quote to match and 👍 refusals as unanswerable; leaves 👎 and disagreements to a person', () => {
    const passage = 'On 30 January 1950, Vietnam and the Soviet Union established diplomatic relations. The treaty followed.';
    const { set, skipped } = votesToEvalSet([
      vote('When were relations established?', 1, { quote: `Vietnam and the Soviet Union established diplomatic relations${'…'}`, at: Date.UTC(2026, 11, 4) }),
      vote('when were relations  established', 1, { quote: 'Vietnam and the Soviet Union established diplomatic relations.', at: Date.UTC(2026, 11, 5) }),
      vote('Population of Hanoi?', 1, { refused: true, lang: 'vi' }),
      vote('Who won the cup?', -1, { refused: true }),
      vote('Who is the ambassador?', 1),
      vote('Who is the ambassador?', -1),
      vote('Short quote?', 1, { quote: 'Yes…' }),
    ]);
    expect(skipped).toEqual([
      { question: 'Who won the cup?', reason: 'thumbs-down' },
      { question: 'Who is the ambassador?', reason: 'votes-disagree' },
      { question: 'Short quote?', reason: 'quote-too-short' },
    ]);
    // The export is a loadable evaluation set, and its expect strings match the passage the quotes came from.
    const parsed = parseEvalSet(JSON.parse(JSON.stringify(set)));
    const byQuestion = (a: { question: string }, b: { question: string }) => (a.question < b.question ? -1 : 1);
    expect(parsed.questions.map(({ lang, question, expect: e }) => ({ lang, question, expect: e })).sort(byQuestion)).toEqual([
      { lang: 'vi', question: 'Population of Hanoi?', expect: [] },
      {
        lang: 'en',
        // The wording of the latest vote; the cut quote loses its ellipsis, so both quotes are substrings.
        question: 'when were relations established',
        expect: ['Vietnam and the Soviet Union established diplomatic relations', 'Vietnam and the Soviet Union established diplomatic relations.'],
      },
    ]);
    const answerable = parsed.questions.find((q) => q.expect.length > 0)!;
    expect(passageAnswers(passage, answerable.expect)).toBe(true);
    expect(answerable.id).toMatch(/^feedback-[0-9a-f]{12}$/u);
    expect(answerable.note).toBe('From feedback: 2 👍 on the top quote, last 2026-12-05.');
    expect(answerable.question).toBe('when were relations established');
    // Stable ids: exporting again gives the same set.
    expect(votesToEvalSet([vote('Population of Hanoi?', 1, { refused: true, lang: 'vi' })]).set!.questions[0]!.id).toBe(
      parsed.questions.find((q) => q.question === 'Population of Hanoi?')!.id,
    );
  });

  it('gives no set when nothing can be exported', () => {
    expect(votesToEvalSet([])).toEqual({ set: null, skipped: [] });
    expect(votesToEvalSet([vote('Who won the cup?', -1)]).set).toBeNull();
  });
});
