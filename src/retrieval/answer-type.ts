/**
 * What kind of thing a question asks for, and whether a sentence states one. Pure, unit-tested.
 *
 * Serves the class "right passage, wrong sentence" and "generic sentences win": a question that asks "when" is
 * answered by the sentence that holds a date next to the question's topic words, not by the sentence that repeats
 * the most topic words. Question words are stop words for retrieval, so the wish is read from the raw question.
 */
import { foldDiacritics } from '../text/normalize.ts';

export type AnswerType = 'date' | 'number';

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
  ['number', /\b(how many|how much|what number|what percentage|what share|what amount)\b/u],
  ['number', /\b(berapa|jumlah)\b/u],
  ['number', /\b(bao nhieu|may (lan|nguoi|van|hoc bong|ty|trieu)|lan thu may|thu may|so luong)\b/u],
  ['number', /(сколько|какое количество|какой объ[её]м|какую сумму|который по счёту|который по счету|какой по счёту|какой по счету)/u],
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
/** A number that is not only a year: a count, an amount, an ordinal ("ke-5", "fifth", "lần thứ năm"). */
const NUMBER =
  /((?<!\d)\d+([.,]\d+)?(?!\d)|\b(two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|first|second|third|fourth|fifth|dua|tiga|empat|lima|ribu|juta|miliar|pertama|kedua|ketiga|keempat|kelima|nghin|ngan|trieu|ty|thu nhat|thu hai|thu ba|thu tu|thu nam)\b|%)/u;

/**
 * How well a sentence states the asked-for type, 0–1. For dates, a day or month with its year states a date; a
 * year alone, less (a span "(1994-2024)" or "in 2025" rarely answers "on what date"). Vietnamese number words
 * that fold onto common syllables ("năm" five/year, "ba" three/Mrs, "hai") are left out: they would match everywhere.
 */
export function answerTypeStrength(sentence: string, type: AnswerType): number {
  const text = foldDiacritics(sentence.normalize('NFC').toLowerCase());
  if (type === 'date') {
    const year = YEAR.test(text);
    const dayOrMonth = MONTH_WORDS.test(text) || NUMERIC_DAY_MONTH.test(text);
    if (dayOrMonth && year) return 1;
    return dayOrMonth || year ? 0.5 : 0;
  }
  return NUMBER.test(text.replace(EVERY_YEAR, ' ')) ? 1 : 0;
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
