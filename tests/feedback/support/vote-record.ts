import type { VoteRecord } from '../../../src/feedback/store.ts';

/** A vote as the bot records it (an answered English question, a thumbs up); tests override what they are about. */
export function voteRecord(overrides: Partial<VoteRecord> = {}): VoteRecord {
  return {
    messageId: '1300000000000000001',
    voter: 'a'.repeat(64),
    guildId: '1400000000000000001',
    vote: 1,
    question: 'When did Putin visit Vietnam?',
    questionLang: 'en',
    refused: false,
    offset: 0,
    sourceLang: null,
    mode: 'lexical',
    modelId: null,
    indexGeneration: '2026-12-01T00:00:00.000Z',
    confidence: 0.7,
    threshold: 0.5,
    shown: [{ rank: 1, doc: 'doc', passage: 'doc#1', score: 0.9, quote: 'Putin visited Hanoi on 19–20 June 2024.' }],
    at: Date.UTC(2026, 11, 1),
    ...overrides,
  };
}
