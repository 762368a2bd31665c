import type { QaEngine, TimelineEvent } from '../../../src/engine-types.ts';
import { createTestEngine } from './test-engine.ts';

/** The engine behind the end-to-end suite. */
export async function openE2eEngine(): Promise<QaEngine> {
  const source = (i: number) => ({
    doc: `d${i}`,
    title: `Article ${i}`,
    outlet: 'VnExpress',
    url: `https://example.com/${i}`,
    lang: 'en' as const,
    published: `20${10 + i}-06-20`,
  });
  const events: TimelineEvent[] = Array.from({ length: 12 }, (_, i) => ({
    date: `${2010 + i}-06-20`,
    end: null,
    precision: 'day',
    text: `Putin visit number ${i} to Hanoi`,
    sources: [source(i)],
  }));
  return createTestEngine(
    Array.from({ length: 8 }, (_, i) => ({
      text: `Putin visited Hanoi (${i}) for talks with Nguyen Phu Trong on energy and education.`,
      lang: i % 2 ? 'vi' : 'en',
      title: `Summit report ${i}`,
      outlet: i % 2 ? 'Thanh Niên' : 'VnExpress',
      url: `https://example.com/a/${i}`,
      published: `2024-06-${10 + i}`,
    })),
    events,
  );
}
