import type { Lang } from '../domain.ts';
import { hasCyrillic, hasVietnameseLetters, normalizeText } from './normalize.ts';
import { STOP_WORDS_BY_LANG } from './stopwords.ts';
import { isEnglishWord } from './english-words.ts';
import { isVietnameseSyllable } from './vietnamese-syllable.ts';

/** Vietnamese function words that survive typing without diacritics ("khi nao", "cua"). */
/** A word with Vietnamese letters may be a name inside another language, so it counts less than a function word. */
const VIETNAMESE_LETTER_WEIGHT = 0.5;

/**
 * Vietnamese typed without diacritics has few function words left to count ("Nga ung ho Viet Nam tham gia BRICS"),
 * but nearly every word is still shaped like a Vietnamese syllable (see vietnamese-syllable.ts), which English and
 * Indonesian words mostly are not. On the tuning sets' questions, stripped of diacritics: Vietnamese ones have
 * 67–100% such words (90% of them ≥ 89%), English and Indonesian ones 0–58%.
 */
const VIETNAMESE_SYLLABLE_SHARE = 0.7;
/** One or two words ("Putin Da Nang") say too little about their language. */
const MIN_WORDS_FOR_SYLLABLE_SHAPE = 3;

const VIETNAMESE_ASCII_HINTS = new Set(['cua', 'nhung', 'duoc', 'khong', 'nao', 'gi', 'bao', 'gio', 'voi', 'nhu', 'nay', 'ngay']);

/**
 * Guesses the language of a question: Russian by script; otherwise each of vi/id/en scores one point per function
 * word, and Vietnamese also per word written with Vietnamese letters. Counting words rather than testing for any
 * Vietnamese letter keeps "Why did Phạm Minh Chính visit Moscow?" English. Defaults to English.
 */
export function detectLanguage(text: string, lexicon: Lexicon = NO_LEXICON): Lang {
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
  if (words.length >= MIN_WORDS_FOR_SYLLABLE_SHAPE && words.filter(isVietnameseSyllable).length >= VIETNAMESE_SYLLABLE_SHARE * words.length) return 'vi';
  const votes = contentWordVotes(text, lexicon);
  en += votes.en;
  id += votes.id;
  if (en === 0 && id === 0 && words.some(isIndonesianDerivation)) return 'id';
  return id > en ? 'id' : 'en';
}

/**
 * A keyword question has no function word to count ("Kunjungan kedua Putin", "Penerbangan langsung Moskow-Hanoi"),
 * but Indonesian derives words with a few affixes (ber-, ter-, di-, me(N)-, pe(N)-, per-, ke-, se-; -kan, -nya).
 * A word so shaped that is not an English word is taken as Indonesian, and only when no function word of any
 * language is there to decide. The suffix -an is left out: English names of peoples end so ("russian", and the
 * English word list holds no proper names). On the tuning sets' keyword questions: 3 of 9 Indonesian ones found,
 * none of the 17 English or 18 Vietnamese ones taken for Indonesian.
 */
const INDONESIAN_DERIVATION = /^(?:(?:mem|men|meng|meny|me|ber|ter|di|pem|pen|peng|per|pe|ke|se)[a-z]{3,}|[a-z]{4,}(?:kan|nya))$/;

function isIndonesianDerivation(word: string): boolean {
  return INDONESIAN_DERIVATION.test(word) && !isEnglishWord(word) && !isVietnameseSyllable(word);
}

/** Languages that write a word (the glossary's, see glossaryWordLanguages): more than one for a name. */
export type Lexicon = ReadonlyMap<string, readonly Lang[]>;
const NO_LEXICON: Lexicon = new Map();

/**
 * Content words count too, once function words have not decided (keyword questions: "Tran Thanh Man kunjungan resmi
 * Rusia bulan", "Konsorsium universitas teknik?"). A lower-case word of 3–24 letters votes for English or
 * Indonesian: the one language the lexicon writes it in, if it writes it in one; else English if it is an English
 * word, Indonesian if it is built of Indonesian syllables (the bot's languages in Latin script are only these three,
 * and Vietnamese is left to the rules above). Names do not vote, as every language shares them: capitalised words,
 * and words the lexicon writes in several languages ("putin vietnam visit" stays English). Each vote weighs as a
 * function word does. On the tuning sets: Indonesian questions detected 70/78 → 77/78, English and Vietnamese
 * unchanged (107/107, 94/94).
 */
function contentWordVotes(text: string, lexicon: Lexicon): { en: number; id: number } {
  const words = text.normalize('NFC').match(/\p{L}+/gu) ?? [];
  let en = 0;
  let id = 0;
  for (const word of words) {
    if (word.length < 3 || word.length > LONGEST_VOTING_WORD || word[0] !== word[0]!.toLowerCase()) continue;
    const lower = word.toLowerCase();
    if (STOP_WORDS_BY_LANG.en.has(lower) || STOP_WORDS_BY_LANG.id.has(lower) || STOP_WORDS_BY_LANG.vi.has(lower)) continue;
    const known = lexicon.get(lower);
    if (known !== undefined) {
      if (known.length === 1 && known[0] === 'en') en++;
      if (known.length === 1 && known[0] === 'id') id++;
    } else if (isEnglishWord(lower)) en++;
    else if (isIndonesianShaped(lower) && !isVietnameseSyllable(lower)) id++;
  }
  return { en, id };
}

/** Longer than any word of the three ("mempertanggungjawabkan" has 22 letters): a run of letters is no vote. */
const LONGEST_VOTING_WORD = 24;

/**
 * Built of Indonesian syllables ("kun-jung-an", "kon-sor-si-um", "mem-per-tang-gung-ja-wab-kan"): letters a–z, at
 * most three consonants before the first vowel and four between two vowels (a closing consonant or "ng" and the next
 * opening), and one consonant or "ng" at the end, so that "zzqx" and "blorft" are no vote. A scan of runs, not a
 * regular expression: syllables nested in a pattern backtrack exponentially on long vowel runs.
 */
function isIndonesianShaped(word: string): boolean {
  const runs = word.match(/[aeiou]+|[b-df-hj-np-tv-z]+|[^a-z]/g) ?? [];
  if (!runs.some((run) => /^[aeiou]/.test(run))) return false;
  return runs.every((run, i) => {
    if (!/^[a-z]/.test(run)) return false;
    if (/^[aeiou]/.test(run)) return run.length <= 3;
    if (i === 0) return run.length <= 3;
    if (i === runs.length - 1) return run.length === 1 || run === 'ng';
    return run.length <= 4;
  });
}
