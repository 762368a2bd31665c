import type { Lang } from '../domain.ts';
import type { DatePrecision } from '../engine-types.ts';

/**
 * Finds and resolves date expressions in article text (vi, id, en, ru). Pure: no clock, no I/O.
 *
 * Rules worth knowing:
 * - Numeric dates are read day/month (as written in vi, id and ru, and in most of our English sources);
 *   only when that reading is impossible and month/day is possible are the two swapped ("6/30/2024").
 * - A date without a year takes the year (publication year −1, 0 or +1) that puts it closest to the publication
 *   date: "14 đến 15/1" in an article of 2025-01-12 → 2025-01-14..2025-01-15; "28/12" in an article of 2025-01-03 → 2024.
 * - A weekday ("on Tuesday", "pada hari Selasa", "vào thứ Ba", "во вторник") is the most recent such weekday on
 *   or before the publication date (news reports what has happened; the publication day itself counts).
 * - Anniversary spans — a parenthesised "(1994-2024)" or any "30/1/1950-30/1/2025" whose day and month repeat —
 *   name the original event, so they resolve to its date (1994, 1950-01-30), not to a range.
 */

export interface DateValue {
  /** ISO date truncated to its precision: `1950`, `1950-01`, `1950-01-30`. */
  date: string;
  /** Last day/month/year of a range, same precision as `date`; null for a single date. */
  end: string | null;
  precision: DatePrecision;
}

export interface DateMention {
  value: DateValue;
  /** Character offsets of the expression in the searched text. */
  start: number;
  stop: number;
  raw: string;
  /** Resolved against the publication date (weekday, "today", "this year", a date without a year). */
  relative: boolean;
  /** Came from an anniversary span such as "(1994-2024)": it names the original event. */
  anniversarySpan: boolean;
}

export interface DateContext {
  lang: Lang;
  /** Publication date of the article, YYYY-MM-DD. */
  published: string;
}

const MIN_YEAR = 1800;
const MAX_YEAR = 2099;

// ---------------------------------------------------------------- month and weekday names

const MONTH_NAMES: Record<string, number> = {};
function addMonths(names: string[][]): void {
  names.forEach((forms, index) => {
    for (const form of forms) MONTH_NAMES[form] = index + 1;
  });
}
addMonths([
  ['january', 'jan', 'januari', 'январь', 'января', 'январе'],
  ['february', 'feb', 'februari', 'pebruari', 'февраль', 'февраля', 'феврале'],
  ['march', 'mar', 'maret', 'март', 'марта', 'марте'],
  ['april', 'apr', 'апрель', 'апреля', 'апреле'],
  ['may', 'mei', 'май', 'мая', 'мае'],
  ['june', 'jun', 'juni', 'июнь', 'июня', 'июне'],
  ['july', 'jul', 'juli', 'июль', 'июля', 'июле'],
  ['august', 'aug', 'agustus', 'август', 'августа', 'августе'],
  ['september', 'sep', 'sept', 'сентябрь', 'сентября', 'сентябре'],
  ['october', 'oct', 'oktober', 'октябрь', 'октября', 'октябре'],
  ['november', 'nov', 'nopember', 'ноябрь', 'ноября', 'ноябре'],
  ['december', 'dec', 'desember', 'декабрь', 'декабря', 'декабре'],
]);

/** Weekday → JS getUTCDay() number. Vietnamese "thứ hai…bảy" counts Monday as the second day. */
const WEEKDAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  minggu: 0, senin: 1, selasa: 2, rabu: 3, kamis: 4, jumat: 5, "jum'at": 5, sabtu: 6,
  'chủ nhật': 0, 'thứ hai': 1, 'thứ ba': 2, 'thứ tư': 3, 'thứ năm': 4, 'thứ sáu': 5, 'thứ bảy': 6,
  воскресенье: 0, понедельник: 1, вторник: 2, среду: 3, среда: 3, четверг: 4, пятницу: 5, пятница: 5, субботу: 6, суббота: 6,
};

const alternation = (words: string[]) =>
  [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

// ---------------------------------------------------------------- regex building blocks

/** Unicode-aware word edges: JS `\b` only knows ASCII letters, which breaks on "ngày" or "июня". */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const DAY = '(\\d{1,2})';
const NUM_MONTH = '(\\d{1,2})';
const YEAR = '(\\d{4})';
const MONTH = `(${alternation(Object.keys(MONTH_NAMES))})`;
const ORDINAL = '(?:st|nd|rd|th|-?го|-?е)?';
const DASH = '[-–—]';
const RANGE_JOIN = `(?:\\s*${DASH}\\s*|\\s+(?:to|and|until|đến|tới|dan|hingga|sampai|s\\.d\\.|по|и)\\s+)`;
/** Numeric date separators; "-" is left out because it also joins year ranges ("2024-2030"). */
const SEP = '[/.]';
const NO_MORE_DIGITS = `(?!${SEP}\\d)${E}`;
/** Not the tail of a longer numeric date: "2/2024" inside an impossible "31/2/2024" is no month. */
const NOT_AFTER_DIGITS = `(?<!\\d${SEP})`;

// ---------------------------------------------------------------- value construction

const pad = (n: number) => String(n).padStart(2, '0');

function validYear(y: number): boolean {
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isoDay(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function dayValue(y: number, m: number, d: number, end?: [number, number, number]): DateValue | null {
  if (!validYear(y) || !validDay(y, m, d)) return null;
  const start = isoDay(y, m, d);
  if (!end) return { date: start, end: null, precision: 'day' };
  const [ey, em, ed] = end;
  if (!validYear(ey) || !validDay(ey, em, ed)) return null;
  const stop = isoDay(ey, em, ed);
  if (stop < start) return null;
  return { date: start, end: stop === start ? null : stop, precision: 'day' };
}

function monthValue(y: number, m: number, end?: [number, number]): DateValue | null {
  if (!validYear(y) || m < 1 || m > 12) return null;
  const start = `${y}-${pad(m)}`;
  if (!end) return { date: start, end: null, precision: 'month' };
  const [ey, em] = end;
  if (!validYear(ey) || em < 1 || em > 12) return null;
  const stop = `${ey}-${pad(em)}`;
  if (stop < start) return null;
  return { date: start, end: stop === start ? null : stop, precision: 'month' };
}

function yearValue(y: number, endYear?: number): DateValue | null {
  if (!validYear(y)) return null;
  if (endYear === undefined || endYear === y) return { date: String(y), end: null, precision: 'year' };
  if (!validYear(endYear) || endYear < y) return null;
  return { date: String(y), end: String(endYear), precision: 'year' };
}

function parsePublished(published: string): Date {
  const date = new Date(`${published.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : date;
}

/** The year, among publication year −1…+1, that puts month/day closest to the publication date. */
export function inferYear(month: number, day: number | undefined, published: string): number {
  const pub = parsePublished(published);
  const pubYear = pub.getUTCFullYear();
  let best = pubYear;
  let bestDistance = Infinity;
  for (const year of [pubYear, pubYear - 1, pubYear + 1]) {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const candidate = Date.UTC(year, month - 1, Math.min(day ?? 15, lastDay));
    const distance = Math.abs(candidate - pub.getTime());
    if (distance < bestDistance) {
      best = year;
      bestDistance = distance;
    }
  }
  return best;
}

/** Day/month order first; month/day only when the first reading is impossible. */
function numericDay(a: number, b: number, y: number): DateValue | null {
  return dayValue(y, b, a) ?? dayValue(y, a, b);
}

function shiftDays(published: string, days: number): string {
  const date = parsePublished(published);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Most recent `weekday` on or before publication. */
export function lastWeekdayOnOrBefore(weekday: number, published: string): string {
  const back = (parsePublished(published).getUTCDay() - weekday + 7) % 7;
  return shiftDays(published, -back);
}

/** A day range whose ends lie in different months; the year of the end, if written, decides both. */
function crossMonthRange(m1: number, d1: number, m2: number, d2: number, yearText: string | undefined, ctx: DateContext): DateValue | null {
  if (!m1 || !m2) return null;
  const wraps = m2 < m1;
  const endYear = yearText ? Number(yearText) : inferYear(m1, d1, ctx.published) + (wraps ? 1 : 0);
  return dayValue(wraps ? endYear - 1 : endYear, m1, d1, [endYear, m2, d2]);
}

function dayFromIso(iso: string): DateValue {
  return { date: iso, end: null, precision: 'day' };
}

// ---------------------------------------------------------------- patterns

interface Pattern {
  name: string;
  regex: RegExp;
  /** Whether the value depends on the publication date; a function when only a missing year makes it so. */
  relative?: boolean | ((m: RegExpExecArray) => boolean);
  anniversarySpan?: (m: RegExpExecArray) => boolean;
  build: (m: RegExpExecArray, ctx: DateContext) => DateValue | null;
}

const n = (s: string | undefined) => Number(s);
const month = (s: string | undefined) => MONTH_NAMES[(s ?? '').toLowerCase().replace(/\.$/, '')] ?? 0;
const re = (source: string) => new RegExp(source, 'giu');
const pubYear = (ctx: DateContext) => parsePublished(ctx.published).getUTCFullYear();

/** A day of a named month, or a day range within it ("June 19-20"); a missing year is placed near publication. */
function namedMonthDay(mon: number, day: string | undefined, endDay: string | undefined, year: string | undefined, ctx: DateContext): DateValue | null {
  if (!mon) return null;
  const d = n(day);
  const y = year ? n(year) : inferYear(mon, d, ctx.published);
  return dayValue(y, mon, d, endDay ? [y, mon, n(endDay)] : undefined);
}

const PATTERNS: Pattern[] = [
  {
    // "(30/1/1950-30/1/2025)": anniversary when day and month repeat; otherwise a day range.
    name: 'numeric-date-range',
    regex: re(`${NOT_AFTER_DIGITS}${B}${DAY}${SEP}${NUM_MONTH}${SEP}${YEAR}\\s*${DASH}\\s*${DAY}${SEP}${NUM_MONTH}${SEP}${YEAR}${E}`),
    anniversarySpan: (m) => m[1] === m[4] && m[2] === m[5] && m[3] !== m[6],
    build: (m) => {
      const start = numericDay(n(m[1]), n(m[2]), n(m[3]));
      if (!start) return null;
      if (m[1] === m[4] && m[2] === m[5] && m[3] !== m[6]) return start;
      const stop = numericDay(n(m[4]), n(m[5]), n(m[6]));
      return stop && stop.date >= start.date ? { ...start, end: stop.date } : null;
    },
  },
  {
    // "(1994-2024)": the anniversary of something that happened in 1994.
    name: 'year-anniversary-span',
    regex: re(`\\(\\s*${YEAR}\\s*${DASH}\\s*${YEAR}\\s*\\)`),
    anniversarySpan: () => true,
    build: (m) => (n(m[2]) > n(m[1]) ? yearValue(n(m[1])) : null),
  },
  {
    name: 'iso-date',
    regex: re(`${B}${YEAR}-(\\d{2})-(\\d{2})${E}`),
    build: (m) => dayValue(n(m[1]), n(m[2]), n(m[3])),
  },
  {
    // "14 đến 15/1", "19-20/6/2024"
    name: 'numeric-day-range',
    relative: (m) => !m[4],
    regex: re(`${NOT_AFTER_DIGITS}${B}${DAY}${RANGE_JOIN}(?:ngày\\s+)?${DAY}${SEP}${NUM_MONTH}(?:${SEP}${YEAR})?${NO_MORE_DIGITS}`),
    build: (m, ctx) => {
      const mon = n(m[3]);
      const year = m[4] ? n(m[4]) : inferYear(mon, n(m[1]), ctx.published);
      return dayValue(year, mon, n(m[1]), [year, mon, n(m[2])]);
    },
  },
  {
    name: 'numeric-date',
    regex: re(`${NOT_AFTER_DIGITS}${B}${DAY}${SEP}${NUM_MONTH}${SEP}${YEAR}${E}`),
    build: (m) => numericDay(n(m[1]), n(m[2]), n(m[3])),
  },
  {
    // "ngày 30 tháng 1 năm 1950", "30 tháng 1"
    name: 'vi-day-month-words',
    relative: (m) => !m[3],
    regex: re(`${B}(?:ngày\\s+)?${DAY}\\s+tháng\\s+${NUM_MONTH}(?:\\s*(?:năm|,)\\s*${YEAR})?${E}`),
    build: (m, ctx) => {
      const mon = n(m[2]);
      return dayValue(m[3] ? n(m[3]) : inferYear(mon, n(m[1]), ctx.published), mon, n(m[1]));
    },
  },
  {
    // "tháng 9 và 10/2024": one range covering both months.
    name: 'vi-month-pair',
    regex: re(`${B}tháng\\s+${NUM_MONTH}\\s*(?:và|,|${DASH}|đến|tới)\\s*(?:tháng\\s+)?${NUM_MONTH}(?:${SEP}|\\s+năm\\s+)${YEAR}${E}`),
    build: (m) => monthValue(n(m[3]), n(m[1]), [n(m[3]), n(m[2])]),
  },
  {
    // "tháng 7/1955", "tháng 6 năm 2024", "(6/2024)"
    name: 'month-year-numeric',
    regex: re(`${NOT_AFTER_DIGITS}${B}(?:tháng\\s+)?${NUM_MONTH}(?:${SEP}|\\s+năm\\s+)${YEAR}${E}`),
    build: (m) => monthValue(n(m[2]), n(m[1])),
  },
  {
    // "ngày 8/5", "(5/5)", "tối 2/5": a day without a year needs a cue, or "1/2" fractions would become dates.
    name: 'vi-day-month-numeric',
    regex: re(`(?:(?<=(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|rạng sáng)\\s{1,3})|(?<=\\())${DAY}${SEP}${NUM_MONTH}${NO_MORE_DIGITS}`),
    relative: true,
    build: (m, ctx) => {
      const [d, mon] = [n(m[1]), n(m[2])];
      return dayValue(inferYear(mon, d, ctx.published), mon, d);
    },
  },
  {
    // "tháng 12" without a year
    name: 'vi-month-alone',
    regex: re(`${B}tháng\\s+${NUM_MONTH}${NO_MORE_DIGITS}(?!\\s*năm\\s+\\d)`),
    relative: true,
    build: (m, ctx) => {
      const mon = n(m[1]);
      return mon >= 1 && mon <= 12 ? monthValue(inferYear(mon, undefined, ctx.published), mon) : null;
    },
  },
  {
    // "December 30 to January 2, 2025": a day range across months (and maybe years).
    name: 'month-day-cross-range',
    relative: (m) => !m[5],
    regex: re(`${B}${MONTH}\\.?\\s+${DAY}${ORDINAL}${RANGE_JOIN}${MONTH}\\.?\\s+${DAY}${ORDINAL}(?:,?\\s+${YEAR})?${E}`),
    build: (m, ctx) => crossMonthRange(month(m[1]), n(m[2]), month(m[3]), n(m[4]), m[5], ctx),
  },
  {
    // "30 Desember 2024 - 2 Januari 2025", "30 декабря – 2 января"
    name: 'day-month-cross-range',
    relative: (m) => !m[6],
    regex: re(
      `${B}${DAY}${ORDINAL}\\s+${MONTH}\\.?(?:\\s+${YEAR})?${RANGE_JOIN}${DAY}${ORDINAL}\\s+${MONTH}\\.?(?:,?\\s+${YEAR}(?:\\s*(?:года|г\\.))?)?${E}`,
    ),
    build: (m, ctx) => {
      if (m[3] && m[6]) return dayValue(n(m[3]), month(m[2]), n(m[1]), [n(m[6]), month(m[5]), n(m[4])]);
      return crossMonthRange(month(m[2]), n(m[1]), month(m[5]), n(m[4]), m[6], ctx);
    },
  },
  {
    // "January 30, 1950", "June 19-20", "January 31st"
    name: 'month-day',
    regex: re(`${B}${MONTH}\\.?\\s+${DAY}${ORDINAL}(?:${RANGE_JOIN}${DAY}${ORDINAL})?(?:,?\\s+${YEAR})?${E}`),
    build: (m, ctx) => namedMonthDay(month(m[1]), m[2], m[3], m[4], ctx),
    relative: (m) => !m[4],
  },
  {
    // "30 Januari 1950", "19-20 Juni", "30 января 1950 года", "16th of June"
    name: 'day-month',
    relative: (m) => !m[4],
    regex: re(`${B}${DAY}${ORDINAL}(?:${RANGE_JOIN}${DAY}${ORDINAL})?\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+${YEAR}(?:\\s*(?:года|г\\.))?)?${E}`),
    build: (m, ctx) => namedMonthDay(month(m[3]), m[1], m[2], m[4], ctx),
  },
  {
    // "Maret 2024", "November 2006", "июня 2024 года"
    name: 'month-name-year',
    regex: re(`${B}${MONTH}\\.?,?\\s+${YEAR}(?:\\s*(?:года|г\\.))?${E}`),
    build: (m) => monthValue(n(m[2]), month(m[1])),
  },
  {
    // "in June", "pada bulan Juni", "в июне": a month without a year, placed near the publication date.
    name: 'month-name-alone',
    regex: re(`${B}(?:in|since|early|late|mid-|bulan|pada|в|во|с|к)\\s+${MONTH}${E}(?!\\.?,?\\s*\\d)`),
    relative: true,
    build: (m, ctx) => {
      const mon = month(m[1]);
      return mon ? monthValue(inferYear(mon, undefined, ctx.published), mon) : null;
    },
  },
  {
    // "2024-2030": a range of years (parenthesised pairs are anniversary spans, matched above).
    name: 'year-range',
    regex: re(`${NOT_AFTER_DIGITS}${B}${YEAR}\\s*${DASH}\\s*${YEAR}${E}`),
    build: (m) => yearValue(n(m[1]), n(m[2])),
  },
  {
    name: 'year',
    regex: re(`${NOT_AFTER_DIGITS}${B}(1[89]\\d\\d|20\\d\\d)${E}(?!\\s*(?:%|mm|km|USD|\\$))`),
    build: (m) => yearValue(n(m[1])),
  },
  {
    // "on Tuesday", "pada hari Selasa", "vào thứ Ba", "во вторник". Vietnamese "thứ hai" alone also means
    // "secondly", so it needs a cue word.
    name: 'weekday',
    regex: re(
      `${B}(?:(?:on|last|this)\\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)${E}` +
        `|${B}(?:pada\\s+)?hari\\s+(minggu|senin|selasa|rabu|kamis|jumat|jum'at|sabtu)${E}` +
        `|${B}(?:vào|hôm|sáng|chiều|tối|trưa)\\s+(chủ nhật|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy)${E}` +
        `|${B}(?:в|во)\\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)${E}`,
    ),
    relative: true,
    build: (m, ctx) => {
      const word = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').toLowerCase();
      const weekday = WEEKDAYS[word];
      // English weekdays are capitalised; a lower-case "sunday" is something else.
      if (m[1] && m[1][0] === m[1][0]?.toLowerCase()) return null;
      return weekday === undefined ? null : dayFromIso(lastWeekdayOnOrBefore(weekday, ctx.published));
    },
  },
  {
    name: 'today-yesterday',
    regex: re(`${B}(?:(today|hôm nay|hari ini|сегодня)|(yesterday|hôm qua|kemarin|вчера))${E}`),
    relative: true,
    build: (m, ctx) => dayFromIso(shiftDays(ctx.published, m[1] ? 0 : -1)),
  },
  {
    name: 'this-last-year',
    regex: re(
      `${B}(?:(this year|năm nay|tahun ini|в этом году|в нынешнем году)|(last year|năm ngoái|năm trước|tahun lalu|в прошлом году))${E}`,
    ),
    relative: true,
    build: (m, ctx) => yearValue(pubYear(ctx) - (m[1] ? 0 : 1)),
  },
];

/**
 * Every date expression in `text`, in reading order. Where expressions overlap the longest wins
 * ("30 Januari 1950" beats "1950"), so each stretch of text yields at most one date.
 */
export function findDates(text: string, ctx: DateContext): DateMention[] {
  const candidates: DateMention[] = [];
  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (let m = pattern.regex.exec(text); m !== null; m = pattern.regex.exec(text)) {
      const value = pattern.build(m, ctx);
      if (!value) continue;
      candidates.push({
        value,
        start: m.index,
        stop: m.index + m[0].length,
        raw: m[0],
        relative: typeof pattern.relative === 'function' ? pattern.relative(m) : (pattern.relative ?? false),
        anniversarySpan: pattern.anniversarySpan?.(m) ?? false,
      });
    }
  }
  candidates.sort((a, b) => b.stop - b.start - (a.stop - a.start) || a.start - b.start);
  // Characters already taken by a chosen (longer) mention. Comparing each candidate with every chosen one was
  // quadratic in the number of dates; each pattern's matches do not overlap, so marking costs at most the text's
  // length once per pattern.
  const taken = new Uint8Array(text.length);
  const chosen: DateMention[] = [];
  for (const candidate of candidates) {
    let free = true;
    for (let i = candidate.start; i < candidate.stop && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, candidate.start, candidate.stop);
    chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** The first date in `text`, or null: convenient for single-expression inputs. */
export function parseDate(text: string, ctx: DateContext): DateValue | null {
  return findDates(text, ctx)[0]?.value ?? null;
}

/** First and last calendar day covered by a value: "1950-01" → 1950-01-01…1950-01-31. */
export function dayBounds(value: DateValue): { first: string; last: string } {
  const lastOf = (iso: string, precision: DatePrecision): string => {
    if (precision === 'day') return iso;
    if (precision === 'year') return `${iso}-12-31`;
    const [y, m] = iso.split('-').map(Number) as [number, number];
    return isoDay(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
  };
  const firstOf = (iso: string, precision: DatePrecision): string =>
    precision === 'day' ? iso : precision === 'month' ? `${iso}-01` : `${iso}-01-01`;
  return { first: firstOf(value.date, value.precision), last: lastOf(value.end ?? value.date, value.precision) };
}
