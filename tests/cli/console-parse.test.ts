import { describe, expect, it } from 'vitest';
import { parseConsoleLine, parseResultCount } from '../../src/cli/console-parse.ts';
import { MAX_ASK_RESULTS } from '../../src/limits.ts';

describe('parseConsoleLine', () => {
  it.each([
    ['/ask When did relations start?', { kind: 'ask', question: 'When did relations start?' }],
    ['  Khi nào hai nước thiết lập quan hệ?  ', { kind: 'ask', question: 'Khi nào hai nước thiết lập quan hệ?' }],
    ['/ask --k 5 Putin visit', { kind: 'ask', question: 'Putin visit', k: 5 }],
    ['/ask --k=12 Putin visit', { kind: 'ask', question: 'Putin visit', k: 12 }],
    ['--k 2 Putin visit', { kind: 'ask', question: 'Putin visit', k: 2 }],
    // A dash inside the question is the question's.
    ['/ask Putin --k visit', { kind: 'ask', question: 'Putin --k visit' }],
    ['', { kind: 'empty' }],
    ['/help', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['/QUIT', { kind: 'quit' }],
    ['quit', { kind: 'quit' }],
    ['exit', { kind: 'quit' }],
    ['  Exit ', { kind: 'quit' }],
    ['thoát', { kind: 'quit' }],
    ['keluar', { kind: 'quit' }],
    ['выход', { kind: 'quit' }],
    // More than the word is a question.
    ['help me find the 1994 treaty', { kind: 'ask', question: 'help me find the 1994 treaty' }],
    ['/weather', { kind: 'unknown', name: 'weather' }],
    ['/timeline', { kind: 'timeline', query: {} }],
    ['/timeline from:1990 to:2025 topic:visit', { kind: 'timeline', query: { from: 1990, to: 2025, topic: 'visit' } }],
    ['/timeline 1950 2000', { kind: 'timeline', query: { from: 1950, to: 2000 } }],
    ['/timeline 2001 state visit', { kind: 'timeline', query: { from: 2001, topic: 'state visit' } }],
    ['/timeline kind:call from:2024', { kind: 'timeline', query: { kind: 'call', from: 2024 } }],
    ['/timeline kind:Visit topic: Putin', { kind: 'timeline', query: { kind: 'visit', topic: 'Putin' } }],
    ['/timeline --from 1990 --kind agreement', { kind: 'timeline', query: { from: 1990, kind: 'agreement' } }],
  ])('%j', (line, expected) => {
    expect(parseConsoleLine(line)).toEqual(expected);
  });

  it.each([
    ['/ask', { type: 'ask-usage' }],
    ['/ask --k 5', { type: 'ask-usage' }],
    ['/ask --k 0 Putin visit', { type: 'bad-k', value: '0' }],
    ['/ask --k 21 Putin visit', { type: 'bad-k', value: '21' }],
    ['/ask --k many Putin visit', { type: 'bad-k', value: 'many' }],
    ['/ask --k', { type: 'missing-value', option: '--k' }],
    ['/ask --json Putin visit', { type: 'unknown-option', option: '--json', known: ['--k'] }],
    ['/timeline foo:bar', { type: 'unknown-option', option: 'foo:', known: ['from:', 'to:', 'kind:', 'topic:'] }],
    ['/timeline from:1990 --chart x.png', { type: 'unknown-option', option: '--chart', known: ['from:', 'to:', 'kind:', 'topic:'] }],
    ['/timeline kind:visite', { type: 'unknown-kind', value: 'visite' }],
    ['/timeline kind:', { type: 'missing-value', option: 'kind:' }],
    ['/timeline from:soon', { type: 'not-a-year', value: 'soon' }],
    ['/timeline from:2025 to:1950', { type: 'from-after-to', from: 2025, to: 1950 }],
  ])('names what is wrong with %j', (line, problem) => {
    expect(parseConsoleLine(line)).toEqual({ kind: 'invalid', problem });
  });
});

describe('parseResultCount', () => {
  it('takes whole numbers from 1 to the limit, as npm run ask --k does', () => {
    expect(parseResultCount('1')).toBe(1);
    expect(parseResultCount(String(MAX_ASK_RESULTS))).toBe(MAX_ASK_RESULTS);
    for (const bad of ['0', String(MAX_ASK_RESULTS + 1), '2.5', '-1', '', 'ten', '1e1']) expect(parseResultCount(bad), bad).toBeNull();
  });
});
