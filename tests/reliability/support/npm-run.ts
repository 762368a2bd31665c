import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './bot-harness.ts';

/**
 * Runs `npm run --silent <script> -- <args>` as a user would, keyword-only and with quiet logs unless `env` says
 * otherwise. The buffer is large because some attacks print (and must be seen printing) a lot.
 */
export function runNpmScript(script: string, args: string[], env: Record<string, string>, input?: string) {
  return spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: REPO_ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}
