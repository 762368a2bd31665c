import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvalSet } from '../../src/eval/eval-set.ts';
import { FeedbackStore, type VoteRecord } from '../../src/feedback/store.ts';
import { runNpmScript } from '../reliability/support/npm-run.ts';
import { voteRecord } from './support/vote-record.ts';

const DAY = 86_400_000;
const GUILD = '1400000000000000001';
const OTHER_GUILD = '1400000000000000002';

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'feedback-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = path.join(root, `d${++counter}`);
  await mkdir(dir);
  return dir;
}

/** As a user runs them: `npm run --silent <script> -- <args>`, with a fixed threshold so the figures do not follow the default. */
async function npm(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = runNpmScript(script, args, { ABSTAIN_THRESHOLD: '0.5', ...env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const gaps = (args: string[], env: Record<string, string>) => npm('gaps', args, env);
const calibrate = (args: string[], env: Record<string, string>) => npm('calibrate', args, env);
const evalCli = (args: string[], env: Record<string, string>) => npm('eval', args, env);

let voteCounter = 0;
function vote(refused: boolean, value: 1 | -1, confidence: number | null, question = `question ${voteCounter}`): VoteRecord {
  voteCounter++;
  return voteRecord({
    messageId: `m${voteCounter}`,
    voter: String(voteCounter).padStart(64, '0'),
    guildId: GUILD,
    vote: value,
    question,
    refused,
    indexGeneration: 'gen',
    confidence,
    shown: refused ? [] : [{ rank: 1, doc: 'd', passage: 'd#1', score: 0.9, quote: `The answer to ${question} is in this sentence.` }],
  });
}

function seed(dir: string, fill: (store: FeedbackStore) => void): void {
  const store = FeedbackStore.open(path.join(dir, 'feedback.sqlite'), { create: true })!;
  fill(store);
  store.close();
}

/** Each test runs npm a few times; on a loaded two-core machine one run can take over ten seconds. */
const CLI_TIMEOUT = { timeout: 240_000 };

describe('npm run gaps', CLI_TIMEOUT, () => {
  let dir: string;
  const now = Date.now();
  const day = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    dir = await dataDir();
    seed(dir, (store) => {
      const refusal = (question: string, questionLang: string, daysAgo: number, guildId = GUILD) =>
        store.recordRefusal({ question, questionLang, guildId, confidence: null, at: now - daysAgo * DAY });
      refusal('What is the population of Hanoi?', 'en', 1);
      refusal('population of hanoi', 'en', 2);
      refusal('Dân số Hà Nội là bao nhiêu?', 'vi', 3);
      refusal('Who won the 2024 football cup?', 'en', 40, OTHER_GUILD);
      refusal('who won the 2024 football cup', 'en', 41, OTHER_GUILD);
      refusal('Who won the 2024 football cup?', 'en', 42);
    });
  });

  it('lists the most asked refused questions, grouped by content words, with counts and wordings', async () => {
    const result = await gaps([], { DATA_DIR: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // By hand: the cup question 3× (two wordings, one asked twice), the Hanoi population 2×, the Vietnamese one 1×.
    expect(result.stdout).toBe(
      [
        'Unanswered questions (all stored, every server): 6 refusals in 3 groups.',
        '',
        `  1.    3×  en 3  last ${day(40)}`,
        '          “Who won the 2024 football cup?” ×2',
        '          “who won the 2024 football cup”',
        '',
        `  2.    2×  en 2  last ${day(1)}`,
        '          “What is the population of Hanoi?”',
        '          “population of hanoi”',
        '',
        `  3.    1×  vi 1  last ${day(3)}`,
        '          “Dân số Hà Nội là bao nhiêu?”',
        '',
      ].join('\n'),
    );
  });

  it('narrows to a period and a server, and prints one JSON object per group with --json', async () => {
    const recent = await gaps(['--since', '30d', '--json'], { DATA_DIR: dir });
    expect(recent.code).toBe(0);
    const lines = recent.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.rank, l.count, l.terms])).toEqual([
      [1, 2, ['hanoi', 'popul']],
      [2, 1, ['dan', 'ha', 'noi', 'so']],
    ]);
    expect(lines[0]).toMatchObject({ examples: [{ question: 'What is the population of Hanoi?', count: 1 }, { question: 'population of hanoi', count: 1 }], langs: { en: 2 } });

    const other = await gaps(['--guild', OTHER_GUILD, '--limit', '1', '--json'], { DATA_DIR: dir });
    expect(other.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { count: number }).count)).toEqual([2]);
  });

  it('says clearly what is wrong with bad options, a missing database and a damaged one, without a stack', async () => {
    const badSince = await gaps(['--since', '30x'], { DATA_DIR: dir });
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toBe("error: option '--since <duration>' argument '30x' is invalid. expected a number of hours, days or weeks, such as 12h, 30d or 8w\n");

    const emptyDir = path.join(root, 'never-created');
    const missing = await gaps([], { DATA_DIR: emptyDir });
    expect(missing).toMatchObject({ code: 0, stdout: '' });
    expect(missing.stderr).toBe(`No feedback has been recorded yet (there is no ${path.join(emptyDir, 'feedback.sqlite')}; DATA_DIR sets the folder).\n`);
    expect(existsSync(emptyDir)).toBe(false);

    const damagedDir = await dataDir();
    await writeFile(path.join(damagedDir, 'feedback.sqlite'), 'garbage '.repeat(1000));
    const damaged = await gaps([], { DATA_DIR: damagedDir });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/^error \[FEEDBACK_UNAVAILABLE\]: The feedback database .*feedback\.sqlite cannot be used \(SQLITE_NOTADB: file is not a database\)\. The file is damaged/u);
    expect(damaged.stderr).not.toMatch(/\n\s+at /u);
  });
});

describe('npm run calibrate', CLI_TIMEOUT, () => {
  it('below the minimum, says how many more votes are needed and changes nothing', async () => {
    const dir = await dataDir();
    seed(dir, (store) => {
      for (let i = 0; i < 9; i++) store.recordVote(vote(false, 1, 0.8));
      for (let i = 0; i < 3; i++) store.recordVote(vote(false, -1, 0.6));
      store.recordVote(vote(false, 1, null));
    });
    const file = path.join(dir, 'feedback.sqlite');
    const before = await readFile(file);
    const result = await calibrate([], { DATA_DIR: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        'Not enough votes to calibrate: 12 votes carry a confidence (9 say the bot should have answered, 3 that it should have refused); 1 more have none and cannot be used.',
        'Calibration needs at least 30, with at least 5 on each side: 18 more votes are needed, 2 of them saying it should have refused (👎 on an answer, or 👍 on a refusal).',
        'Nothing was changed; ABSTAIN_THRESHOLD stays 0.5.',
        '',
      ].join('\n'),
    );
    expect((await readFile(file)).equals(before)).toBe(true);
    const json = JSON.parse((await calibrate(['--json'], { DATA_DIR: dir })).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ withConfidence: 12, shortfall: { votes: 18, answer: 0, refuse: 2 }, changed: false });
  });

  it('fits the threshold on a seeded database and prints the trade-off and the .env line', async () => {
    const dir = await dataDir();
    seed(dir, (store) => {
      for (let i = 0; i < 20; i++) store.recordVote(vote(false, 1, 0.8)); // right quotes
      for (let i = 0; i < 5; i++) store.recordVote(vote(false, -1, 0.6)); // wrong quotes shown
      for (let i = 0; i < 3; i++) store.recordVote(vote(true, -1, 0.4)); // answerable, refused
      for (let i = 0; i < 5; i++) store.recordVote(vote(true, 1, 0.2)); // rightly refused
      for (let i = 0; i < 2; i++) store.recordVote(vote(false, 1, null)); // from before the engine gave a confidence
    });
    // By hand, errors (answerable refused + wrong shown) at each split: 0 → 0+10, 0.3 → 0+5, 0.5 → 3+5 (current),
    // 0.7 → 3+0, 0.9 → 23+0. Best: 0.7.
    const result = await calibrate([], { DATA_DIR: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('33 votes with a confidence: 23 say the bot should have answered, 10 that it should have refused (2 without a confidence left out).');
    expect(lines.slice(3, 15)).toEqual([
      'threshold  answerable refused  wrong quotes shown',
      '     0.00              0 (0%)           10 (100%)',
      '     0.10              0 (0%)           10 (100%)',
      '     0.20              0 (0%)           10 (100%)',
      '     0.30              0 (0%)             5 (50%)',
      '     0.40              0 (0%)             5 (50%)',
      '     0.50             3 (13%)             5 (50%)  ← current',
      '     0.60             3 (13%)             5 (50%)',
      '     0.70             3 (13%)              0 (0%)  ← fitted',
      '     0.80             3 (13%)              0 (0%)',
      '     0.90           23 (100%)              0 (0%)',
      '     1.00           23 (100%)              0 (0%)',
    ]);
    expect(lines).toContain('Fitted threshold 0.7: 3 answerable refused and 0 wrong quotes shown, against 3 and 5 at the current 0.5.');
    expect(lines).toContain('ABSTAIN_THRESHOLD=0.7');

    // When a wrong quote is worth half a refusal: 0 → 5, 0.3 → 2.5, 0.5 → 5.5, 0.7 → 3; so 0.3.
    const cheap = JSON.parse((await calibrate(['--json', '--wrong-quote-cost', '0.5'], { DATA_DIR: dir })).stdout) as { best: { threshold: number; cost: number }; env: Record<string, string> };
    expect(cheap.best).toMatchObject({ threshold: 0.3, cost: 2.5 });
    expect(cheap.env).toEqual({ ABSTAIN_THRESHOLD: '0.3' });

    // Already at the best threshold: nothing to change, no .env line.
    const settled = await calibrate([], { DATA_DIR: dir, ABSTAIN_THRESHOLD: '0.7' });
    expect(settled.stdout).toContain('The current threshold 0.7 is already the best fit for these votes; nothing to change.');
    expect(settled.stdout).not.toContain('ABSTAIN_THRESHOLD=');
  });
});

describe('npm run eval -- --from-feedback', CLI_TIMEOUT, () => {
  it('prints the settled questions as an evaluation set and says on stderr what it left out', async () => {
    const dir = await dataDir();
    seed(dir, (store) => {
      store.recordVote(vote(false, 1, 0.8, 'When did Putin visit Hanoi?'));
      store.recordVote(vote(true, 1, 0.2, 'Population of Hanoi?'));
      store.recordVote(vote(false, -1, 0.6, 'Who is the ambassador?'));
    });
    const result = await evalCli(['--from-feedback'], { DATA_DIR: dir });
    expect(result.code).toBe(0);
    const set = parseEvalSet(JSON.parse(result.stdout));
    expect(set.questions.map((q) => [q.question, q.expect])).toEqual(
      expect.arrayContaining([
        ['When did Putin visit Hanoi?', ['The answer to When did Putin visit Hanoi? is in this sentence.']],
        ['Population of Hanoi?', []],
      ]),
    );
    expect(set.questions).toHaveLength(2);
    expect(result.stderr).toBe(
      '2 question(s) exported from 3 vote(s); 1 left for a person: 1 with 👎 (a 👎 says the answer was wrong, not which passage is right), 0 whose votes disagree, 0 whose quote is too short to match on.\n',
    );
  });
});
