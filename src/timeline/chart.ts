import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { TimelineEvent } from '../engine-types.ts';

/**
 * Timeline chart for Discord: an SVG built here, rendered to PNG by resvg with fonts shipped in an npm package
 * (Noto Sans covers Vietnamese and Cyrillic), never with system fonts, so the picture is the same on every host.
 *
 * Layout, top to bottom: title and summary; a dated axis with one marker per event (positions in time);
 * then one row per event in date order — date, marker on a vertical rule, text (wrapped or cut), source count.
 * Each row's marker has the colour of its marker on the axis. Rows never overlap: when they do not fit, the
 * chart shows the first ones and says how many more there are. Axis markers never overlap either: each event's
 * time is a tick on the axis, and its marker sits just above, moved sideways as little as needed to keep clear of
 * its neighbours (events days apart would otherwise draw as one dot), with a leader line back to its tick.
 */

export interface ChartOptions {
  width: number;
  height: number;
  title?: string;
}

export const CHART_LIMITS = { minWidth: 400, maxWidth: 4000, minHeight: 240, maxHeight: 4000 } as const;

const FONT_FAMILY = 'Noto Sans';
const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
];

const MARGIN = 28;
const TITLE_SIZE = 24;
const TEXT_SIZE = 15;
const SMALL_SIZE = 12;
/** Rows shorter than this would make text unreadable; beyond it the chart says "+N more". */
const MIN_ROW_HEIGHT = 20;
const MAX_ROW_HEIGHT = 58;
const COLORS = ['#c62828', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e'];
const INK = '#1f2328';
const MUTED = '#5f6b76';
const RULE = '#c8cdd2';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "30 Jan 1950", "19–20 Jun 2024", "Sep–Oct 2024", "2024–2030". */
export function formatEventDate(event: Pick<TimelineEvent, 'date' | 'end' | 'precision'>): string {
  const parts = (iso: string) => iso.split('-').map(Number) as [number, number?, number?];
  const one = (iso: string) => {
    const [y, m, d] = parts(iso);
    if (event.precision === 'year' || m === undefined) return `${y}`;
    if (event.precision === 'month' || d === undefined) return `${MONTHS[m - 1]} ${y}`;
    return `${d} ${MONTHS[m - 1]} ${y}`;
  };
  if (!event.end) return one(event.date);
  const [y1, m1] = parts(event.date);
  const [y2, m2, d2] = parts(event.end);
  if (event.precision === 'day' && y1 === y2 && m1 === m2) return `${parts(event.date)[2]}–${d2} ${MONTHS[(m2 ?? 1) - 1]} ${y2}`;
  if (event.precision === 'month' && y1 === y2) return `${MONTHS[(m1 ?? 1) - 1]}–${MONTHS[(m2 ?? 1) - 1]} ${y2}`;
  return `${one(event.date)}–${one(event.end)}`;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * Estimated advance width of a text in Noto Sans, in pixels. No font metrics are read at run time; the
 * per-class factors are slightly generous so that estimated lines never run past their column.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text.normalize('NFC')) {
    if (ch === ' ') em += 0.26;
    else if (/[mwMWЖШЩЮМ@%]/u.test(ch)) em += 0.86;
    else if (/[il.,:;'!|()[\]ıjtf]/u.test(ch)) em += 0.3;
    else if (/[\p{Lu}\d]/u.test(ch)) em += 0.66;
    else em += 0.54;
  }
  return em * size * (bold ? 1.06 : 1);
}

/** Wraps to at most `maxLines` lines of `width` pixels; the last line ends with "…" when text is left over. */
export function wrapText(text: string, width: number, size: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let current = '';
  let index = 0;
  for (; index < words.length; index++) {
    const word = words[index]!;
    const next = current ? `${current} ${word}` : word;
    if (textWidth(next, size) <= width) {
      current = next;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && current) {
    lines.push(current);
    current = '';
    index = words.length;
  }
  const leftOver = index < words.length || current !== '';
  const result = lines.slice(0, maxLines);
  if (result.length === 0) return [];
  // A single word wider than the column, or text left over: cut the last line to fit with an ellipsis.
  const lastIndex = result.length - 1;
  let last = result[lastIndex]!;
  if (leftOver || textWidth(last, size) > width) {
    while (last.length > 0 && textWidth(`${last}…`, size) > width) last = last.slice(0, -1);
    result[lastIndex] = `${last.replace(/[\s,;:.–-]+$/u, '')}…`;
  }
  return result;
}

interface Frame {
  width: number;
  height: number;
}

function clampFrame(options: ChartOptions): Frame {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(Number.isFinite(v) ? v : lo)));
  return {
    width: clamp(options.width, CHART_LIMITS.minWidth, CHART_LIMITS.maxWidth),
    height: clamp(options.height, CHART_LIMITS.minHeight, CHART_LIMITS.maxHeight),
  };
}

/** Fractional year at the middle of an event's span: places it on the axis. */
function timeOf(event: TimelineEvent): number {
  const at = (iso: string, endOfSpan: boolean) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number?, number?];
    if (m === undefined) return y + (endOfSpan ? 1 : 0);
    if (d === undefined) return y + (m - 1 + (endOfSpan ? 1 : 0)) / 12;
    return y + (m - 1) / 12 + (d - (endOfSpan ? 0 : 1)) / 365;
  };
  return (at(event.date, false) + at(event.end ?? event.date, true)) / 2;
}

/** Radius of an axis marker, and the least space between two markers. */
const MARKER_RADIUS = 5;
const MARKER_GAP = 2;
/** How far above the axis the markers sit: room for the leader lines from the ticks. */
const MARKER_LIFT = 15;

/**
 * Positions for markers of diameter `spacing` wanted at `ideal` (any order), within [lo, hi], no two closer than
 * `spacing`, each as near its wanted position as the others allow: overlapping neighbours are pooled into a group
 * centred on the mean of their wanted positions, and groups merge until none overlap (then the ends are clamped).
 * Returns the positions in the order of `ideal`. Pure.
 */
export function spreadPositions(ideal: number[], spacing: number, lo: number, hi: number): number[] {
  const order = ideal.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  const groups: Array<{ members: number[]; sum: number; left: number }> = [];
  for (const { x } of order) {
    groups.push({ members: [x], sum: x, left: x });
    for (let last = groups.at(-1)!, before = groups.at(-2); before && before.left + before.members.length * spacing > last.left; last = groups.at(-1)!, before = groups.at(-2)) {
      groups.pop();
      before.members.push(...last.members);
      before.sum += last.sum;
      before.left = before.sum / before.members.length - ((before.members.length - 1) * spacing) / 2;
    }
  }
  const placed = groups.flatMap((g) => g.members.map((_, k) => g.left + k * spacing));
  // Clamp into the axis: push right from the left end, then left from the right end.
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k]!, k === 0 ? lo : placed[k - 1]! + spacing);
  for (let k = placed.length - 1; k >= 0; k--) placed[k] = Math.min(placed[k]!, k === placed.length - 1 ? hi : placed[k + 1]! - spacing);
  const out = new Array<number>(ideal.length);
  order.forEach(({ i }, k) => (out[i] = placed[k]!));
  return out;
}

/** Axis tick step that gives about `targetTicks` ticks. */
function tickStep(span: number, targetTicks: number): number {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100];
  return steps.find((s) => span / s <= targetTicks) ?? 100;
}

function sourcesLabel(event: TimelineEvent): string {
  const n = event.sources.length;
  const langs = [...new Set(event.sources.map((s) => s.lang))].join(' ');
  return `${n} ${n === 1 ? 'source' : 'sources'}${langs ? ` · ${langs}` : ''}`;
}

/** The chart as SVG text. Pure: same events and options, same SVG. */
export function buildTimelineSvg(events: TimelineEvent[], options: ChartOptions): string {
  const { width, height } = clampFrame(options);
  const out: string[] = [];
  const text = (x: number, y: number, content: string, attrs: string) =>
    out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);

  const title = wrapText(options.title ?? 'Vietnam–Russia relations: timeline', width - 2 * MARGIN, TITLE_SIZE * 1.06, 1)[0] ?? '';
  text(MARGIN, MARGIN + TITLE_SIZE, title, `font-size="${TITLE_SIZE}" font-weight="700" fill="${INK}"`);

  if (events.length === 0) {
    text(width / 2, height / 2, 'No events match this query.', `font-size="${TEXT_SIZE + 3}" fill="${MUTED}" text-anchor="middle"`);
    return wrapSvg(width, height, out);
  }

  const times = events.map(timeOf);
  // A year of room on each side keeps the first and last markers off the axis ends.
  // reduce, not Math.min(...times): a corpus can hold more events than a call can take arguments.
  const firstYear = Math.floor(times.reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY)) - 1;
  const lastYear = Math.ceil(times.reduce((max, t) => Math.max(max, t), Number.NEGATIVE_INFINITY)) + 1;
  const first = formatEventDate(events[0]!);
  const last = formatEventDate(events[events.length - 1]!);
  const summary = `${events.length} ${events.length === 1 ? 'event' : 'events'}, ${first === last ? first : `${first} – ${last}`}`;
  const summaryY = MARGIN + TITLE_SIZE + 22;
  text(MARGIN, summaryY, summary, `font-size="${SMALL_SIZE + 1}" fill="${MUTED}"`);

  // Dated axis.
  const axisY = summaryY + 40;
  const axisLeft = MARGIN + 8;
  const axisRight = width - MARGIN - 8;
  const span = Math.max(1, lastYear - firstYear);
  const xOf = (t: number) => axisLeft + ((t - firstYear) / span) * (axisRight - axisLeft);
  out.push(`<line x1="${axisLeft}" y1="${axisY}" x2="${axisRight}" y2="${axisY}" stroke="${INK}" stroke-width="1.5"/>`);
  const step = tickStep(span, Math.max(2, Math.floor((axisRight - axisLeft) / 70)));
  for (let year = Math.ceil(firstYear / step) * step; year <= lastYear; year += step) {
    const x = xOf(year);
    out.push(`<line x1="${x.toFixed(1)}" y1="${axisY - 4}" x2="${x.toFixed(1)}" y2="${axisY + 4}" stroke="${INK}"/>`);
    text(x, axisY + 20, String(year), `font-size="${SMALL_SIZE}" fill="${MUTED}" text-anchor="middle"`);
  }

  // Rows.
  const listTop = axisY + 44;
  const listBottom = height - MARGIN;
  const available = listBottom - listTop;
  const fitting = Math.max(1, Math.floor(available / MIN_ROW_HEIGHT));
  const shown = events.length <= fitting ? events.length : Math.max(1, fitting - 1);
  const hidden = events.length - shown;
  const rowHeight = Math.min(MAX_ROW_HEIGHT, available / (shown + (hidden > 0 ? 1 : 0)));
  const { fontSize, maxLines } = rowTypography(rowHeight);
  const lineHeight = fontSize * LINE_SPACING;
  const dateColumn = Math.ceil(Math.max(...events.slice(0, shown).map((e) => textWidth(formatEventDate(e), fontSize, true)))) + 8;
  const ruleX = MARGIN + dateColumn + 10;
  const textX = ruleX + 16;
  const sourceColumn = Math.ceil(Math.max(...events.slice(0, shown).map((e) => textWidth(sourcesLabel(e), SMALL_SIZE)))) + 12;
  const textWidthAvailable = width - MARGIN - sourceColumn - textX;
  out.push(`<line x1="${ruleX}" y1="${listTop}" x2="${ruleX}" y2="${listTop + rowHeight * (shown + (hidden > 0 ? 1 : 0))}" stroke="${RULE}" stroke-width="2"/>`);

  // Markers: as large as the axis allows them to be side by side, never overlapping (see spreadPositions).
  const axisWidth = axisRight - axisLeft;
  const spacing = Math.min(2 * MARKER_RADIUS + MARKER_GAP, events.length > 1 ? axisWidth / (events.length - 1) : Infinity);
  const radius = Math.max(0.5, Math.min(MARKER_RADIUS, (spacing - MARKER_GAP) / 2));
  const markerY = axisY - MARKER_LIFT;
  const ideal = times.map(xOf);
  const placed = spreadPositions(ideal, Math.max(spacing, 2 * radius), axisLeft, axisRight);
  events.forEach((event, i) => {
    const color = COLORS[i % COLORS.length]!;
    const [x, at] = [ideal[i]!.toFixed(1), placed[i]!.toFixed(1)];
    out.push(`<line x1="${x}" y1="${axisY + 3}" x2="${x}" y2="${axisY - 3}" stroke="${color}" stroke-width="1.5"/>`);
    out.push(`<line x1="${x}" y1="${axisY - 3}" x2="${at}" y2="${(markerY + radius).toFixed(1)}" stroke="${color}" stroke-width="1" stroke-opacity="0.7"/>`);
    out.push(`<circle class="marker" cx="${at}" cy="${markerY}" r="${radius.toFixed(2)}" fill="${color}" fill-opacity="0.9" stroke="#ffffff" stroke-width="1"/>`);
    if (i >= shown) return;
    const top = listTop + i * rowHeight;
    const lines = wrapText(event.text, textWidthAvailable, fontSize, maxLines);
    const blockHeight = lines.length * lineHeight;
    const firstBaseline = top + (rowHeight - blockHeight) / 2 + fontSize * 0.95;
    const middle = top + rowHeight / 2;
    if (i % 2 === 1) out.push(`<rect x="${MARGIN - 6}" y="${top.toFixed(1)}" width="${width - 2 * MARGIN + 12}" height="${rowHeight.toFixed(1)}" fill="#f5f7f9"/>`);
    out.push(`<circle cx="${ruleX}" cy="${middle.toFixed(1)}" r="${Math.min(6, rowHeight / 4).toFixed(1)}" fill="${color}"/>`);
    text(ruleX - 12, middle + fontSize * 0.35, formatEventDate(event), `font-size="${fontSize}" font-weight="700" fill="${INK}" text-anchor="end"`);
    lines.forEach((line, n) => text(textX, firstBaseline + n * lineHeight, line, `font-size="${fontSize}" fill="${INK}"`));
    text(width - MARGIN, middle + SMALL_SIZE * 0.35, sourcesLabel(event), `font-size="${SMALL_SIZE}" fill="${MUTED}" text-anchor="end"`);
  });
  if (hidden > 0) {
    const top = listTop + shown * rowHeight;
    text(textX, top + rowHeight / 2 + fontSize * 0.35, `+${hidden} more ${hidden === 1 ? 'event' : 'events'} (narrow the years or the topic)`, `font-size="${fontSize}" fill="${MUTED}" font-style="italic"`);
  }
  return wrapSvg(width, height, out);
}

const LINE_SPACING = 1.28;
/** Two lines of text when the row has room for them (at full or slightly smaller size), else one line. */
function rowTypography(rowHeight: number): { fontSize: number; maxLines: number } {
  for (const size of [TEXT_SIZE, TEXT_SIZE - 2]) {
    if (rowHeight >= 2 * size * LINE_SPACING + 4) return { fontSize: size, maxLines: 2 };
  }
  return { fontSize: Math.min(TEXT_SIZE, Math.max(11, Math.floor(rowHeight * 0.62))), maxLines: 1 };
}

function wrapSvg(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** The chart as a PNG of exactly `width` × `height` pixels (clamped to CHART_LIMITS). */
export function renderTimelineChart(events: TimelineEvent[], options: ChartOptions): Buffer {
  const svg = buildTimelineSvg(events, options);
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  return resvg.render().asPng();
}
