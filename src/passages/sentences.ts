import type { Lang } from '../domain.ts';

export interface SentenceSpan {
  text: string;
  /** Offsets into the input string. */
  start: number;
  end: number;
}

/**
 * Sentence splitting = Unicode sentence segmentation (Intl.Segmenter, ICU) plus three repairs that news text needs:
 *  - ICU breaks after abbreviations followed by a capital or a digit ("Tn. Putin", "Dr. Smith", "No. 34",
 *    "U.S. President", "г. Москва"): such pieces are joined again;
 *  - ICU does not break at a full stop glued to the next sentence ("tingkat tinggi.Sekretaris Jenderal"), which
 *    scraped pages are full of: those are split;
 *  - whitespace around sentences is excluded from the spans.
 * Numbers such as 1.000, 10,5 and 30/1/1950 need no repair: ICU never breaks inside them.
 */

const SEGMENTER_LOCALE: Record<Lang, string> = { vi: 'vi', id: 'id', en: 'en', ru: 'ru' };
const segmenters = new Map<Lang, Intl.Segmenter>();

function segmenterFor(lang: Lang): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(SEGMENTER_LOCALE[lang], { granularity: 'sentence' });
    segmenters.set(lang, segmenter);
  }
  return segmenter;
}

/**
 * Abbreviations that are always followed by more of the same sentence (titles, "namely", street and city markers).
 * Compared case-sensitively, because "No." differs from "no." and "TS." (tiến sĩ) from "ts.".
 */
const ALWAYS_JOINED = new Set([
  // en
  'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Gen.', 'Lt.', 'Col.', 'Capt.', 'Sgt.', 'Sen.', 'Rep.', 'Gov.', 'Pres.',
  'Jr.', 'Sr.', 'St.', 'Mt.', 'vs.', 'Amb.', 'Dept.', 'approx.', 'e.g.', 'i.e.', 'cf.',
  // vi: tiến sĩ, phó giáo sư, giáo sư, thạc sĩ, bác sĩ, kỹ sư, thành phố, quận, phường
  'TS.', 'PGS.', 'GS.', 'ThS.', 'Th.S.', 'BS.', 'KS.', 'TP.', 'Tp.', 'Q.', 'P.', 'PGS.TS.', 'GS.TS.',
  // id: tuan, nyonya, nona, bapak, saudara, insinyur, haji, jalan
  'Tn.', 'Ny.', 'Nn.', 'Bpk.', 'Bp.', 'Sdr.', 'Sdri.', 'Ir.', 'H.', 'Hj.', 'Jl.', 'Drs.', 'Dra.',
  // ru: то есть, так как, имени, улица, профессор, академик, господин, около, др. (доктор)
  'т.е.', 'т.к.', 'им.', 'ул.', 'проф.', 'акад.', 'г-н', 'г-жа', 'ок.', 'пр.', 'пл.', 'просп.',
]);

/** Abbreviations joined only when a number follows ("No. 34-NQ/TW", "Art. 354", "tr. 5", "№ 12"). */
const JOINED_BEFORE_DIGIT = new Set(['No.', 'no.', 'Nos.', 'Nr.', 'nr.', 'Art.', 'art.', 'p.', 'pp.', 'Vol.', 'vol.', 'tr.', 'ст.', 'п.', 'с.', 'тыс.', 'млн.', 'млрд.']);

/** "U.S.", "U.N.", "т.е." — dotted initials are an abbreviation, not a sentence end. */
const DOTTED_INITIALS = /^(?:\p{L}\.){2,}$/u;
/** "V. Putin", "Ho Chi Minh, H." — a single capital letter with a full stop is an initial. */
const SINGLE_INITIAL = /^\p{Lu}\.$/u;
/** "г." is a year after a number ("2024 г.") but "city" before a name ("г. Москва"). */
const RUSSIAN_CITY_MARKER = 'г.';

/**
 * A full stop, question or exclamation mark glued to the next sentence: a lower-case letter before, a capital
 * followed by a lower-case letter after (so "U.S", "Thanhnien.vn", "1.000" and "ASP.NET" are left alone).
 * The cheap lookahead comes first: the lookbehind's unbounded run of closing quotes was otherwise rescanned at
 * every position of a long run of quotes (quadratic).
 */
const GLUED_SENTENCE_BOUNDARY = /(?=["“«]?\p{Lu}\p{Ll})(?<=\p{Ll}{2}[.!?…]["”’»)]*)/gu;

const WHITESPACE = /\s/u;

const isSpaceAt = (text: string, at: number) => WHITESPACE.test(text[at]!);

/**
 * The last two whitespace-separated words of text[from, to) (what `text.slice(from, to).trimEnd().split(/\s+/u)
 * .slice(-2)` gives, '' when missing), read backwards from `to`. Splitting the whole text was quadratic: a sentence
 * that keeps being joined ("A. A. A. …", every piece an initial) was split again after every piece.
 */
function lastTwoWords(text: string, from: number, to: number): { last: string; beforeLast: string } {
  let end = to;
  while (end > from && isSpaceAt(text, end - 1)) end--;
  let start = end;
  while (start > from && !isSpaceAt(text, start - 1)) start--;
  const last = text.slice(start, end);
  if (start === from) return { last, beforeLast: '' };
  let previousEnd = start;
  while (previousEnd > from && isSpaceAt(text, previousEnd - 1)) previousEnd--;
  let previousStart = previousEnd;
  while (previousStart > from && !isSpaceAt(text, previousStart - 1)) previousStart--;
  return { last, beforeLast: text.slice(previousStart, previousEnd) };
}

/** Whether the sentence text[from, to) ends with an abbreviation that joins it to the next, which starts at `next`. */
function endsWithJoiningAbbreviation(text: string, from: number, to: number, next: number): boolean {
  const { last, beforeLast } = lastTwoWords(text, from, to);
  // The next sentence is trimmed: its first character is not a space.
  const nextStartsWithDigit = /\d/u.test(text[next] ?? '');
  if (ALWAYS_JOINED.has(last)) return true;
  if (JOINED_BEFORE_DIGIT.has(last) && nextStartsWithDigit) return true;
  if (DOTTED_INITIALS.test(last) || SINGLE_INITIAL.test(last)) return true;
  if (last === RUSSIAN_CITY_MARKER && !/^\d+$/u.test(beforeLast)) return true;
  return false;
}

/** Shrinks a span of `text` to exclude surrounding whitespace (empty when only whitespace is left). */
export function trimSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = span;
  while (start < end && isSpaceAt(text, start)) start++;
  while (end > start && isSpaceAt(text, end - 1)) end--;
  return { start, end };
}

/** Shrinks [start, end) to exclude surrounding whitespace; null when only whitespace is left. */
function trimmedSpan(text: string, start: number, end: number): SentenceSpan | null {
  const trimmed = trimSpan(text, { start, end });
  return trimmed.start < trimmed.end ? { text: text.slice(trimmed.start, trimmed.end), ...trimmed } : null;
}

const SENTENCE_END_CODES = new Set(['.', '!', '?', '…'].map((c) => c.charCodeAt(0)));

/**
 * Whether text[start, end) could hold a GLUED_SENTENCE_BOUNDARY: that needs a full stop (or ! ? …) with at least
 * two characters after it (a capital and a lower-case letter). Most sentences end with their only full stop, and
 * running the pattern over each of 350,000 tiny sentences was a large share of splitting them.
 */
function mayHoldGluedBoundary(text: string, start: number, end: number): boolean {
  for (let i = start; i < end - 2; i++) if (SENTENCE_END_CODES.has(text.charCodeAt(i))) return true;
  return false;
}

function splitGluedSentences(text: string, start: number, end: number, out: SentenceSpan[]): void {
  if (!mayHoldGluedBoundary(text, start, end)) {
    out.push({ text: text.slice(start, end), start, end });
    return;
  }
  const span = text.slice(start, end);
  const cuts = [...span.matchAll(GLUED_SENTENCE_BOUNDARY)].map((match) => start + match.index);
  const bounds = [start, ...cuts, end];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = trimmedSpan(text, bounds[i]!, bounds[i + 1]!);
    if (piece) out.push(piece);
  }
}

/**
 * Texts up to this length (every real paragraph: they are under 2,000 characters) are segmented whole. V8's
 * Intl.Segmenter costs about (segments × text length) per text (each segment it returns costs more the longer the
 * text it is cut from): 97 KB of "A. " took 1.9 s and 520 KB of ordinary sentences 24 s. Longer texts are therefore segmented
 * a window at a time. A break is taken from a window only when it lies at least SEGMENT_MARGIN_CHARS before the
 * window's end, so that ICU saw the text after it (its rules look ahead only over spaces and punctuation); the next
 * window starts at the last break taken. The windows are SMALL_WINDOW_CHARS long (1 MiB of "1. 2. 3. " took
 * 1.2 s of CPU in 4,096-character windows, 0.6 s in these); a small window with no break early enough is tried again at SEGMENT_WINDOW_CHARS, and one
 * with none either (a "sentence" longer than the window) is cut at the margin; splitLongSpan cuts such a sentence
 * into passages anyway.
 */
export const SEGMENT_WINDOW_CHARS = 4096;
const SMALL_WINDOW_CHARS = 1024;
const SEGMENT_MARGIN_CHARS = 256;

/**
 * Segments text[offset, offset + size) and passes the breaks taken to `visit`; returns where the next window
 * starts, or `offset` when no break lies early enough (and then visits nothing).
 */
function segmentWindow(segmenter: Intl.Segmenter, text: string, offset: number, size: number, visit: (start: number, end: number) => void): number {
  const windowEnd = Math.min(text.length, offset + size);
  const window = text.slice(offset, windowEnd);
  const acceptBefore = windowEnd === text.length ? Infinity : window.length - SEGMENT_MARGIN_CHARS;
  // Breaks are visited only once the window is known to hold one early enough: one given up on visits nothing.
  const bounds: number[] = [];
  for (const segment of segmenter.segment(window)) {
    const end = segment.index + segment.segment.length;
    if (end > acceptBefore) break;
    bounds.push(segment.index, end);
  }
  if (bounds.length === 0) return offset;
  for (let i = 0; i < bounds.length; i += 2) visit(offset + bounds[i]!, offset + bounds[i + 1]!);
  return offset + bounds.at(-1)!;
}

/** ICU's sentence segments of `text` as [start, end) offsets, a window at a time for long texts. */
function forEachSegment(text: string, lang: Lang, visit: (start: number, end: number) => void): void {
  const segmenter = segmenterFor(lang);
  if (text.length <= SEGMENT_WINDOW_CHARS) {
    for (const segment of segmenter.segment(text)) visit(segment.index, segment.index + segment.segment.length);
    return;
  }
  let offset = 0;
  while (offset < text.length) {
    let next = segmentWindow(segmenter, text, offset, SMALL_WINDOW_CHARS, visit);
    if (next === offset) next = segmentWindow(segmenter, text, offset, SEGMENT_WINDOW_CHARS, visit);
    if (next === offset) {
      // No break early enough even in a full window: cut it at the margin.
      next = offset + SEGMENT_WINDOW_CHARS - SEGMENT_MARGIN_CHARS;
      visit(offset, next);
    }
    offset = next;
  }
}

/** Splits text into sentences; works for vi, id, en and ru, including 2,000-character lines with no newline. */
export function splitSentences(text: string, lang: Lang): SentenceSpan[] {
  // Trimmed segments, joined again after abbreviations. Only offsets are kept until the end: a span's text is
  // sliced once, not once per piece joined onto it.
  const starts: number[] = [];
  const ends: number[] = [];
  forEachSegment(text, lang, (segmentStart, segmentEnd) => {
    let start = segmentStart;
    let end = segmentEnd;
    while (start < end && isSpaceAt(text, start)) start++;
    while (end > start && isSpaceAt(text, end - 1)) end--;
    if (start === end) return;
    const last = starts.length - 1;
    if (last >= 0 && endsWithJoiningAbbreviation(text, starts[last]!, ends[last]!, start)) ends[last] = end;
    else {
      starts.push(start);
      ends.push(end);
    }
  });
  const out: SentenceSpan[] = [];
  for (let i = 0; i < starts.length; i++) splitGluedSentences(text, starts[i]!, ends[i]!, out);
  return out;
}
