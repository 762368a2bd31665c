import type { QaEngine } from '../engine-types.ts';

const cache = new WeakMap<QaEngine, { builtAt: string; range: { from: string; to: string } | undefined }>();

/**
 * Publication range of the corpus, read from the sources the timeline cites (IndexStats carries no dates).
 * Computed once per index generation: a running bot switches generations when articles are added.
 */
export function corpusCoverage(engine: QaEngine): { from: string; to: string } | undefined {
  const builtAt = engine.stats().builtAt;
  const cached = cache.get(engine);
  if (cached?.builtAt === builtAt) return cached.range;
  let from: string | undefined;
  let to: string | undefined;
  for (const event of engine.timeline()) {
    for (const source of event.sources) {
      if (!from || source.published < from) from = source.published;
      if (!to || source.published > to) to = source.published;
    }
  }
  const range = from && to ? { from: from.slice(0, 4), to: to.slice(0, 4) } : undefined;
  cache.set(engine, { builtAt, range });
  return range;
}
