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

/**
 * The last two whitespace-separated words of `text` (what `text.trimEnd().split(/\s+/u).slice(-2)` gives, '' when
 * missing), read backwards from the end. Splitting the whole text was quadratic: a sentence that keeps being
 * joined ("A. A. A. …", every piece an initial) was split again after every piece.
 */
function lastTwoWords(text: string): { last: string; beforeLast: string } {
  let end = text.length;
  while (end > 0 && WHITESPACE.test(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && !WHITESPACE.test(text[start - 1]!)) start--;
  const last = text.slice(start, end);
  if (start === 0) return { last, beforeLast: '' };
  let previousEnd = start;
  while (previousEnd > 0 && WHITESPACE.test(text[previousEnd - 1]!)) previousEnd--;
  let previousStart = previousEnd;
  while (previousStart > 0 && !WHITESPACE.test(text[previousStart - 1]!)) previousStart--;
  return { last, beforeLast: text.slice(previousStart, previousEnd) };
}

function endsWithJoiningAbbreviation(segmentText: string, nextText: string): boolean {
  const { last, beforeLast } = lastTwoWords(segmentText);
  const nextStartsWithDigit = /^\s*\d/u.test(nextText);
  if (ALWAYS_JOINED.has(last)) return true;
  if (JOINED_BEFORE_DIGIT.has(last) && nextStartsWithDigit) return true;
  if (DOTTED_INITIALS.test(last) || SINGLE_INITIAL.test(last)) return true;
  if (last === RUSSIAN_CITY_MARKER && !/^\d+$/u.test(beforeLast)) return true;
  return false;
}

/** Shrinks a span of `text` to exclude surrounding whitespace (empty when only whitespace is left). */
export function trimSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = span;
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Shrinks [start, end) to exclude surrounding whitespace; null when only whitespace is left. */
function trimmedSpan(text: string, start: number, end: number): SentenceSpan | null {
  const trimmed = trimSpan(text, { start, end });
  return trimmed.start < trimmed.end ? { text: text.slice(trimmed.start, trimmed.end), ...trimmed } : null;
}

function splitGluedSentences(text: string, span: SentenceSpan): SentenceSpan[] {
  const cuts = [...span.text.matchAll(GLUED_SENTENCE_BOUNDARY)].map((match) => span.start + match.index);
  if (cuts.length === 0) return [span];
  const bounds = [span.start, ...cuts, span.end];
  const out: SentenceSpan[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = trimmedSpan(text, bounds[i]!, bounds[i + 1]!);
    if (piece) out.push(piece);
  }
  return out;
}

/**
 * V8's Intl.Segmenter costs about (segments × text length) per text: 97 KB of "A. " took 1.9 s and 520 KB of
 * ordinary sentences 24 s. Texts longer than SEGMENT_WINDOW_CHARS are therefore segmented a window at a time. A
 * break is taken from a window only when it lies at least SEGMENT_MARGIN_CHARS before the window's end, so that
 * ICU saw the text after it (its rules look ahead only over spaces and punctuation); the next window starts at the
 * last break taken. A window with no such break (one "sentence" longer than the window) is cut at the margin;
 * splitLongSpan cuts such a sentence into passages anyway. Every real paragraph is shorter than one window, so
 * ordinary text is segmented exactly as before.
 */
export const SEGMENT_WINDOW_CHARS = 4096;
const SEGMENT_MARGIN_CHARS = 256;

/** [start, end) of ICU's sentence segments of `text`, a window at a time for long texts. */
function segmentBounds(text: string, lang: Lang): Array<[number, number]> {
  const segmenter = segmenterFor(lang);
  const bounds: Array<[number, number]> = [];
  let offset = 0;
  while (offset < text.length) {
    const windowEnd = Math.min(text.length, offset + SEGMENT_WINDOW_CHARS);
    const last = windowEnd === text.length;
    const window = text.slice(offset, windowEnd);
    const acceptBefore = last ? Infinity : window.length - SEGMENT_MARGIN_CHARS;
    let next = offset;
    for (const segment of segmenter.segment(window)) {
      const end = segment.index + segment.segment.length;
      if (end > acceptBefore) break;
      bounds.push([offset + segment.index, offset + end]);
      next = offset + end;
    }
    if (next === offset) {
      // No break early enough in this window: cut it at the margin.
      next = offset + acceptBefore;
      bounds.push([offset, next]);
    }
    offset = next;
  }
  return bounds;
}

/** Splits text into sentences; works for vi, id, en and ru, including 2,000-character lines with no newline. */
export function splitSentences(text: string, lang: Lang): SentenceSpan[] {
  const raw: SentenceSpan[] = [];
  for (const [start, end] of segmentBounds(text, lang)) {
    const span = trimmedSpan(text, start, end);
    if (span) raw.push(span);
  }

  const joined: SentenceSpan[] = [];
  for (const span of raw) {
    const previous = joined.at(-1);
    if (previous && endsWithJoiningAbbreviation(previous.text, span.text)) {
      previous.end = span.end;
      previous.text = text.slice(previous.start, previous.end);
    } else {
      joined.push({ ...span });
    }
  }

  return joined.flatMap((span) => splitGluedSentences(text, span));
}
