import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../src/cli/console-parse.ts';

describe('parseConsoleLine', () => {
  it.each([
    ['/ask When did relations start?', { kind: 'ask', question: 'When did relations start?' }],
    ['  Khi nào hai nước thiết lập quan hệ?  ', { kind: 'ask', question: 'Khi nào hai nước thiết lập quan hệ?' }],
    ['/ask', { kind: 'invalid', message: 'Usage: /ask <question>' }],
    ['', { kind: 'empty' }],
    ['/help', { kind: 'help' }],
    ['/QUIT', { kind: 'quit' }],
    ['/weather', { kind: 'unknown', name: 'weather' }],
    ['/timeline', { kind: 'timeline', query: {} }],
    ['/timeline from:1990 to:2025 topic:visit', { kind: 'timeline', query: { from: 1990, to: 2025, topic: 'visit' } }],
    ['/timeline 1950 2000', { kind: 'timeline', query: { from: 1950, to: 2000 } }],
    ['/timeline 2001 state visit', { kind: 'timeline', query: { from: 2001, topic: 'state visit' } }],
  ])('%j', (line, expected) => {
    expect(parseConsoleLine(line)).toEqual(expected);
  });

  it('rejects a non-year and a reversed range with a clear message', () => {
    expect(parseConsoleLine('/timeline from:soon')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not a year/) });
    expect(parseConsoleLine('/timeline from:2025 to:1950')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/after/) });
  });
});
