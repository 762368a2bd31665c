import type { TextBlock } from '../domain.ts';
import { collapseWhitespace } from '../text/normalize.ts';

/**
 * Clutter removal for scraped news pages: keeps the article's own paragraphs and drops page furniture
 * (navigation, timestamps, captions, players, teaser lists…). Pure and line-based, because scraped text puts every
 * paragraph, caption and link on a line of its own. Rules are written for the page furniture of Vietnamese,
 * Indonesian, English and Russian news sites in general, not for particular articles.
 *
 * Order matters: (1) everything after a "related/most read/next article" heading is dropped, (2) single-line rules,
 * (3) rules that look at neighbouring lines (teaser headline printed twice, runs of link headlines), (4) glued
 * debris is trimmed from the edges of kept lines, (5) hard-wrapped continuation lines are joined into one block.
 */

export type ClutterReason =
  | 'related-section'
  | 'see-also'
  | 'html-debris'
  | 'breadcrumb'
  | 'timestamp'
  | 'follow-us'
  | 'image-file'
  | 'photo-caption'
  | 'agency-credit'
  | 'media-player'
  | 'weather'
  | 'comment-counter'
  | 'source-signoff'
  | 'author-signoff'
  | 'seo-junk'
  | 'doubled-headline'
  | 'link-list';

export interface RemovedLine {
  text: string;
  start: number;
  reason: ClutterReason;
}

export interface ClutterAnalysis {
  blocks: TextBlock[];
  removed: RemovedLine[];
}

interface Line {
  /** Trimmed text of the line. */
  text: string;
  /** Offsets of the trimmed text in the body. */
  start: number;
  end: number;
  /** True when a blank line separates this line from the previous non-blank one. */
  afterBlank: boolean;
}

/** A headline is short; a real paragraph without final punctuation is rare but can be long. */
const MAX_HEADLINE_WORDS = 20;
/** Trailing glued fragments (headings, captions) longer than this are more likely real text and are kept. */
const MAX_GLUED_FRAGMENT_WORDS = 25;
const MAX_SHORT_LINE_WORDS = 8;
/** A paragraph is about the weather when weather terms are both several and dense (not a passing mention). */
const MIN_WEATHER_TERMS = 3;
const MIN_WEATHER_DENSITY = 0.08;

const TERMINAL_PUNCTUATION = /[.!?…](?:["'”’»)\]]*)$/u;

const CLOSING_QUOTES = new Set(['"', "'", '”', '’', '»', ')', ']']);
const SENTENCE_END = new Set(['.', '!', '?', '…']);
const WHITESPACE = /\s/u;

/**
 * TERMINAL_PUNCTUATION.test(collapseWhitespace(body.slice(start, end))), read backwards from `end` so that it costs
 * the length of the closing run, not of the block (the regex scans the whole string for a full stop).
 */
function endsWithTerminalPunctuation(body: string, start: number, end: number): boolean {
  let i = end;
  while (i > start && WHITESPACE.test(body[i - 1]!)) i--;
  while (i > start && CLOSING_QUOTES.has(body[i - 1]!)) i--;
  return i > start && SENTENCE_END.has(body[i - 1]!);
}

export function wordCount(text: string): number {
  const words = text.trim().split(/\s+/u);
  return words[0] === '' ? 0 : words.length;
}

/** Short line without sentence-final punctuation: a heading, a teaser link or a label. */
export function isHeadlineLike(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && !TERMINAL_PUNCTUATION.test(trimmed) && wordCount(trimmed) <= MAX_HEADLINE_WORDS;
}

/** Teaser links may be questions or exclamations ("Will trade double?"), but never end with a full stop. */
function isTeaserLike(text: string): boolean {
  return wordCount(text) <= MAX_HEADLINE_WORDS && !/[.…](?:["'”’»)\]]*)$/u.test(text.trim());
}

function normaliseForComparison(text: string): string {
  return collapseWhitespace(text.normalize('NFC').toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// Section headings

/** `\b` only knows ASCII letters; these bounds also work for Vietnamese and Cyrillic words. */
const WORD_START = String.raw`(?<![\p{L}\p{N}])`;
const WORD_END = String.raw`(?![\p{L}\p{N}])`;

const optionalColon = String.raw`\s*[:：]?\s*$`;

/** Headings after which the rest of a page is teasers for other articles. */
const END_OF_ARTICLE_HEADINGS = new RegExp(
  String.raw`^(?:` +
    [
      // vi
      'tin bài liên quan', 'tin liên quan', 'bài liên quan', 'bài viết liên quan', 'tin cùng chuyên mục', 'tin khác',
      'đọc nhiều', 'xem nhiều', 'đọc nhiều nhất', 'tin mới nhất', 'tin mới', 'có thể bạn quan tâm', 'multimedia',
      // en
      'you may also like', 'you might also like', 'related', 'related articles', 'related news', 'related posts',
      'related stories', 'most read', 'most popular', 'more stories', 'more news', 'latest news', 'recommended',
      'recommended for you', 'trending',
      // id
      'berita terkait', 'artikel terkait', 'berita lainnya', 'terpopuler', 'berita populer', 'rekomendasi',
      'pilihan editor',
      // ru
      'похожие новости', 'по теме', 'популярное', 'самое читаемое', 'другие новости',
    ].join('|') +
    ')' +
    optionalColon,
  'iu',
);

/** Pager links to the neighbouring articles, written as "Previous article<headline>". */
const PAGER_LINE =
  /^(?:previous article|next article|previous post|next post|bài trước|bài sau|artikel sebelumnya|artikel selanjutnya|предыдущая статья|следующая статья)/iu;

/**
 * "See also" boxes sit *inside* articles: the heading alone on its line, then one or a few headline links, then the
 * article goes on. Only the heading and the headline-like lines right after it are dropped.
 */
const SEE_ALSO_HEADING =
  /^(?:baca juga|lihat juga|simak juga|read also|see also|also read|xem thêm|đọc thêm|читайте также|смотрите также)\s*[:：]?\s*$/iu;

/** Inline "see also: <headline>" links inside an article. */
const SEE_ALSO_LINE =
  /^(?:baca juga|lihat juga|simak juga|read also|read more|see also|also read|xem thêm|đọc thêm|tin liên quan|читайте также|смотрите также)\s*[:：\-–—]\s*\S/iu;

// ---------------------------------------------------------------------------------------------------------------
// Single-line rules

/**
 * The line is nothing but HTML debris: what `HTML_DEBRIS_PATTERN` matches, computed in one pass. The pattern itself
 * is quadratic on a line of many "<!--" (each one tries `<!--.*?-->` to the end of the line: 100 KB took 1.6 s), so
 * it is kept only as the specification, and the tests check this function against it.
 */
export const HTML_DEBRIS_PATTERN = /^(?:\s*(?:<!--.*?-->|-->|<!--|<\/?[a-z][^>]*>|&[a-z]+;))+\s*$/iu;
const ASCII_LETTER_IGNORING_CASE = /[a-z]/iu;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/u;

export function isHtmlDebris(text: string): boolean {
  const n = text.length;
  const isSpace = (i: number) => WHITESPACE.test(text[i]!);
  const isLetter = (i: number) => i < n && ASCII_LETTER_IGNORING_CASE.test(text[i]!);
  const skipSpace = (i: number) => {
    while (i < n && isSpace(i)) i++;
    return i;
  };
  // Every token starts with '<', '-' or '&': most lines are decided by their first character, with no tables.
  const firstToken = text[skipSpace(0)];
  if (firstToken !== '<' && firstToken !== '-' && firstToken !== '&') return false;
  // nextGt[i]: index of the first '>' at or after i (n when none), for `[^>]*>`.
  const nextGt = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) nextGt[i] = text[i] === '>' ? i : nextGt[i + 1]!;
  // reach[i]: text[0, i) is one or more tokens with whitespace before each. commentFrom[i]: a "<!--" whose comment
  // text would start at i was reached; a "-->" later on the same line closes it.
  const reach = new Uint8Array(n + 1);
  const commentFrom = new Uint8Array(n + 5);
  let commentOpen = false;
  for (let i = 0; i <= n; i++) {
    if (commentFrom[i] === 1) commentOpen = true;
    if (commentOpen && text.startsWith('-->', i)) reach[i + 3] = 1;
    if (i < n && LINE_TERMINATOR.test(text[i]!)) commentOpen = false; // `.` does not cross a line terminator
    if (i > 0 && reach[i] === 0) continue;
    const q = skipSpace(i);
    if (i > 0 && q === n) return true;
    if (text.startsWith('-->', q)) reach[q + 3] = 1;
    if (text.startsWith('<!--', q)) {
      reach[q + 4] = 1;
      commentFrom[q + 4] = 1;
    }
    if (text[q] === '<') {
      const letter = text[q + 1] === '/' ? q + 2 : q + 1;
      if (isLetter(letter) && nextGt[letter + 1]! < n) reach[nextGt[letter + 1]! + 1] = 1;
    }
    if (text[q] === '&' && isLetter(q + 1)) {
      let j = q + 1;
      while (isLetter(j)) j++;
      if (text[j] === ';') reach[j + 1] = 1;
    }
  }
  return false;
}

const BREADCRUMB_START = /^(?:trang chủ|home|homepage|beranda|главная)(?:\s|$|[›»>/|])/iu;
const BREADCRUMB_SEPARATORS = /\s[›»>|/]\s/gu;

const WEEKDAYS_AND_MONTHS = new RegExp(
  WORD_START +
    '(?:' +
    [
      'thứ hai', 'thứ ba', 'thứ tư', 'thứ năm', 'thứ sáu', 'thứ bảy', 'chủ nhật', 'tháng', 'ngày',
      'senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu', 'minggu',
      'januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober',
      'november', 'desember',
      'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
      'may', 'june', 'july', 'august', 'october', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug',
      'sep', 'sept', 'oct', 'nov', 'dec',
      'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье', 'января', 'февраля',
      'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
      'gmt', 'utc', 'wib', 'wita', 'wit', 'ict', 'msk', 'мск', 'am', 'pm', 'updated', 'published', 'cập nhật',
      'diperbarui', 'date',
    ].join('|') +
    ')' +
    WORD_END,
  'giu',
);
const TIME_OR_DATE = /\d{1,2}:\d{2}(?::\d{2})?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/gu;

/** A line made of nothing but dates, times, weekdays, time zones and separators: a dateline or a player clock. */
function isTimestampLine(text: string): boolean {
  if (!TIME_OR_DATE.test(text)) return false;
  TIME_OR_DATE.lastIndex = 0;
  const rest = text
    .replace(TIME_OR_DATE, ' ')
    .replace(WEEKDAYS_AND_MONTHS, ' ')
    .replace(/[+-]\d{1,2}(?::?\d{2})?/gu, ' ')
    .replace(/[\s|,.:/()\-–—]+/gu, '')
    .replace(/\d+/gu, '');
  return rest.length === 0;
}

const FOLLOW_US = /^(?:theo dõi|follow us|ikuti(?: kami)?|subscribe|подписывайтесь|следите за нами)(?![\p{L}\p{N}])/iu;

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp)$/iu;

/** "… Photo: VGP/Nhat Bac." / "… Foto: Sputnik" / "(Ảnh: AP)" / "Фото: ТАСС" at the end of a line. */
const PHOTO_CREDIT_AT_END =
  /(?:^|[\s.(\-–—|])(?:photos?|foto|ảnh|фото|image|picture|credit|nguồn ảnh)\s*[:：]\s*[^.!?:]{1,60}[.)]?\)?$/iu;

const AGENCY_NAMES = [
  'VNA', 'TTXVN', 'VNS', 'VGP', 'AP', 'AFP', 'Reuters', 'Sputnik', 'TASS', 'ТАСС', 'РИА Новости', 'RIA Novosti',
  'Xinhua', 'Getty Images', 'EPA', 'Kremlin.ru', 'Antara', 'Bernama', 'Kyodo', 'Yonhap', 'Bloomberg',
];
const AGENCY_CREDIT = new RegExp(
  String.raw`^[(\[]?(?:(?:photo|foto|ảnh|фото|nguồn|source|sumber|источник)\s*[:：]?\s*)?(?:` +
    AGENCY_NAMES.map((name) => name.replace('.', '\\.')).join('|') +
    String.raw`)(?:\s*[/,&]\s*\S+)?[)\]]?\.?$`,
  'iu',
);
/** A lone all-caps token such as "VNA" or "TTXVN" is a credit, not prose. */
const LONE_ACRONYM = /^\p{Lu}{2,7}$/u;

const MEDIA_PLAYER_LINES = new Set([
  'rewind 10 seconds', 'fast forward 10 seconds', 'skip 10 seconds', 'fullscreen', 'exit fullscreen', 'play', 'pause',
  'mute', 'unmute', 'replay', 'error loading media:', 'error loading media', 'file could not be played',
  'video player is loading.', 'this video is unavailable', 'xem trên', 'xem video', 'watch on youtube',
  'tonton video', 'смотреть видео', 'live', 'loaded: 0%', 'progress: 0%', 'close ads', 'advertisement', 'quảng cáo',
  'iklan', 'реклама',
]);
const MEDIA_TAG = /^\[(?:video|clip|photo|photos|ảnh|infographic|infographics|podcast|emagazine|longform|audio|видео|фото)\]/iu;
/** Slug-like teaser captions ("infographics ngay quoc te …") left by media carousels. */
const MEDIA_SLUG = /^(?:infographics?|video|clip|photo|emagazine|podcast)\s+[a-z0-9 ]+$/u;

const WEATHER_HEADLINE =
  /^(?:thời tiết(?: hôm nay| ngày mai| đêm nay)?|dự báo thời tiết|weather(?: forecast| today| update)?|cuaca(?: hari ini| besok)?|prakiraan cuaca|prediksi cuaca|погода|прогноз погоды)(?![\p{L}\p{N}])/iu;
const WEATHER_TERMS =
  /khí tượng|thủy văn|dự báo|mưa rào|mưa dông|mưa to|mưa lớn|(?<!\p{L})dông(?!\p{L})|nắng nóng|(?<!\p{L})nắng(?!\p{L})|(?<!\p{L})lốc(?!\p{L})|(?<!\p{L})sét(?!\p{L})|gió mùa|nhiệt độ|áp thấp|weather|forecast|showers?|thunderstorms?|rainfall|temperatures?|humidity|cuaca|hujan|prakiraan|suhu|petir|bmkg|погода|осадки|дожд\p{L}*|гроз\p{L}*|температур\p{L}*/giu;

function isWeatherParagraph(text: string): boolean {
  const terms = text.match(WEATHER_TERMS)?.length ?? 0;
  return terms >= MIN_WEATHER_TERMS && terms / Math.max(1, wordCount(text)) >= MIN_WEATHER_DENSITY;
}

const COMMENT_COUNTER =
  /^(?:komentar|comments?|bình luận|ý kiến(?: bạn đọc)?|комментарии|комментариев|комментарий)\s*[(:]?\s*\d*\s*\)?$/iu;

/** "Sumber: https://…", "Nguồn:", "Source: VNA", a bare URL. */
const SOURCE_SIGNOFF = /^(?:sumber|nguồn|source|sources|источник|theo|via)\s*[:：]/iu;
const BARE_URL = /^(?:https?:\/\/|www\.)\S+$/iu;
/** "Minh Thái (tổng hợp)", "Hà Linh (theo TTXVN)", "By Jane Doe", "Penulis: Rizkia", "Автор: …". */
const AUTHOR_SIGNOFF_WITH_NOTE = /^[\p{L}.\s'-]{2,40}\s*\((?:tổng hợp|theo [^)]{1,40}|lược dịch|compiled|ttxvn|vna)\)\.?$/iu;
const AUTHOR_LABEL =
  /^(?:by|oleh|penulis|editor|reporter|wartawan|tác giả|nhóm phóng viên|phóng viên|biên tập|автор|текст|редактор)\s*[:：]?\s+\S/iu;

const SEO_JUNK =
  /optimi[sz]ing for search engines|search engine optimi[sz]ation|(?<!\p{L})SEO(?!\p{L})|captivating (?:title|headline)|meta description|focus keyword/iu;

/** Teaser cards repeat their headline inside one line: "Headline Headline". */
function isDoubledWithinLine(text: string): boolean {
  if (text.length < 10) return false;
  const middle = (text.length - 1) / 2;
  if (!Number.isInteger(middle) || !/\s/u.test(text[middle] ?? '')) return false;
  return text.slice(0, middle) === text.slice(middle + 1);
}

function singleLineReason(text: string): ClutterReason | null {
  const lower = text.toLowerCase();
  if (isHtmlDebris(text)) return 'html-debris';
  if (SEO_JUNK.test(text)) return 'seo-junk';
  if (SEE_ALSO_LINE.test(text)) return 'see-also';
  if (isHeadlineLike(text)) {
    if (BREADCRUMB_START.test(text)) return 'breadcrumb';
    if ((text.match(BREADCRUMB_SEPARATORS)?.length ?? 0) >= 2) return 'breadcrumb';
    if (FOLLOW_US.test(text) && wordCount(text) <= MAX_SHORT_LINE_WORDS) return 'follow-us';
  }
  if (isTimestampLine(text)) return 'timestamp';
  if (IMAGE_FILE.test(text)) return 'image-file';
  if (AGENCY_CREDIT.test(text) || LONE_ACRONYM.test(text)) return 'agency-credit';
  if (PHOTO_CREDIT_AT_END.test(text)) return 'photo-caption';
  if (MEDIA_PLAYER_LINES.has(lower) || MEDIA_TAG.test(text) || MEDIA_SLUG.test(text)) return 'media-player';
  if ((WEATHER_HEADLINE.test(text) && isHeadlineLike(text)) || isWeatherParagraph(text)) return 'weather';
  if (COMMENT_COUNTER.test(text)) return 'comment-counter';
  if (BARE_URL.test(text)) return 'source-signoff';
  if (SOURCE_SIGNOFF.test(text) && wordCount(text) <= MAX_SHORT_LINE_WORDS) return 'source-signoff';
  if (AUTHOR_SIGNOFF_WITH_NOTE.test(text)) return 'author-signoff';
  if (AUTHOR_LABEL.test(text) && wordCount(text) <= 6 && isHeadlineLike(text) && !/\d/u.test(text)) return 'author-signoff';
  if (isDoubledWithinLine(text)) return 'doubled-headline';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Edge trimming of kept lines

/** "date 2025-01-14 HÀ NỘI — …": a scraped metadata label glued before the dateline. */
const LEADING_DATE_LABEL = /^(?:date|ngày|tanggal|дата)\s*[:：]?\s*\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2})?)?\s+/iu;
/** "… Committee. — VNS" / "… (TTXVN)": agency sign-off after the last sentence. */
const TRAILING_AGENCY_SIGNOFF = /(?<=[.!?…"”])\s*(?:[—–-]\s*\p{Lu}{2,7}|\(\p{Lu}{2,7}\))\s*$/u;
/**
 * A sentence end glued to a capital letter ("…komprehensif.Thanhnien.vn", "…bilateral."Kesempatan penting…"):
 * the scraper joined a heading, caption or outlet name onto the paragraph.
 */
const GLUED_BOUNDARY = /(?<=\p{Ll}[.!?…]["”’]?)(?=\p{Lu})/gu;

function trimEdges(line: Line): Line {
  let { start, end } = line;
  let text = line.text;
  const lead = LEADING_DATE_LABEL.exec(text);
  if (lead) {
    start += lead[0].length;
    text = text.slice(lead[0].length);
  }
  const trail = TRAILING_AGENCY_SIGNOFF.exec(text);
  if (trail) {
    end -= trail[0].length;
    text = text.slice(0, trail.index);
  }
  let lastGlued = -1;
  for (const match of text.matchAll(GLUED_BOUNDARY)) lastGlued = match.index;
  if (lastGlued > 0) {
    const fragment = text.slice(lastGlued);
    if (!TERMINAL_PUNCTUATION.test(fragment) && wordCount(fragment) <= MAX_GLUED_FRAGMENT_WORDS) {
      end -= text.length - lastGlued;
      text = text.slice(0, lastGlued);
    }
  }
  return { ...line, text, start, end };
}

// ---------------------------------------------------------------------------------------------------------------

function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  let afterBlank = false;
  for (const raw of body.split('\n')) {
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text.length === 0) {
      afterBlank = true;
    } else {
      lines.push({ text, start: offset + lead, end: offset + lead + text.length, afterBlank });
      afterBlank = false;
    }
    offset += raw.length + 1;
  }
  return lines;
}

const LIST_ITEM = /^(?:[-*•–]\s|\d+[.)]\s)/u;

/**
 * Splits an article body into content blocks, returning what was removed and why (for tests and debugging).
 * Block offsets index into `body`; block text is the body slice with runs of whitespace collapsed to one space.
 */
export function analyseClutter(body: string): ClutterAnalysis {
  const lines = splitLines(body);
  const reasons: (ClutterReason | null)[] = lines.map(() => null);

  // (1) Once a related/most-read/pager heading appears, the rest of the page is teasers.
  const cut = lines.findIndex((line) => END_OF_ARTICLE_HEADINGS.test(line.text) || PAGER_LINE.test(line.text));
  if (cut >= 0) for (let i = cut; i < lines.length; i++) reasons[i] = 'related-section';

  // (1b) A "see also" heading takes the headline links right after it with it.
  lines.forEach((line, i) => {
    if (reasons[i] !== null || !SEE_ALSO_HEADING.test(line.text)) return;
    reasons[i] = 'see-also';
    for (let j = i + 1; j < lines.length && reasons[j] === null && isTeaserLike(lines[j]!.text); j++) reasons[j] = 'see-also';
  });

  // (2) Single-line rules.
  lines.forEach((line, i) => {
    reasons[i] ??= singleLineReason(line.text);
  });

  // (3a) A teaser headline printed twice in a row: both copies go. Full sentences repeated are left to dedupe.
  for (let i = 0; i + 1 < lines.length; i++) {
    const [a, b] = [lines[i]!, lines[i + 1]!];
    if (reasons[i] !== null && reasons[i] !== 'doubled-headline') continue;
    if (isHeadlineLike(a.text) && normaliseForComparison(a.text) === normaliseForComparison(b.text)) {
      reasons[i] = 'doubled-headline';
      reasons[i + 1] = 'doubled-headline';
    }
  }

  // (3b) Two or more adjacent headline-like lines (no blank line between) are a list of links to other articles.
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (
      j < lines.length &&
      reasons[j] === null &&
      isHeadlineLike(lines[j]!.text) &&
      !LIST_ITEM.test(lines[j]!.text) &&
      (j === i || !lines[j]!.afterBlank)
    ) {
      j++;
    }
    if (j - i >= 2) for (let k = i; k < j; k++) reasons[k] = 'link-list';
    i = Math.max(j, i + 1);
  }

  // (4) Trim glued debris, (5) join hard-wrapped continuation lines. A block's text is made once, at the end:
  // re-collapsing the whole block after every joined line was quadratic in the number of lines.
  const spans: { start: number; end: number }[] = [];
  let previousKept: { line: Line; index: number } | null = null;
  lines.forEach((line, i) => {
    if (reasons[i] !== null) return;
    const trimmed = trimEdges(line);
    if (trimmed.text.trim().length === 0) return;
    const last = spans.at(-1);
    const continues =
      last !== undefined &&
      previousKept !== null &&
      previousKept.index === i - 1 &&
      !line.afterBlank &&
      !endsWithTerminalPunctuation(body, last.start, last.end) &&
      /^\p{Ll}/u.test(trimmed.text);
    if (continues) last.end = trimmed.end;
    else spans.push({ start: trimmed.start, end: trimmed.end });
    previousKept = { line, index: i };
  });
  const blocks: TextBlock[] = spans.map(({ start, end }) => ({ text: collapseWhitespace(body.slice(start, end)), start, end }));

  const removed = lines.flatMap((line, i) => {
    const reason = reasons[i];
    return reason ? [{ text: line.text, start: line.start, reason }] : [];
  });
  return { blocks, removed };
}

/** The article's content paragraphs, with offsets into `body`. */
export function extractContentBlocks(body: string): TextBlock[] {
  return analyseClutter(body).blocks;
}
