import type { ChartRenderer } from './command.ts';
import { childLogger } from '../logger.ts';

const log = childLogger('bot');

/**
 * Loads the timeline chart renderer if its module is present and exports `renderTimelineChart`. The chart is
 * optional: without it /timeline answers with text only.
 */
export async function loadChartRenderer(): Promise<ChartRenderer | null> {
  // A computed specifier: the chart module is optional, so the bot must not fail to type-check or start without it.
  const specifier = new URL('../timeline/chart.ts', import.meta.url).href;
  try {
    const module = (await import(specifier)) as { renderTimelineChart?: unknown };
    if (typeof module.renderTimelineChart === 'function') return module.renderTimelineChart as ChartRenderer;
    log.warn('timeline chart module has no renderTimelineChart export; /timeline will reply without a chart');
  } catch (error) {
    log.warn({ err: error }, 'timeline chart module unavailable; /timeline will reply without a chart');
  }
  return null;
}
