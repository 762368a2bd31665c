import { describe, expect, it } from 'vitest';
import { cachingChartRenderer } from '../../src/bot/chart.ts';

describe('cachingChartRenderer', () => {
  it('draws each view once, keeps the most recent 32, and does not cache failures', () => {
    const drawn: string[] = [];
    let fail = false;
    const render = cachingChartRenderer((events) => {
      if (fail) throw new Error('no font');
      drawn.push(events[0]!.text);
      return Buffer.from(events[0]!.text);
    });
    const events = (text: string) => [{ date: '2024', end: null, precision: 'year' as const, text, sources: [], kinds: ['other' as const] }];
    const size = { width: 960, height: 540 };

    expect(render('a', events('a'), size).toString()).toBe('a');
    expect(render('a', events('ignored'), size).toString()).toBe('a');
    expect(drawn).toEqual(['a']);

    for (let i = 0; i < 32; i++) render(`k${i}`, events(`k${i}`), size);
    render('a', events('a'), size);
    expect(drawn.filter((d) => d === 'a')).toHaveLength(2);

    fail = true;
    expect(() => render('new', events('new'), size)).toThrow('no font');
    fail = false;
    render('new', events('new'), size);
    expect(drawn.at(-1)).toBe('new');
  });
});
