import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../reliability/support/bot-harness.ts';

/**
 * `npm run -s timeline | head -1`: the reader closes the pipe while the tool still writes. The real npm scripts run
 * here with a stdout whose reading end is closed as soon as the reader has what it wants — before the tool has
 * written a line (it needs a second to start), so every write of the tool meets the closed pipe.
 */
const indexDir = mkdtempSync(join(tmpdir(), 'vrb-closed-pipe-'));
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Spawns `npm <args>`; `readUntil` is what the reader waits for on stdout before it closes it ('' = nothing). */
function runWithClosedStdout(args: string[], readUntil: string, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd: REPO_ROOT,
      env: { ...process.env, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    let stderr = '';
    const close = () => child.stdout.destroy();
    if (readUntil === '') close();
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(readUntil)) close();
      });
    }
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

function expectQuietEnd(run: Run): void {
  expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(.*:\d+:\d+\)/u);
  expect(run.signal).toBeNull();
  expect(run.status, run.stderr).toBe(0);
}

describe('a closed pipe ends the command-line tools quietly, with status 0', () => {
  it('npm run -s timeline | head -1', async () => {
    expectQuietEnd(await runWithClosedStdout(['run', '-s', 'timeline'], ''));
  });

  it('npm run timeline -- --json | head (npm prints its banner first)', async () => {
    expectQuietEnd(await runWithClosedStdout(['run', 'timeline', '--', '--json'], 'timeline-cli.ts --json\n'));
  });

  it('npm run -s ask -- --json | head -1, with several questions on stdin', async () => {
    const questions = ['When did Putin visit Vietnam?', 'What did the 1994 treaty establish?', 'Who is Mishustin?'].join('\n');
    expectQuietEnd(await runWithClosedStdout(['run', '-s', 'ask', '--', '--json'], '', `${questions}\n`));
  });
});

describe('npm run timeline -- --chart', () => {
  it('says that the folder does not exist, without a stack, and changes nothing', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('npm', ['run', '-s', 'timeline', '--', '--chart', '/nonexistent/dir/x.png'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('error: --chart "/nonexistent/dir/x.png": the folder "/nonexistent/dir" does not exist. Create it first, or choose another file.');
  });
});
