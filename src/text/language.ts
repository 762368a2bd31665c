import type { Lang } from '../domain.ts';
import { hasCyrillic, hasVietnameseLetters, normalizeText } from './normalize.ts';
import { STOP_WORDS_BY_LANG } from './stopwords.ts';

/** Vietnamese function words that survive typing without diacritics ("khi nao", "cua"). */
/** A word with Vietnamese letters may be a name inside another language, so it counts less than a function word. */
const VIETNAMESE_LETTER_WEIGHT = 0.5;

const VIETNAMESE_ASCII_HINTS = new Set(['cua', 'nhung', 'duoc', 'khong', 'nao', 'gi', 'bao', 'gio', 'voi', 'nhu', 'nay', 'ngay']);

/**
 * Guesses the language of a question: Russian by script; otherwise each of vi/id/en scores one point per function
 * word, and Vietnamese also per word written with Vietnamese letters. Counting words rather than testing for any
 * Vietnamese letter keeps "Why did Phạm Minh Chính visit Moscow?" English. Defaults to English.
 */
export function detectLanguage(text: string): Lang {
  const lower = normalizeText(text);
  if (hasCyrillic(lower)) return 'ru';
  const words = lower.match(/\p{L}+/gu) ?? [];
  let en = 0;
  let id = 0;
  let vi = 0;
  for (const w of words) {
    if (STOP_WORDS_BY_LANG.en.has(w)) en++;
    if (STOP_WORDS_BY_LANG.id.has(w)) id++;
    if (STOP_WORDS_BY_LANG.vi.has(w) || VIETNAMESE_ASCII_HINTS.has(w)) vi++;
    else if (hasVietnameseLetters(w)) vi += VIETNAMESE_LETTER_WEIGHT;
  }
  if (vi > en && vi > id) return 'vi';
  return id > en ? 'id' : 'en';
}
