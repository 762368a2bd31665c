import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CONSOLE_LINE_LENGTH, MAX_QUESTION_LENGTH } from '../../src/limits.ts';
import { terminalStrings } from '../../src/reply/terminal-i18n.ts';

/** `npm start` with no DISCORD_TOKEN opens the local console; drive it through stdin as a person would type. */
const indexDir = mkdtempSync(join(tmpdir(), 'vrb-console-'));
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

/** Runs the console on these lines; the output after each "> " prompt belongs to the line typed there. */
function consoleSession(lines: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['start', '--silent'], {
    input: [...lines, ''].join('\n'),
    encoding: 'utf8',
    env: { ...process.env, DISCORD_TOKEN: '', INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', LANG: 'C.UTF-8', LC_ALL: '', ...env },
    timeout: 120_000,
  });
  return { ...result, replies: result.stdout.split('\n> ').slice(1) };
}

const SOURCE_LINE = /^ {3}— .+ · \d{4}-\d{2}-\d{2} · (vi|id|en) · .+/mu;

describe('npm start without a Discord token', () => {
  it('builds the index, then answers /ask and /timeline in the console', () => {
    const result = consoleSession([
      '/ask When did Vietnam and the Soviet Union establish diplomatic relations?',
      '/timeline from:1950 to:1950',
      '/nonsense',
      '/quit',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/local console/);
    const [answer = '', timeline = ''] = result.replies;
    // The answer quotes the 1950 date and names its source.
    expect(answer).toMatch(/1950/);
    expect(answer).toMatch(SOURCE_LINE);
    // The timeline filtered to 1950 lists the establishment of diplomatic relations.
    expect(timeline).toMatch(/1950-01-30/);
    expect(result.stdout).toMatch(/Unknown command \/nonsense/);
  });

  it('takes help and exit without a slash, reads /ask options, and names unknown /timeline options', () => {
    const en = terminalStrings('en');
    const result = consoleSession(['help', '/ask --k 0 Putin visit', '/ask --k 1 When did Putin visit Vietnam?', '/timeline foo:bar', 'exit', 'When did Putin visit Vietnam?']);
    expect(result.status, result.stderr).toBe(0);
    const [help = '', badK = '', oneResult = '', unknownOption = ''] = result.replies;
    expect(help.trim()).toBe(en.help);
    expect(badK.trim()).toBe(en.badK('0', 20));
    // One numbered quote, after the line that names the asker's language when no quote is in it.
    expect(oneResult).toMatch(/^1\. “/mu);
    expect(oneResult).not.toMatch(/^2\. /mu);
    expect(unknownOption.trim()).toBe(en.unknownOption('foo:', 'from: to: kind: topic:'));
    // "exit" ended the session: nothing follows its prompt, and the question after it was never answered.
    expect(result.replies).toHaveLength(5);
    expect(result.replies[4]).toBe('');
  });

  it.each([
    ['vi', 'Giá vàng hôm nay bao nhiêu?'],
    ['id', 'Berapa harga emas hari ini?'],
    ['ru', 'Сколько стоит золото сегодня?'],
    ['en', 'What is the price of gold today?'],
  ] as const)('refuses in the language of the question (%s), and keeps speaking it', (lang, question) => {
    const t = terminalStrings(lang);
    const result = consoleSession([question, '/timeline kind:call', '/ask --k 99 x', '/help']);
    expect(result.status, result.stderr).toBe(0);
    const [refusal = '', timeline = '', badK = '', help = ''] = result.replies;
    expect(refusal).toContain(t.noAnswer);
    expect(refusal).toContain(t.searchKeyword);
    // The timeline that follows says where a chart can be drawn, in the same language.
    expect(timeline).toContain(t.chartHint('npm run timeline -- --kind call --lang ' + lang + ' --chart timeline.png', 'timeline.png'));
    expect(badK.trim()).toBe(t.badK('99', 20));
    // /help, as in Discord, lists the commands and their options in that language.
    expect(help.trim()).toBe(t.help);
  });

  it('lists /timeline events with their kinds and every source on its own line with title, date and link', () => {
    const result = consoleSession(['/timeline kind:visit from:2024 to:2024']);
    expect(result.status, result.stderr).toBe(0);
    const [timeline = ''] = result.replies;
    const events = timeline.split('\n\n');
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      const [head = '', ...sources] = event.trim().split('\n').filter((l) => !l.startsWith('A chart'));
      expect(head).toMatch(/^2024-\d\d(-\d\d)?( → \S+)?  \[[^\]]*visit[^\]]*\]  \S/u);
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(`   ${source.trim()}`).toMatch(SOURCE_LINE);
    }
    expect(timeline).toMatch(/<https?:\/\/\S+>/u);
  });
});

describe('the console at the question length limit', () => {
  /** Real words, cut to exactly `length` characters, not ending in a space (the console trims the line). */
  const questionOf = (length: number, words = 'When did Putin visit Vietnam and what did the two sides sign in Hanoi? ') =>
    `${words.repeat(Math.ceil(length / words.length)).slice(0, length - 1)}x`;

  it(`answers a question of exactly MAX_QUESTION_LENGTH (${MAX_QUESTION_LENGTH}) characters and refuses one more, saying the limit is allowed`, () => {
    const en = terminalStrings('en');
    const vi = terminalStrings('vi');
    const atLimit = questionOf(MAX_QUESTION_LENGTH);
    const over = questionOf(MAX_QUESTION_LENGTH + 1);
    const viOver = questionOf(MAX_QUESTION_LENGTH + 1, 'Khi nào Tổng thống Putin thăm Việt Nam và hai bên đã ký những gì? ');
    expect(atLimit).toHaveLength(MAX_QUESTION_LENGTH);
    const result = consoleSession([`/ask ${atLimit}`, over, `/ask --k 3 ${over}`, viOver]);
    expect(result.status, result.stderr).toBe(0);
    const [answered = '', refusedBare = '', refusedAsk = '', refusedVi = ''] = result.replies;
    expect(answered).not.toContain(en.questionTooLong(MAX_QUESTION_LENGTH));
    expect(answered).toMatch(SOURCE_LINE);
    expect(refusedBare.trim()).toBe(en.questionTooLong(MAX_QUESTION_LENGTH));
    expect(refusedAsk.trim()).toBe(en.questionTooLong(MAX_QUESTION_LENGTH));
    expect(refusedVi.trim()).toBe(vi.questionTooLong(MAX_QUESTION_LENGTH));
    // The words match the limit: 500 is allowed, so not "under 500" / "shorter than 500".
    expect(refusedBare).toContain(`to ${MAX_QUESTION_LENGTH} characters at most`);
    expect(refusedBare).not.toMatch(/under|less than/u);
  });

  it('never holds a line of megabytes: 160 MB without a newline in a 96 MB heap gets the polite refusal, and the lines before it their answers', () => {
    // Before, readline kept the whole line until its end: this heap ran out (V8 "heap out of memory", exit 134).
    const huge = Buffer.alloc(160 * 1024 * 1024, 'a');
    const before = Buffer.from(['When did Putin visit Vietnam?', 'é'.repeat(2 * MAX_CONSOLE_LINE_LENGTH), '/sources', ''].join('\n'));
    const result = spawnSync('npm', ['start', '--silent'], {
      input: Buffer.concat([before, huge]),
      encoding: 'utf8',
      env: { ...process.env, DISCORD_TOKEN: '', INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', LANG: 'C.UTF-8', LC_ALL: '', NODE_OPTIONS: '--max-old-space-size=96' },
      timeout: 180_000,
    });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const en = terminalStrings('en');
    const [answer = '', longLine = '', sources = '', hugeLine = '', ...rest] = result.stdout.split('\n> ').slice(1);
    expect(answer).toMatch(SOURCE_LINE);
    expect(longLine.trim()).toBe(en.questionTooLong(MAX_QUESTION_LENGTH));
    expect(sources).toMatch(/articles/u);
    expect(hugeLine.trim()).toBe(en.questionTooLong(MAX_QUESTION_LENGTH));
    // The prompt after the last line, at the end of input, and nothing else.
    expect(rest).toEqual(['']);
    expect(result.stderr).not.toMatch(/heap|\n\s+at /u);
  });
});
