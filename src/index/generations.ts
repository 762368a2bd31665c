import { randomUUID } from 'node:crypto';
import { sha256 } from '../hash.ts';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BotError } from '../errors.ts';
import { childLogger } from '../logger.ts';

/**
 * An index directory holds immutable generations and one pointer:
 *
 *   index/gen-<timestamp>-<pid>/   every file of one build, manifest.json written last
 *   index/CURRENT                  the name of the generation being served, replaced by an atomic rename
 *   index/build.lock               the pid of the build in progress
 *
 * A reader follows CURRENT and never sees a half-written generation; a build that fails or is killed leaves
 * CURRENT where it was. The next successful build removes what such a build left behind, and every generation
 * but the new one and the one it replaced (kept because a reader that followed CURRENT just before the swap may
 * still be loading it).
 */
export const CURRENT_FILE = 'CURRENT';
export const LOCK_FILE = 'build.lock';
const GENERATION_PREFIX = 'gen-';
const GENERATION_PATTERN = /^gen-\d{8}T\d{9}Z-\d+$/;
/** Marks temporary files: an atomic write not yet renamed into place, a lock candidate not yet linked. */
export const TEMP_MARKER = '.tmp-';
/** The exact temp names this module writes at the top of an index folder (see writeFileAtomic, acquireBuildLock). */
const CURRENT_TEMP_PATTERN = /^CURRENT\.tmp-\d+$/;
const LOCK_TEMP_PATTERN = /^build\.lock\.tmp-\d+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * Everything else an index folder may hold: the embedding cache (embedding-cache.ts) and the repository's note on
 * the default `index/` folder. Anything outside this list and the patterns above is foreign, and a build refuses
 * the folder rather than write into (and later clean up) a folder that is someone else's, such as a home folder.
 */
const OTHER_OWN_ENTRIES: readonly string[] = ['embedding-cache', 'README.md'];

const log = childLogger('index-generations');

export function isGenerationName(name: string): boolean {
  return GENERATION_PATTERN.test(name);
}

/** `gen-20261129T153417123Z-4242`: sorts chronologically, and the pid keeps two machines' builds apart. */
export function generationName(now: Date = new Date(), pid: number = process.pid): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${GENERATION_PREFIX}${stamp}-${pid}`;
}


/** Writes and fsyncs a file, so that once this resolves the bytes survive a crash. */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` all at once: readers see the old content or the new, never a mix (rename is atomic on POSIX). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, directory: string): Promise<void> {
  const temp = `${path}${TEMP_MARKER}${process.pid}`;
  await writeFileDurable(temp, data);
  await rename(temp, path);
  await fsyncPath(directory);
}

/** The generation CURRENT points at, or null when no build has finished yet. */
export async function readCurrentGeneration(indexDir: string): Promise<string | null> {
  let content: string;
  try {
    content = await readFile(join(indexDir, CURRENT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const name = content.trim();
  if (!isGenerationName(name)) {
    throw new BotError('INDEX_CORRUPT', `${join(indexDir, CURRENT_FILE)} does not name a generation (found ${JSON.stringify(name.slice(0, 80))})`);
  }
  return name;
}

export async function pointCurrentAt(indexDir: string, generation: string): Promise<void> {
  await writeFileAtomic(join(indexDir, CURRENT_FILE), `${generation}\n`, indexDir);
}

/** Files of a generation being written, with the size and sha256 of each for the manifest. */
export class GenerationWriter {
  readonly files: Record<string, { bytes: number; sha256: string }> = {};

  private constructor(
    readonly name: string,
    readonly dir: string,
  ) {}

  static async create(indexDir: string): Promise<GenerationWriter> {
    const name = generationName();
    const dir = join(indexDir, name);
    await mkdir(dir, { recursive: false });
    return new GenerationWriter(name, dir);
  }

  path(fileName: string): string {
    return join(this.dir, fileName);
  }

  async writeFile(fileName: string, data: string | Uint8Array): Promise<void> {
    await writeFileDurable(this.path(fileName), data);
    this.record(fileName, data);
  }

  /**
   * A file of the previous generation whose bytes this one needs unchanged: hard-linked rather than written again,
   * and its size and checksum carried over from that generation's manifest rather than recomputed (generations are
   * never modified in place, so the shared file stays what both manifests say). False when the link is impossible
   * (another file system, a file system without hard links, the file gone): the caller then writes the file.
   */
  async linkFile(fileName: string, from: string, entry: { bytes: number; sha256: string }): Promise<boolean> {
    try {
      await link(from, this.path(fileName));
    } catch (error) {
      log.debug({ from, err: error }, 'could not share a file with the previous generation: writing it');
      return false;
    }
    this.files[fileName] = { ...entry };
    return true;
  }

  /** For a file written by someone else (hnswlib writes its own): make it durable and record its checksum. */
  async adoptFile(fileName: string): Promise<void> {
    await fsyncPath(this.path(fileName));
    this.record(fileName, await readFile(this.path(fileName)));
  }

  /** The manifest is not listed in itself; it is written last, so its presence marks a complete generation. */
  async writeManifest(fileName: string, data: string): Promise<void> {
    await writeFileDurable(this.path(fileName), data);
    await fsyncPath(this.dir);
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private record(fileName: string, data: string | Uint8Array): void {
    this.files[fileName] = { bytes: Buffer.byteLength(data), sha256: sha256(data) };
  }
}

/** Whether `name` is an entry a build writes at the top of an index folder. */
export function isOwnIndexEntry(name: string): boolean {
  return (
    name === CURRENT_FILE ||
    name === LOCK_FILE ||
    isGenerationName(name) ||
    CURRENT_TEMP_PATTERN.test(name) ||
    LOCK_TEMP_PATTERN.test(name) ||
    OTHER_OWN_ENTRIES.includes(name)
  );
}

/**
 * Refuses, with INDEX_DIR_FOREIGN and before anything is written or deleted, an index folder that holds entries no
 * build creates. A missing folder is fine: the build creates it.
 */
export async function assertOwnIndexDir(indexDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(indexDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const foreign = entries.filter((name) => !isOwnIndexEntry(name)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).map((name) => JSON.stringify(name)).join(', ');
    throw new BotError(
      'INDEX_DIR_FOREIGN',
      `INDEX_DIR ${indexDir} holds ${foreign.length} file(s) the index build never creates (${shown}${foreign.length > 5 ? ', …' : ''}); ` +
        'point INDEX_DIR at an empty or index-only folder. Nothing was written or deleted.',
      { details: { indexDir, foreign } },
    );
  }
}

/**
 * Removes generations other than `keep`, and temp files left by interrupted swaps, recognised by the exact names
 * this module writes: never anything else. Failures are only logged.
 */
export async function removeOldGenerations(indexDir: string, keep: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(indexDir)) {
    const isOldGeneration = isGenerationName(entry) && !keep.includes(entry);
    // Lock candidates are not orphans: another builder may be about to link one.
    const isOrphanTemp = CURRENT_TEMP_PATTERN.test(entry);
    if (!isOldGeneration && !isOrphanTemp) continue;
    try {
      await rm(join(indexDir, entry), { recursive: true, force: true });
      removed.push(entry);
    } catch (error) {
      log.warn({ entry, err: error }, 'could not remove an old index generation');
    }
  }
  return removed;
}

/** Generations present on disk, oldest first. */
export async function listGenerations(indexDir: string): Promise<string[]> {
  return (await readdir(indexDir)).filter(isGenerationName).sort();
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed build whose parent has not reaped it yet (a supervisor that never calls wait) is a zombie: it still
 * answers kill(pid, 0), but it will never run again, so its lock is stale. Linux shows the state in
 * /proc/<pid>/stat as the field after the command name, which is in parentheses and may itself hold spaces or
 * ')'; hence the last ')'. Elsewhere (no /proc) the process counts as alive, as before.
 */
export function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
  return state === 'Z' || state === 'X';
}

async function readLockHolder(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Makes this process the only builder of `indexDir`. A lock left by a process that no longer runs (a killed build)
 * is taken over. Returns the function that releases it.
 */
export async function acquireBuildLock(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const lockPath = join(indexDir, LOCK_FILE);
  // Two rounds: the second follows the removal of a stale lock. Losing that race to another builder is INDEX_LOCKED.
  for (let attempt = 0; attempt < 2; attempt++) {
    // The pid is written to a private file first and hard-linked into place: link() fails if the lock exists, and
    // a competitor never reads a lock whose pid is not written yet.
    const candidate = `${lockPath}${TEMP_MARKER}${process.pid}-${randomUUID()}`;
    await writeFileDurable(candidate, `${process.pid}\n`);
    try {
      await link(candidate, lockPath);
      return async () => {
        if ((await readLockHolder(lockPath)) === process.pid) await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(candidate).catch(() => undefined);
    }
    const holder = await readLockHolder(lockPath);
    if (holder !== null && isProcessAlive(holder)) {
      throw new BotError('INDEX_LOCKED', `An index build (pid ${holder}) is already running on ${indexDir}; if it is not, delete ${lockPath}`, {
        details: { pid: holder, lockPath },
      });
    }
    log.warn({ lockPath, pid: holder, zombie: holder !== null && isZombie(holder) }, 'taking over the lock of a build that is no longer running');
    await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  throw new BotError('INDEX_LOCKED', `Another index build took ${lockPath} first`);
}
