import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCorpus } from '../corpus/loader.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { BotError } from '../errors.ts';
import { INDEX_FILES } from '../index/build.ts';
import { readCurrentGeneration } from '../index/generations.ts';
import { INDEX_FORMAT_VERSION } from '../index/manifest.ts';
import { childLogger } from '../logger.ts';
import { extractTimeline } from './extract.ts';
import { timelineFileSchema } from './schema.ts';

const log = childLogger('timeline');

export interface LoadedTimeline {
  events: TimelineEvent[];
  /** Where the events came from: the built index, or the corpus read and extracted just now. */
  origin: 'index' | 'corpus';
}

/**
 * The timeline of the built index (`index/CURRENT` → generation → timeline.json) — the one the bot serves — or,
 * when no index has been built yet, the timeline extracted from the corpus directly. A damaged timeline file is
 * an error (INDEX_CORRUPT), not a silent fallback: the bot would be serving that same file.
 */
export async function loadTimeline(dirs: { indexDir: string; corpusDir: string }): Promise<LoadedTimeline> {
  const generation = await readCurrentGeneration(dirs.indexDir);
  if (generation === null) {
    log.info({ corpusDir: dirs.corpusDir }, 'no index built yet: extracting the timeline from the corpus');
    return { events: extractTimeline(await loadCorpus(dirs.corpusDir)), origin: 'corpus' };
  }
  const format = await formatVersionOf(join(dirs.indexDir, generation, INDEX_FILES.manifest));
  if (format !== null && format !== INDEX_FORMAT_VERSION) {
    // An index built by another version holds a timeline of another shape; the bot would rebuild it at start.
    log.info({ corpusDir: dirs.corpusDir, format }, 'the index was built by another version (npm run index rebuilds it): extracting the timeline from the corpus');
    return { events: extractTimeline(await loadCorpus(dirs.corpusDir)), origin: 'corpus' };
  }
  const file = join(dirs.indexDir, generation, INDEX_FILES.timeline);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BotError('INDEX_CORRUPT', `${file} cannot be read as JSON`, { cause: error });
  }
  const parsed = timelineFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BotError('INDEX_CORRUPT', `${file} is not a timeline: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      details: parsed.error.issues.slice(0, 5),
    });
  }
  log.debug({ file, events: parsed.data.length }, 'timeline read from the index');
  return { events: parsed.data, origin: 'index' };
}

/** The generation's index format, or null when its manifest is absent or unreadable (the timeline file decides). */
async function formatVersionOf(manifestPath: string): Promise<number | null> {
  try {
    const version = (JSON.parse(await readFile(manifestPath, 'utf8')) as { formatVersion?: unknown }).formatVersion;
    return typeof version === 'number' ? version : null;
  } catch {
    return null;
  }
}
