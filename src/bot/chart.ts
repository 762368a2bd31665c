import { childLogger } from '../logger.ts';
import type { ChartRenderer } from './command.ts';

const log = childLogger('bot');

/**
 * Loads the timeline chart renderer. Imported lazily because it pulls in a native module (resvg) and fonts: should
 * either fail to load on some host, /timeline still answers, with text only.
 */
export async function loadChartRenderer(): Promise<ChartRenderer | null> {
  try {
    const { renderTimelineChart } = await import('../timeline/chart.ts');
    return (events, size) => renderTimelineChart(events, size);
  } catch (error) {
    log.warn({ err: error }, 'timeline chart module unavailable; /timeline will reply without a chart');
    return null;
  }
}

/** Charts kept per filter set. The index never changes while the bot runs, so a chart never goes stale. */
const CHART_CACHE_SIZE = 32;

/**
 * Wraps a renderer with a small LRU cache keyed by the caller's key (the timeline filters): drawing takes a few
 * hundred milliseconds of event-loop time, and the same few views (all events, one topic) are asked for again and
 * again. Failures are not cached.
 */
export function cachingChartRenderer(render: ChartRenderer): (key: string, ...args: Parameters<ChartRenderer>) => Buffer {
  const cache = new Map<string, Buffer>();
  return (key, events, size) => {
    const fullKey = `${key}|${size.width}x${size.height}`;
    const hit = cache.get(fullKey);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the oldest entry is always first.
      cache.delete(fullKey);
      cache.set(fullKey, hit);
      return hit;
    }
    const png = render(events, size);
    cache.set(fullKey, png);
    if (cache.size > CHART_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return png;
  };
}
