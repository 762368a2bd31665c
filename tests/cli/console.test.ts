import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm start` with no DISCORD_TOKEN opens the local console; drive it through stdin as a person would type. */
const indexDir = mkdtempSync(join(tmpdir(), 'vrb-console-'));
afterAll(() => rmSync(indexDir, { recursive: true, force: true }));

describe('npm start without a Discord token', () => {
  it('builds the index, then answers /ask and /timeline in the console', () => {
    const result = spawnSync('npm', ['start', '--silent'], {
      input: [
        '/ask When did Vietnam and the Soviet Union establish diplomatic relations?',
        '/timeline from:1950 to:1950',
        '/nonsense',
        '/quit',
        '',
      ].join('\n'),
      encoding: 'utf8',
      env: { ...process.env, DISCORD_TOKEN: '', INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/local console/);
    // The answer quotes the 1950 date and names its source.
    // Output after each "> " prompt belongs to the line typed there.
    const [, answer = '', timeline = ''] = result.stdout.split('\n> ');
    expect(answer).toMatch(/1950/);
    expect(answer).toMatch(/— .+ · \d{4}-\d{2}-\d{2} · (vi|id|en) · /);
    // The timeline filtered to 1950 lists the establishment of diplomatic relations.
    expect(timeline).toMatch(/1950-01-30/);
    expect(result.stdout).toMatch(/Unknown command \/nonsense/);
  });
});
