import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/engine-types.ts';
import fc from 'fast-check';
import { buildTimelineSvg, CHART_LIMITS, formatEventDate, renderTimelineChart, spreadPositions, textWidth, wrapText } from '../../src/timeline/chart.ts';
import { source } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function event(i: number, text = `Event number ${i}: Việt Nam và Nga ký kết hiệp định hợp tác — Россия и Вьетнам подписали соглашение`): TimelineEvent {
  const year = 1950 + i * 2;
  return { date: `${year}-0${(i % 9) + 1}-15`, end: null, precision: 'day', text, sources: [source(`d${i}`, 'vi'), source(`e${i}`, 'en')], kinds: ['agreement'] };
}

describe('renderTimelineChart', () => {
  it.each([
    ['zero', 0, 800, 400],
    ['one', 1, 1000, 500],
    ['many', 30, 1200, 800],
  ])('renders %s event(s) as a PNG of the requested size', (_label, count, width, height) => {
    const events = Array.from({ length: count }, (_, i) => event(i));
    expect(pngSize(renderTimelineChart(events, { width, height }))).toEqual({ width, height });
  });

  it('clamps absurd sizes to the limits', () => {
    expect(pngSize(renderTimelineChart([event(1)], { width: 10, height: 99999 }))).toEqual({ width: CHART_LIMITS.minWidth, height: CHART_LIMITS.maxHeight });
  });
});

describe('buildTimelineSvg', () => {
  const rowBaselines = (svg: string) =>
    [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="(\d+)" font-weight="700" fill="#1f2328" text-anchor="end">/g)].map((m) => Number(m[1]));

  it('says so when there are no events', () => {
    expect(buildTimelineSvg([], { width: 800, height: 400 })).toContain('No events match');
  });

  it('draws one marker on the axis per event and one row per event that fits', () => {
    const svg = buildTimelineSvg(Array.from({ length: 12 }, (_, i) => event(i)), { width: 1200, height: 800 });
    expect(svg.match(/stroke="#ffffff" stroke-width="1"\/>/g)).toHaveLength(12);
    expect(rowBaselines(svg)).toHaveLength(12);
    expect(svg).toContain('2 sources · vi en');
  });

  it('keeps rows apart and says how many did not fit', () => {
    const svg = buildTimelineSvg(Array.from({ length: 80 }, (_, i) => event(i % 40)), { width: 800, height: 500 });
    const rows = rowBaselines(svg);
    expect(rows.length).toBeLessThan(80);
    for (let i = 1; i < rows.length; i++) expect(rows[i]! - rows[i - 1]!).toBeGreaterThanOrEqual(18);
    expect(svg).toContain(`+${80 - rows.length} more events`);
    expect(Math.max(...[...svg.matchAll(/ y="([\d.]+)"/g)].map((m) => Number(m[1])))).toBeLessThanOrEqual(500);
  });

  it('lays out the markers of events close in time so that no two overlap (the 2024 clump, 19–21 June)', () => {
    const at = (date: string, i: number): TimelineEvent => ({ ...event(i), date, precision: 'day' });
    const crowded = [
      at('1950-01-30', 0),
      ...['2024-03-26', '2024-06-19', '2024-06-20', '2024-06-21', '2024-08-08', '2024-09-15', '2024-10-22', '2025-01-14'].map((d, i) => at(d, i + 1)),
    ];
    for (const [width, height] of [
      [960, 540],
      [400, 300],
    ] as const) {
      const svg = buildTimelineSvg(crowded, { width, height });
      const markers = [...svg.matchAll(/<circle class="marker" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), r: Number(m[3]) }));
      expect(markers).toHaveLength(crowded.length);
      for (let a = 0; a < markers.length; a++) {
        for (let b = a + 1; b < markers.length; b++) {
          const [p, q] = [markers[a]!, markers[b]!];
          expect(Math.hypot(p.x - q.x, p.y - q.y), `markers ${a} and ${b} at ${width}px`).toBeGreaterThanOrEqual(p.r + q.r);
        }
      }
      // Left to right in time order, and every marker inside the picture.
      expect(markers.map((m) => m.x)).toEqual([...markers.map((m) => m.x)].sort((x, y) => x - y));
      for (const m of markers) expect(m.x - m.r >= 0 && m.x + m.r <= width).toBe(true);
      expect(pngSize(renderTimelineChart(crowded, { width, height }))).toEqual({ width, height });
    }
  });

  it('escapes text for XML', () => {
    const svg = buildTimelineSvg([event(1, 'A <b> & "quoted" event')], { width: 800, height: 400 });
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;quoted&quot; event');
    expect(svg).not.toContain('<b>');
  });
});

describe('spreadPositions', () => {
  it('keeps markers apart, in order, inside the axis, and leaves markers with room where they are', () => {
    expect(spreadPositions([10, 50, 90], 12, 0, 100)).toEqual([10, 50, 90]);
    // Three at one spot: centred on it.
    expect(spreadPositions([50, 50, 50], 12, 0, 100)).toEqual([38, 50, 62]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }), (ideal) => {
        const spacing = Math.min(12, 1000 / Math.max(1, ideal.length - 1));
        const placed = spreadPositions(ideal, spacing, 0, 1000);
        const byIdeal = ideal.map((x, i) => ({ x, p: placed[i]!, i })).sort((a, b) => a.x - b.x || a.i - b.i);
        for (let k = 1; k < byIdeal.length; k++) expect(byIdeal[k]!.p - byIdeal[k - 1]!.p).toBeGreaterThanOrEqual(spacing - 1e-9);
        for (const p of placed) expect(p >= -1e-9 && p <= 1000 + 1e-9).toBe(true);
      }),
    );
  });
});

describe('wrapText', () => {
  it('wraps within the width and ends cut text with an ellipsis', () => {
    const text = 'Pada 16 Juni 1994, Vietnam dan Federasi Rusia menandatangani Perjanjian tentang Prinsip-Prinsip Dasar Hubungan Persahabatan';
    const lines = wrapText(text, 300, 15, 2);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(textWidth(line, 15)).toBeLessThanOrEqual(300);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });

  it('leaves short text alone', () => {
    expect(wrapText('Short text', 300, 15, 2)).toEqual(['Short text']);
  });
});

describe('formatEventDate', () => {
  it.each([
    [{ date: '1950-01-30', end: null, precision: 'day' }, '30 Jan 1950'],
    [{ date: '2024-06-19', end: '2024-06-20', precision: 'day' }, '19–20 Jun 2024'],
    [{ date: '2024-12-30', end: '2025-01-02', precision: 'day' }, '30 Dec 2024–2 Jan 2025'],
    [{ date: '1955-07', end: null, precision: 'month' }, 'Jul 1955'],
    [{ date: '2024-09', end: '2024-10', precision: 'month' }, 'Sep–Oct 2024'],
    [{ date: '2024', end: '2030', precision: 'year' }, '2024–2030'],
  ] as const)('%j → %s', (value, expected) => {
    expect(formatEventDate(value)).toBe(expected);
  });
});
