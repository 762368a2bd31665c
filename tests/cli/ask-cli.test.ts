import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FITTED_CONFIDENCE_MODEL } from '../../src/retrieval/confidence-model.ts';
import { terminalStrings } from '../../src/reply/terminal-i18n.ts';

/** Runs the real `npm run ask` the way a user or a script would, against a fresh index in a temp folder. */
const indexDir = mkdtempSync(join(tmpdir(), 'vrb-ask-cli-'));
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

function runAsk(args: string[], input?: string) {
  return spawnSync('npm', ['run', '--silent', 'ask', '--', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
}

describe('npm run ask', () => {
  it('answers one question per stdin line with exactly one JSON object each, and nothing else on stdout', () => {
    const result = runAsk(
      ['--json'],
      'When did Vietnam and the Soviet Union establish diplomatic relations?\nWhat is the price of gold in London today?\n',
    );
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line));

    expect(Object.keys(first)).toEqual(expect.arrayContaining(['question', 'abstained', 'confidence', 'results']));
    // The confidence that decided: over the threshold for the answered question, under it for the refused one.
    expect(first.confidence).toBeGreaterThanOrEqual(FITTED_CONFIDENCE_MODEL.threshold);
    expect(first.confidence).toBeLessThanOrEqual(1);
    expect(first.question).toBe('When did Vietnam and the Soviet Union establish diplomatic relations?');
    expect(first.abstained).toBe(false);
    expect(first.results.length).toBeGreaterThan(0);
    const top = first.results[0];
    expect(Object.keys(top)).toEqual(expect.arrayContaining(['rank', 'score', 'quote', 'passage', 'source']));
    expect(Object.keys(top.source)).toEqual(expect.arrayContaining(['doc', 'title', 'outlet', 'url', 'lang', 'published']));
    expect(top.rank).toBe(1);
    // The score shown is the one that ranked: it never rises down the list; relevance is given beside it.
    first.results.forEach((r: { score: number; relevance: number }, i: number) => {
      expect(r.relevance).toBeGreaterThan(0);
      if (i > 0) expect(r.score).toBeLessThanOrEqual(first.results[i - 1].score);
    });
    expect(first.results.some((r: { quote: string }) => r.quote.includes('1950'))).toBe(true);

    expect(second.abstained).toBe(true);
    expect(second.confidence).toBeLessThan(FITTED_CONFIDENCE_MODEL.threshold);
    expect(second.confidence).toBeGreaterThanOrEqual(0);
    expect(second.results).toEqual([]);
  });

  it('prints a readable, sourced answer for a question given as arguments', () => {
    const result = runAsk(['--k', '2', 'Khi nào Việt Nam và Liên Xô thiết lập quan hệ ngoại giao?']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1950/);
    expect(result.stdout).toMatch(/— .+ · \d{4}-\d{2}-\d{2} · (vi|id|en) · /);
  });

  it('speaks the language of the question: refusal, footer and hints', () => {
    const vi = terminalStrings('vi');
    const refused = runAsk(['Giá vàng hôm nay bao nhiêu?']);
    expect(refused.status, refused.stderr).toBe(0);
    expect(refused.stdout).toContain(vi.noAnswer);
    expect(refused.stdout).toContain(vi.searchKeyword);
    const id = terminalStrings('id');
    const answered = runAsk(['--k', '1', 'Kapan Vietnam dan Uni Soviet menjalin hubungan diplomatik?']);
    expect(answered.stdout).toContain(id.moreResults('npm run ask -- --k 10 "…"'));
    expect(answered.stdout).toContain(id.searchKeyword);
  });

  it('refuses a bad --k with a clear message and a non-zero exit', () => {
    const result = runAsk(['--k', 'lots', 'anything']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/expected a whole number from 1 to 20/);
  });
});
