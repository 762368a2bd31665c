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
