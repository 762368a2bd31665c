/**
 * What kind of thing a question asks for, and whether a sentence states one. Pure, unit-tested.
 *
 * Serves the class "right passage, wrong sentence" and "generic sentences win": a question that asks "when" is
 * answered by the sentence that holds a date next to the question's topic words, not by the sentence that repeats
 * the most topic words. Question words are stop words for retrieval, so the wish is read from the raw question.
 */
import { foldDiacritics } from '../text/normalize.ts';
import { MAX_CACHED_WORD_LENGTH, WORD_CACHE_ENTRIES } from '../limits.ts';
import { analyze } from '../text/tokenizer.ts';
import { entityMentions, entityStrength, type KindedMention } from './entities.ts';

/** `amount`: a number with a unit or a currency (a value, a turnover, a share); `number`: any count or ordinal. */
export type AnswerType = 'date' | 'amount' | 'number' | 'person' | 'place' | 'organisation';

/**
 * Question patterns per type, in English, Indonesian, Vietnamese (matched on the diacritic-folded text, so that
 * "khi nao" typed without tone marks counts too) and Russian. Checked in order: "tahun berapa" asks for a date
 * before "berapa" asks for a number.
 */
const QUESTION_PATTERNS: readonly (readonly [AnswerType, RegExp])[] = [
  ['date', /\b(when|since when|what (year|date|month|day)|which (year|date|month|day)|in what year|on what date)\b/u],
  ['date', /\b(kapan|sejak kapan|(tahun|tanggal|bulan|hari) (berapa|apa))\b/u],
  ['date', /\b(khi nao|bao gio|luc nao|nam nao|ngay nao|thang nao|thoi diem nao|thoi gian nao|nam bao nhieu|ngay bao nhieu)\b/u],
  ['date', /(когда|в каком году|какого числа|в каком месяце|с какого года|в какой день|какой даты|какая дата)/u],
  // A value of money or a share before any count: "bao nhiêu tỷ USD" is not answered by "the 24th session".
  ['amount', /\b(how much (money|is|was|were|are|did|does|do|has|have|will)|what (is|was) the (value|amount|worth|cost|price|volume|turnover)|what (value|amount|sum|percentage|share)|how much)\b/u],
  ['amount', /\b(berapa (nilai|nilainya|jumlah uang|harga|miliar|juta|triliun|dolar|persen|rupiah|investasi|besar)|nilai\b.*\bberapa)\b/u],
  ['amount', /\b(bao nhieu (tien|ty|trieu|usd|do la|dong|phan tram)|(kim ngach|gia tri|tri gia|von dau tu|gia)\b.*\bbao nhieu|tri gia bao nhieu)\b/u],
  ['amount', /(как(ой|ов|ова|им) (был |была |было )?(объ[её]м|стоимость|сумм)|на какую сумму|какую сумму|сколько (денег|стоит|стоил|стоила|долларов|рублей|процентов))/u],
  ['number', /\b(how many|what number|what percentage|what share|what amount)\b/u],
  ['number', /\b(berapa|jumlah)\b/u],
  ['number', /\b(bao nhieu|may (lan|nguoi|van|hoc bong|ty|trieu)|lan thu may|thu may|so luong)\b/u],
  ['number', /(сколько|какое количество|который по счёту|который по счету|какой по счёту|какой по счету)/u],
  // Organisations before places and persons: "which news agency" is not "where", "which company" is not "who".
  ['organisation', /\b(which|what) (news )?(company|companies|organi[sz]ations?|agency|agencies|universit(y|ies)|banks?|firms?|ministr(y|ies)|bod(y|ies)|institutions?|corporations?|groups?)\b/u],
  ['organisation', /\b(perusahaan|lembaga|badan|kantor berita|universitas|organisasi|kementerian) (apa|mana)\b/u],
  ['organisation', /\b(cong ty|tap doan|co quan|to chuc|hang|doanh nghiep|bao|truong|thong tan xa) nao\b/u],
  ['organisation', /(как(ая|ие|ой|ую) (компани|организаци|агентств|ведомств|университет|банк|корпораци|фирм))/u],
  ['place', /\b(where|which (city|province|country|place|region|venue|building)|what (city|province|place|venue|building)|in which city)\b/u],
  ['place', /\b(di ?mana|ke ?mana|(kota|provinsi|negara|tempat|gedung|lokasi) (apa|mana)|lokasi)\b/u],
  ['place', /\b(o dau|tai dau|den dau|noi nao|tinh nao|thanh pho nao|dia diem|dia phuong nao|nuoc nao|toa nha nao)\b/u],
  ['place', /(где|куда|откуда|в каком город|как(ой|ом) город|в какой (стран|провинци)|в каком месте)/u],
  ['person', /\b(who|whom|whose|what is the name|what's the name|name of the)\b/u],
  ['person', /\b(siapa|nama lengkap|nama)\b/u],
  ['person', /\b(ai|ten la gi|ten gi|ten day du|nguoi nao|vi nao|ong nao|ba nao)\b/u],
  ['person', /(кто|кого|кому|кем|чей|чья|чьё|как зовут|как звали|фамили|имя)/u],
];

export function askedAnswerType(question: string): AnswerType | null {
  const text = foldDiacritics(question.normalize('NFC').toLowerCase());
  for (const [type, pattern] of QUESTION_PATTERNS) if (pattern.test(text)) return type;
  return null;
}

/** `\b` is ASCII-only in JavaScript, so letter boundaries are spelt out for the Cyrillic month names. */
const MONTH_WORDS =
  /(?<!\p{L})(january|february|march|april|may|june|july|august|september|october|november|december|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|thang \d{1,2}|январ\S*|феврал\S*|март\S*|апрел\S*|ма[йя]|июн\S*|июл\S*|август\S*|сентябр\S*|октябр\S*|ноябр\S*|декабр\S*)(?!\p{L})/u;
const YEAR = /(?<!\d)(19|20)\d\d(?!\d)/u;
const EVERY_YEAR = new RegExp(YEAR.source, 'gu');
const NUMERIC_DAY_MONTH = /(?<!\d)\d{1,2}\/\d{1,2}(?!\d)/u;
/**
 * A number that is not only a year: a count, an amount, an ordinal ("ke-5", "fifth", "lần thứ năm"). "two", "dua"
 * and "kedua" are left out: "the two countries", "kedua negara" (both countries) fill every article about two states.
 */
const NUMBER =
  /((?<!\d)\d+([.,]\d+)?(?!\d)|\b(three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|first|second|third|fourth|fifth|tiga|empat|lima|ribu|juta|miliar|pertama|ketiga|keempat|kelima|nghin|ngan|trieu|ty|thu nhat|thu hai|thu ba|thu tu|thu nam)\b|%)/u;

/** Terms the question already holds (index terms): an answer must bring something else. */
export type GivenTerms = ReadonlySet<string>;
const NOTHING_GIVEN: GivenTerms = new Set();

/**
 * The terms of a matched date or number, by its text: the same few thousand ("2024", "tháng 11", "%") recur in
 * every article, and the sentence store finds them for every sentence of the corpus. Bounded like the tokenizer's
 * word cache. Callers get a copy: the cached list is shared.
 */
const partTerms = new Map<string, readonly string[]>();

function termsOf(text: string): string[] {
  let terms = partTerms.get(text);
  if (terms === undefined) {
    terms = analyze(text)
      .flat()
      .map((t) => t.term);
    if (text.length > MAX_CACHED_WORD_LENGTH) return [...terms];
    if (partTerms.size >= WORD_CACHE_ENTRIES) partTerms.clear();
    partTerms.set(text, terms);
  }
  return [...terms];
}

/** A part with no term (a lone "%") is never given: it can only be new. */
function isGiven(terms: readonly string[], given: GivenTerms): boolean {
  if (given.size === 0 || terms.length === 0) return false;
  for (const t of terms) if (!given.has(t)) return false;
  return true;
}

function globalOf(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
}
const EVERY_MONTH_WORD = globalOf(MONTH_WORDS);
const EVERY_DAY_MONTH = globalOf(NUMERIC_DAY_MONTH);
const EVERY_NUMBER = globalOf(NUMBER);

/**
 * The dates and numbers a sentence states, each as the index terms of its words: what answerTypeStrength compares
 * with a question. They do not depend on the question, so callers keep them per sentence.
 */
export interface TypedParts {
  years: string[][];
  /** Month names and numeric day/month forms ("30/1"). */
  daysOrMonths: string[][];
  /** Counts, amounts and ordinals that are not years. */
  numbers: string[][];
}

export function typedParts(sentence: string): TypedParts {
  const text = foldDiacritics(sentence.normalize('NFC').toLowerCase());
  return {
    years: [...text.matchAll(EVERY_YEAR)].map((m) => termsOf(m[0])),
    daysOrMonths: [...text.matchAll(EVERY_MONTH_WORD), ...text.matchAll(EVERY_DAY_MONTH)].map((m) => termsOf(m[0])),
    numbers: [...text.replace(EVERY_YEAR, ' ').matchAll(EVERY_NUMBER)].map((m) => termsOf(m[0])),
  };
}

/**
 * A number with a unit of value or measure next to it: a currency, a magnitude word, a percentage or a weight
 * ("10 miliar USD", "tỷ USD", "$2 billion", "15%", "2,5 млрд долларов"). Matched on the folded text. Asked only for
 * the rare question that wants an amount, so it is not kept per sentence.
 */
const UNIT =
  '(%|\\$|usd|us\\$|dollars?|do la|dong|vnd|rupiah|rp|rubles?|roubles?|euros?|eur|billion|million|trillion|thousand|ty|trieu|nghin ty|ngan ty|miliar|milyar|juta|triliun|ribu|persen|percent|per cent|phan tram|tons?|tonnes?|tan|млрд|млн|трлн|тыс|руб\\S*|долл\\S*|процент\\S*|тонн\\S*)';
const AMOUNT = new RegExp(`(?<![\\p{L}\\d])(?:(\\d+(?:[.,]\\d+)*)\\s*${UNIT}(?![\\p{L}])|(?:\\$|usd|rp|€)\\s*(\\d+(?:[.,]\\d+)*))`, 'gu');

/** The amounts a sentence states, each as the index terms of its number. */
export function amountParts(sentence: string): string[][] {
  const text = foldDiacritics(sentence.normalize('NFC').toLowerCase());
  return [...text.matchAll(AMOUNT)].map((m) => termsOf((m[1] ?? m[3])!));
}

/**
 * How well a sentence states the asked-for type, 0–1, counting only what the question does not already give
 * (`given`, the question's index terms): "on what day in November 2013…" is not answered by "in November 2013".
 * For dates, a day or month with its year states a date; a year alone, less (a span "(1994-2024)" or "in 2025"
 * rarely answers "on what date"). Vietnamese number words that fold onto common syllables ("năm" five/year, "ba"
 * three/Mrs, "hai") are left out: they would match everywhere. Persons, places and organisations are names of
 * that kind (see entities.ts). `parts` and `mentions` may be passed when the caller keeps them per sentence.
 */
export function answerTypeStrength(
  sentence: string,
  type: AnswerType,
  given: GivenTerms = NOTHING_GIVEN,
  known: { parts?: TypedParts; mentions?: readonly KindedMention[] } = {},
): number {
  if (type === 'person' || type === 'place' || type === 'organisation') {
    return entityStrength(known.mentions ?? entityMentions(sentence), type, given);
  }
  if (type === 'amount') return amountParts(sentence).some((a) => !isGiven(a, given)) ? 1 : 0;
  const parts = known.parts ?? typedParts(sentence);
  if (type === 'date') {
    const year = parts.years.length > 0;
    const dayOrMonth = parts.daysOrMonths.length > 0;
    if (!year && !dayOrMonth) return 0;
    // Nothing the question did not already say: no new date.
    if (parts.years.every((p) => isGiven(p, given)) && parts.daysOrMonths.every((p) => isGiven(p, given))) return 0;
    if (dayOrMonth && year) return 1;
    return 0.5;
  }
  return parts.numbers.some((n) => !isGiven(n, given)) ? 1 : 0;
}

/**
 * Share of a sentence's score that depends on holding the asked-for type: a sentence with the topic words but
 * without the type keeps 1 − TYPE_SHARE of its score. Serves every question that asks "when" or "how many".
 */
export const TYPE_SHARE = 0.5;

/**
 * A sentence's coverage of the question, discounted when it lacks what the question asks for. `strength` is the
 * sentence's answerTypeStrength for the type (a function, so that callers can compute it once per sentence).
 */
export function typedSentenceScore(coverage: number, type: AnswerType | null, strength: (type: AnswerType) => number): number {
  if (type === null || coverage === 0) return coverage;
  return coverage * (1 - TYPE_SHARE * (1 - strength(type)));
}
