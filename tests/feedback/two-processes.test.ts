import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/vote-writer.ts', import.meta.url));
const VOTES_EACH = 100;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('several bot processes on one feedback database', { timeout: 240_000 }, () => {
  it('two processes creating the database and voting at once: 200 votes in, 200 rows out, one key', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'feedback-two-'));
    dirs.push(dataDir);
    // Far enough ahead for both to have loaded, even on a busy machine; both then create the key and the schema, and
    // write, at the same time. (Whether they overlapped is not asserted: with the writers' busy timeout set to 0,
    // BUSY_TIMEOUT_MS=0, this test fails with SQLITE_BUSY, which shows that they do.)
    const startAt = String(Date.now() + 8_000);
    const results = await Promise.all(['a', 'b'].map((name) => run([dataDir, name, String(VOTES_EACH), startAt])));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const summaries = results.map((r) => JSON.parse(r.stdout) as { outcomes: Record<string, number>; probe: string });
    for (const summary of summaries) expect(summary.outcomes).toEqual({ created: VOTES_EACH });
    expect(summaries[0]!.probe).toBe(summaries[1]!.probe);

    const db = new Database(path.join(dataDir, 'feedback.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT message_id FROM votes').all() as Array<{ message_id: string }>;
    db.close();
    expect(rows).toHaveLength(2 * VOTES_EACH);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(2 * VOTES_EACH);
  });
});
