import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REAL_CORPUS } from './bot-harness.ts';

/** A private copy of the real corpus and an empty index folder, for tests that damage one or the other. */
export async function scratchFolders(prefix: string): Promise<{ root: string; corpusDir: string; indexDir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), `vrb-reliability-${prefix}-`));
  const corpusDir = join(root, 'corpus');
  const indexDir = join(root, 'index');
  await cp(REAL_CORPUS, corpusDir, { recursive: true });
  return { root, corpusDir, indexDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under `dir` with its bytes, keyed by relative path: equal snapshots mean byte-for-byte equal trees. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(dir, path), (await readFile(path)).toString('base64'));
    }
  };
  await walk(dir);
  return out;
}
