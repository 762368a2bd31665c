import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm run bench` refuses a --model id the settings would refuse, before measuring anything. */
describe('npm run bench --model', () => {
  for (const id of ['../outside', 'bench-e5-small']) {
    it(`refuses ${JSON.stringify(id)} politely, as EMBEDDING_MODEL would be refused`, () => {
      const result = spawnSync('npm', ['run', '--silent', 'bench', '--', '--quick', '--model', id], { encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `error: option '--model <id>' argument '${id}' is invalid. expected a model id of the form owner/name (letters, digits, . _ -; no "..")\n`,
      );
    });
  }
});
