import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.ts';
import { LOCK_FILE, isZombie } from '../../src/index/generations.ts';
import { forTerminal } from '../../src/reply/terminal.ts';
import { jsonLine } from '../../src/reply/json.ts';
import { safeForPretty, setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { REAL_CORPUS, REPO_ROOT } from './support/bot-harness.ts';
import { runNpmScript } from './support/npm-run.ts';

/**
 * Issue 11, class 9: attacks through what the command-line entry points print and read (article text, file names,
 * settings, the file system), each run through the real `npm run …` with its folders in a temp directory.
 */
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vrb-reliability-cli-attacks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const npmRun = runNpmScript;

/** Any byte a terminal would act on: ESC, C0 but tab/newline, DEL, C1. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** Title, outlet and text with colour, screen-clear, window-title, hyperlink, clipboard and cursor sequences. */
const EVIL_ARTICLE = [
  '---',
  'id: evil-escapes',
  'title: "Evil \\e]0;pwned-title\\a title \\e[2J"',
  'outlet: "Outlet \\e[31mred\\e[0m \\x9b2J"',
  'lang: en',
  'published: 2024-06-20',
  '---',
  '',
  'On 20 June 2024 Vietnam and Russia signed a comprehensive strategic partnership treaty \u001b]8;;http://evil.example\u001b\\in Hanoi\u001b]8;;\u001b\\ during the state visit of President Putin\u001b[1A\u001b[2K to Vietnam.',
  '',
  'The leaders of Vietnam and Russia agreed on energy cooperation \u001b]52;c;cHduZWQ=\u0007 and education exchanges in Hanoi.',
  '',
].join('\n');

describe('escape sequences in articles never reach the terminal', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const corpusDir = join(root, 'evil-corpus');
    await mkdir(corpusDir);
    await writeFile(join(corpusDir, 'evil.md'), EVIL_ARTICLE);
    env = { CORPUS_DIR: corpusDir, INDEX_DIR: join(root, 'evil-index') };
    expect(npmRun('index', [], env).status).toBe(0);
  });

  it('npm run ask prints the quote, title and outlet without them; --json keeps every character, escaped', () => {
    const question = 'When did Vietnam and Russia sign the treaty in Hanoi?';
    const text = npmRun('ask', [question], env);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('signed a comprehensive strategic partnership treaty in Hanoi during the state visit of President Putin to Vietnam.');
    expect(text.stdout).toContain('Outlet red');
    expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(text.stdout).not.toContain('pwned-title');

    const json = npmRun('ask', ['--json', question], env);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    const answer = JSON.parse(json.stdout) as { results: Array<{ quote: string; source: { title: string; outlet: string } }> };
    expect(answer.results[0]!.source.title).toBe('Evil \u001b]0;pwned-title\u0007 title \u001b[2J');
    expect(answer.results[0]!.source.outlet).toBe('Outlet \u001b[31mred\u001b[0m \u009b2J');
  });

  it('npm run timeline prints the event without them; --json keeps them escaped', () => {
    const text = npmRun('timeline', [], env);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/20 Jun 2024 .*Vietnam and Russia signed/u);
    expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
    const json = npmRun('timeline', ['--json'], env);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(json.stdout).toContain('\\u001b]8;;http://evil.example');
  });

  it('the local console (npm start without a token) prints answers and echoed input without them', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      input: '/ask When did Vietnam and Russia sign the treaty in Hanoi?\n/\u001b]0;typed-title\u0007nope\n/timeline\n/quit\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', ...env },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Outlet red');
    expect(result.stdout).toMatch(/Unknown command/u);
    expect(result.stdout).not.toMatch(TERMINAL_CONTROL);
  });

  it('forTerminal strips CSI, OSC, DCS, C1 and lone controls, keeps tabs, newlines and every script; jsonLine escapes C1', () => {
    const cases: Array<[string, string]> = [
      ['a\u001b[31mred\u001b[0m b', 'ared b'],
      ['x\u001b]0;title\u0007y', 'xy'],
      ['x\u001b]8;;http://e\u001b\\link\u001b]8;;\u001b\\y', 'xlinky'],
      ['c\u009b2Jd', 'cd'],
      ['e\u009d0;t\u009cf', 'ef'],
      ['k\u001bPq#0\u001b\\l', 'kl'],
      ['m\u001bcn', 'mn'],
      ['tab\tnl\nok\rCR\u0000\u007f\u0085', 'tab\tnl\nokCR'],
      ['unterminated \u001b]0;swallow', 'unterminated '],
      ['Tiếng Việt — Русский — ภาษาไทย ✓ 🇻🇳', 'Tiếng Việt — Русский — ภาษาไทย ✓ 🇻🇳'],
    ];
    for (const [input, expected] of cases) expect(forTerminal(input), JSON.stringify(input)).toBe(expected);
    // Readable logs on a terminal: pino-pretty would decode pino's escaped ESC and print it raw.
    const logged = JSON.parse(safeForPretty(JSON.stringify({ level: 40, msg: 'skipping "a\u001b]0;t\u0007b.md"', file: 'a\u001b[2Jb.md' }))) as { msg: string; file: string };
    expect(logged).toEqual({ level: 40, msg: 'skipping "ab.md"', file: 'ab.md' });
    const line = jsonLine({ s: '\u001b\u007f\u009b' });
    expect(line).toBe('{"s":"\\u001b\\u007f\\u009b"}\n');
    expect(JSON.parse(line)).toEqual({ s: '\u001b\u007f\u009b' });
  });
});

describe('file names and the file system', () => {
  it('a corpus file name with a newline and an escape is JSON-quoted in the error list', async () => {
    const corpusDir = join(root, 'bad-name-corpus');
    await mkdir(corpusDir);
    await writeFile(join(corpusDir, 'good.md'), await readFile(join(REAL_CORPUS, '2024-06-20-trong-putin-talks-en.md')));
    const evilName = 'x\n  fake.md: all good\u001b[2J.md';
    await writeFile(join(corpusDir, evilName), '---\ntitle: Only a title\n---\nBody text about Hanoi and Moscow.\n');
    const result = npmRun('index', [], { CORPUS_DIR: corpusDir, INDEX_DIR: join(root, 'bad-name-index') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error [CORPUS_INVALID]');
    expect(result.stderr).toContain('"x\\n  fake.md: all good\\u001b[2J.md": ');
    expect(result.stderr.split('\n').some((line) => line.trimStart().startsWith('fake.md'))).toBe(false);
    expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it('a symbolic link in the corpus is skipped with one warning naming it', async () => {
    const corpusDir = join(root, 'symlink-corpus');
    await mkdir(corpusDir);
    await writeFile(join(corpusDir, 'good.md'), await readFile(join(REAL_CORPUS, '2024-06-20-trong-putin-talks-en.md')));
    await symlink(join(REAL_CORPUS, '2025-01-14-vns-mishustin-visit-en.md'), join(corpusDir, 'linked.md'));
    await symlink('/etc/passwd', join(corpusDir, 'passwd.md'));
    const result = npmRun('index', ['--json'], { CORPUS_DIR: corpusDir, INDEX_DIR: join(root, 'symlink-index'), LOG_FORMAT: 'json' });
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { documents: number }).documents).toBe(1);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('skipping symbolic link'));
    expect(warnings).toHaveLength(2);
    expect(warnings.some((line) => line.includes('"file":"linked.md"'))).toBe(true);
    expect(warnings.some((line) => line.includes('"file":"passwd.md"'))).toBe(true);
  });

  it('a build lock held by a zombie (a killed build nobody reaped) is taken over', async () => {
    // bash forks `sleep 0.1` and replaces itself with `sleep 30`, which never reaps it: a zombie whose pid we know.
    const holder = spawn('bash', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombiePid = Number(await new Promise<string>((resolve) => holder.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
      const deadline = Date.now() + 5_000;
      while (!isZombie(zombiePid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isZombie(zombiePid)).toBe(true);
      expect(() => process.kill(zombiePid, 0)).not.toThrow(); // why kill(pid, 0) alone called it alive

      const indexDir = join(root, 'zombie-index');
      await mkdir(indexDir);
      await writeFile(join(indexDir, LOCK_FILE), `${zombiePid}\n`);
      const result = npmRun('index', [], { INDEX_DIR: indexDir, LOG_FORMAT: 'json' });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/taking over the lock of a build that is no longer running/u);
      expect(result.stderr).toMatch(/"zombie":true/u);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a corpus larger than the open-file limit builds (reads are bounded), where it failed on build.lock before', async () => {
    const corpusDir = join(root, 'many-files-corpus');
    await mkdir(corpusDir);
    const article = await readFile(join(REAL_CORPUS, '2024-06-20-trong-putin-talks-en.md'), 'utf8');
    for (let i = 0; i < 400; i++) await writeFile(join(corpusDir, `a${i}.md`), article.replace(/^id: .*$/mu, `id: copy-${i}`));
    // 100 descriptors are enough for Node, tsx and a bounded build, not for 400 files opened at once.
    const result = spawnSync('bash', ['-c', 'ulimit -n 100 && exec node --import tsx src/cli/index-cli.ts --json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', CORPUS_DIR: corpusDir, INDEX_DIR: join(root, 'many-files-index') },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { documents: number }).documents).toBe(400);
  });

  it('EMFILE during a build is OPEN_FILE_LIMIT naming the limit, not an error about build.lock, and the lock is released', async () => {
    setLogSink(() => undefined);
    const indexDir = join(root, 'emfile-index');
    const emfile = Object.assign(new Error("EMFILE: too many open files, open '/corpus/a1.md'"), { code: 'EMFILE', path: '/corpus/a1.md', syscall: 'open' });
    const error = await buildIndex({ corpusDir: REAL_CORPUS, indexDir, embedder: null, stages: { loadCorpus: () => Promise.reject(emfile) } }).catch((e: unknown) => e);
    restoreTestLogs();
    expect(error).toMatchObject({ code: 'OPEN_FILE_LIMIT' });
    expect((error as Error).message).toMatch(/^Too many open files \(EMFILE, this process's open-file limit\) while building the index .*"\/corpus\/a1\.md".*ulimit -n/u);
    expect((error as Error).message).not.toContain(LOCK_FILE);
    await expect(readFile(join(indexDir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('settings that pointed at the wrong thing', () => {
  it('LOG_LEVEL=verbose: CONFIG_INVALID naming LOG_LEVEL and the accepted levels, no stack', () => {
    const result = npmRun('ask', ['When did Putin visit Hanoi?'], { LOG_LEVEL: 'verbose' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/u);
    expect(result.stderr).not.toMatch(/\n\s+at |unknown level/u);
  });

  it('CORPUS_DIR or INDEX_DIR naming a file: CONFIG_INVALID naming the variable, no raw ENOTDIR', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    for (const [name, value] of [['CORPUS_DIR', file], ['INDEX_DIR', file], ['INDEX_DIR', join(file, 'index')]] as const) {
      const result = npmRun('index', [], { [name]: value });
      expect(result.status, name).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`${name}: expected a folder, but .*a-file`, 'u'));
      expect(result.stderr).not.toMatch(/ENOTDIR|\n\s+at /u);
    }
  });

  it('file: and javascript: URLs and a model id that climbs out of MODEL_DIR are refused before anything runs', () => {
    const modelDir = join(root, 'models');
    for (const [name, value, expected] of [
      ['DISCORD_API_BASE', 'file:///etc/passwd', /DISCORD_API_BASE: expected a URL starting with http:\/\/ or https:\/\//u],
      ['MODEL_REMOTE_HOST', 'javascript:alert(1)', /MODEL_REMOTE_HOST: expected a URL starting with http:\/\/ or https:\/\//u],
      ['EMBEDDING_MODEL', '../x', /EMBEDDING_MODEL: expected a model id of the form owner\/name/u],
    ] as const) {
      const result = npmRun('index', [], { [name]: value, MODEL_DIR: modelDir, EMBEDDINGS: 'on' });
      expect(result.status, name).toBe(2);
      expect(result.stderr).toMatch(expected);
    }
    // Nothing was written outside MODEL_DIR (nor in it).
    expect(spawnSync('ls', [join(root, 'x')]).status).not.toBe(0);
  });
});
