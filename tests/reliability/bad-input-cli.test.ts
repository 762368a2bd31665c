import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/bot-harness.ts';
import { BAD_INPUTS } from './support/bad-inputs.ts';
import { MAX_QUESTION_LENGTH } from '../../src/limits.ts';

/** The same hostile questions through `npm run ask`, as a user or a script would send them. */
const indexDir = mkdtempSync(join(tmpdir(), 'vrb-reliability-cli-'));
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

function runAsk(args: string[], input?: string) {
  return spawnSync('npm', ['run', '--silent', 'ask', '--', ...args], {
    cwd: REPO_ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Lines the CLI reads as questions: stdin is split on line breaks; each line, blank ones included, gets one line back. */
const STDIN_INPUTS = BAD_INPUTS.filter((input) => !input.multiline && !/[\r\n]/u.test(input.question));
const BLANKS = STDIN_INPUTS.filter((input) => input.question.trim() === '');
/** Lines over MAX_QUESTION_LENGTH (the 10,000-character ones) are refused, on stderr and with an error line. */
const TOO_LONG = STDIN_INPUTS.filter((input) => input.question.length > MAX_QUESTION_LENGTH);

describe('npm run ask with hostile input', () => {
  it(`answers each of ${STDIN_INPUTS.length} hostile stdin lines, blank and over-long ones included, with one well-formed JSON line, in order`, () => {
    expect(BLANKS.length).toBeGreaterThan(0);
    expect(TOO_LONG.length).toBeGreaterThan(0);
    const lines = STDIN_INPUTS.map((input) => input.question);
    const result = runAsk(['--json'], `${lines.join('\n')}\n`);
    // 1: some lines were refused (as for any bad input); every other line is still answered.
    expect(result.status, result.stderr).toBe(1);
    for (const input of TOO_LONG) {
      expect(result.stderr).toContain(`stdin line ${lines.indexOf(input.question) + 1}: This question is 10,000 characters long`);
    }
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { question: string; abstained: boolean; results: unknown[]; error?: string });
    expect(answers).toHaveLength(STDIN_INPUTS.length);
    answers.forEach((answer, i) => {
      const sent = STDIN_INPUTS[i]!.question;
      // stdin is UTF-8, so a lone surrogate arrives as U+FFFD; every well-formed question comes back exactly.
      const tooLong = sent.length > MAX_QUESTION_LENGTH;
      if (!/\p{Cs}/u.test(sent) && !tooLong) expect(answer.question).toBe(sent);
      expect(typeof answer.abstained).toBe('boolean');
      expect(Array.isArray(answer.results)).toBe(true);
      if (answer.abstained) expect(answer.results).toEqual([]);
      if (tooLong) expect(answer.error).toMatch(/^question too long/u);
      else expect(answer.error).toBe(sent.trim() === '' ? 'empty question' : undefined);
    });
    expect(result.stderr).not.toMatch(/unexpected failure|TypeError|RangeError|at .+\.ts:\d+/u);
  });

  it('keeps output in step with input in text mode: a blank stdin line gets a short notice', () => {
    const result = runAsk([], 'When did Vietnam and the Soviet Union establish diplomatic relations?\n\n   \nMishustin visit 2025\n');
    expect(result.status, result.stderr).toBe(0);
    // Each answer ends with its footer line; the notices sit between the two answers, where the blank lines were.
    const markers = result.stdout
      .split('\n')
      .filter((line) => /articles · index built/u.test(line) || line.includes('(empty line: no question asked)'))
      .map((line) => (line.includes('empty line') ? 'notice' : 'answer'));
    expect(markers).toEqual(['answer', 'notice', 'notice', 'answer']);
  });

  it('refuses a blank question argument with a clear message and a non-zero exit', () => {
    for (const blank of ['', ' \t ']) {
      const result = runAsk([blank], '');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Give a question/u);
      expect(result.stdout).toBe('');
    }
  });

  it('prints a readable answer for a question full of mentions, Markdown and control characters given as arguments', () => {
    const result = runAsk(['@everyone', '**When**', 'did', 'Vietnam\u0007', 'and', 'the', 'Soviet', 'Union', 'establish', 'diplomatic', 'relations?', '||x||']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1950/u);
  });
});
