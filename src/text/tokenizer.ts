import { foldDiacritics, normalizeText } from './normalize.ts';
import { isStopWord } from './stopwords.ts';
import { stemLatin, stemRussian } from './stem.ts';
import { romanizeRussianWord } from './transliterate.ts';
import { MAX_CACHED_WORD_LENGTH, WORD_CACHE_ENTRIES } from '../limits.ts';

/**
 * One word of analysed text.
 * `term` is what the index stores and matches: diacritic-folded, lightly stemmed, Cyrillic transliterated.
 * `key` is what the glossary matches on: the same as `term`, except for Cyrillic where it is the Russian stem
 * (so that "отношений" and "отношения" both meet the glossary's "отношения").
 */
export interface Token {
  term: string;
  key: string;
  stop: boolean;
  cyrillic: boolean;
  /**
   * The accented form as an index term (EXACT_PREFIX + word), when folding changed the word. Folding makes
   * Vietnamese typed without diacritics match, but it also merges different syllables ("dầu" oil, "đầu" head);
   * a question written with diacritics matches on this form first.
   */
  exact: string | null;
}

/** Marks an accent-preserving index term; never produced by the word pattern itself. */
export const EXACT_PREFIX = '=';

/** Separator joining two terms into one bigram term. Never produced by the word pattern itself. */
export const BIGRAM_JOINER = '_';

/**
 * Punctuation that ends a phrase: bigrams never span it. Hyphens and slashes do not (Việt-Nga, 30/1/1950). As the
 * inside of a character class, for code that must find phrase breaks exactly as the tokenizer does.
 */
export const PHRASE_BREAK_CHARS = '.,;:!?()[\\]{}"“”«»„\\n\\r…|';
/** One word: a run of letters, marks and digits. Exported for code that must cut words exactly as the index does. */
export const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const DIGITS = /^\p{N}+$/u;
const ORDINAL_IN_DIGITS = /^[0-9]+(?:st|nd|rd|th)$/;

/**
 * Analysed words, by their raw form. Stemming dominated both the index build and the first analysis of a passage
 * (Snowball's English stemmer was 48% of a 10k-passage profile, see docs/PERFORMANCE.md), and a corpus repeats the
 * same few tens of thousands of words. Tokens are frozen because one object is shared by every occurrence. Bounded:
 * when full it starts over, so text full of distinct words (an attack, a huge article) cannot grow it without end.
 */
const analyzedWords = new Map<string, Token | null>();

/**
 * Serial numbers of cached tokens (a hidden, non-enumerable property: tokens compare and print as before). The index
 * build maps each of a text's tokens to its term ids; a cached token is the same object at every occurrence, so
 * the build looks its ids up by serial in an array instead of hashing its strings at every occurrence
 * (`src/index/token-ids.ts`). A new object after the cache starts over gets a new serial.
 */
const SERIAL = 'serial';
let serials = 0;

/** A cached token's serial number, or -1 for a token made elsewhere or not cached (a word too long to cache). */
export function tokenSerial(token: Token): number {
  return (token as Token & { [SERIAL]?: number })[SERIAL] ?? -1;
}

function analyzeWord(raw: string): Token | null {
  if (raw.length > MAX_CACHED_WORD_LENGTH) return analyzeWordUncached(raw);
  let token = analyzedWords.get(raw);
  if (token === undefined) {
    token = analyzeWordUncached(raw);
    if (token !== null) Object.freeze(Object.defineProperty(token, SERIAL, { value: serials++, enumerable: false }));
    if (analyzedWords.size >= WORD_CACHE_ENTRIES) analyzedWords.clear();
    analyzedWords.set(raw, token);
  }
  return token;
}

function analyzeWordUncached(raw: string): Token | null {
  if (CYRILLIC.test(raw)) {
    const stop = isStopWord(raw);
    const stem = stemRussian(raw);
    const term = romanizeRussianWord(raw, stem);
    return { term, key: stem, stop, cyrillic: true, exact: null };
  }
  const stop = isStopWord(raw);
  const folded = foldDiacritics(raw);
  // Single letters are noise (the s of Putin's), except accented Vietnamese one-letter syllables (ý, ở).
  if (folded.length < 2 && !DIGITS.test(folded) && folded === raw) return null;
  // An English ordinal written in digits ("24th session") is its number: Vietnamese and Indonesian write the same
  // ordinal as a word and the number ("thứ 24", "ke-24"), and so do English passages at times.
  if (DIGITS.test(folded) || ORDINAL_IN_DIGITS.test(folded)) {
    const number = String(Number.parseInt(folded, 10));
    return { term: number, key: number, stop, cyrillic: false, exact: null };
  }
  const term = stemLatin(folded);
  const accented = folded === raw ? null : stemLatin(raw);
  return { term, key: term, stop, cyrillic: false, exact: accented === null || accented === term ? null : `${EXACT_PREFIX}${accented}` };
}

/**
 * An ordinal that opens a sentence and is followed by a comma ("Thứ ba, chuyến thăm…", "Secondly, …", "Kedua, …",
 * "Во-вторых, …") numbers the writer's points, not an event: left as a word, it would answer "the third visit" with
 * an article's third argument. Such a marker is dropped before the words are analysed; an ordinal anywhere else stays.
 */
const LIST_MARKER =
  /(^|[.!?;:\n]\s*)(?:thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?|pertama|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh|во-первых|во-вторых|в-третьих|в-четв[её]ртых|в-пятых)(?=\s*,)/gu;

/** Splits text into phrases (no bigram crosses a phrase break) of analysed words. Never throws. */
export function analyze(text: string): Token[][] {
  return analyzeForm(analysisForm(text));
}

/**
 * The text as the tokenizer reads it before cutting it into phrases and words: `analyze(text)` is
 * `analyzeForm(analysisForm(text))`. Exported for a caller that compares the forms of pieces of a text with the
 * form of the whole (the sentence store), so that it reads exactly what the tokenizer reads.
 */
export function analysisForm(text: string): string {
  return normalizeText(typeof text === 'string' ? text : String(text)).replace(LIST_MARKER, '$1');
}

/**
 * The phrases of a text's analysisForm: the text cut at runs of PHRASE_BREAK_CHARS, each piece's WORD matches
 * analysed, empty phrases dropped. One scan over the characters with a per-character class table instead of
 * `split` and `matchAll`, which were a tenth of the index build (docs/PERFORMANCE.md); the same phrases
 * (`tests/text/tokenizer-scan.test.ts` compares them with the regular expressions).
 */
export function analyzeForm(form: string): Token[][] {
  const phrases: Token[][] = [];
  let tokens: Token[] = [];
  let wordStart = -1;
  const n = form.length;
  for (let i = 0; i <= n; i++) {
    let kind = CHAR_BREAK;
    let width = 1;
    if (i < n) {
      const code = form.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < n && isLowSurrogate(form.charCodeAt(i + 1))) {
        // Outside the Basic Multilingual Plane (rare): a letter or digit there is a word character too.
        width = 2;
        kind = ONE_WORD_CHAR.test(form.slice(i, i + 2)) ? CHAR_WORD : CHAR_OTHER;
      } else kind = charClass(code);
    }
    if (kind === CHAR_WORD) {
      if (wordStart < 0) wordStart = i;
    } else {
      if (wordStart >= 0) {
        const token = analyzeWord(form.slice(wordStart, i));
        if (token !== null && token.term.length > 0) tokens.push(token);
        wordStart = -1;
      }
      if (kind === CHAR_BREAK && tokens.length > 0) {
        phrases.push(tokens);
        tokens = [];
      }
    }
    i += width - 1;
  }
  return phrases;
}

const CHAR_WORD = 1;
const CHAR_BREAK = 2;
const CHAR_OTHER = 3;
const ONE_WORD_CHAR = new RegExp(`^${WORD.source.replace(/\+$/u, '')}$`, 'u');
const ONE_BREAK_CHAR = new RegExp(`^[${PHRASE_BREAK_CHARS}]$`, 'u');
/** Per UTF-16 code unit: 0 until first met, then its class (a lone surrogate is neither word nor break). */
const charClasses = new Uint8Array(0x10000);

function charClass(code: number): number {
  let kind = charClasses[code]!;
  if (kind === 0) {
    const char = String.fromCharCode(code);
    kind = ONE_BREAK_CHAR.test(char) ? CHAR_BREAK : ONE_WORD_CHAR.test(char) ? CHAR_WORD : CHAR_OTHER;
    charClasses[code] = kind;
  }
  return kind;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Content words only (stop words dropped), in order. */
export function contentTerms(text: string): string[] {
  return analyze(text)
    .flat()
    .filter((t) => !t.stop)
    .map((t) => t.term);
}

/** Whether two adjacent words make a bigram: at least one of them carries content. */
function pairs(a: Token, b: Token): boolean {
  return !(a.stop && b.stop);
}

/**
 * Adjacent-word bigrams within phrases where at least one word carries content. Vietnamese words are
 * space-separated syllables, so "quan hệ ngoại giao" only matches as a phrase through bigrams (quan_he, ngoai_giao).
 */
export function bigrams(tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (pairs(a, b)) out.push(`${a.term}${BIGRAM_JOINER}${b.term}`);
  }
  return out;
}

/** Receives the index terms of analysed phrases as the tokens they come from (see visitIndexTerms). */
export interface IndexTermVisitor {
  /** A content word: its `term`, then (when it has one) its accent-preserving `exact` form. */
  word(token: Token): void;
  /** A bigram: `${a.term}${BIGRAM_JOINER}${b.term}`. */
  pair(a: Token, b: Token): void;
}

/**
 * The index terms of analysed phrases, in indexTerms' order, as tokens rather than strings: a caller that maps
 * terms to ids (the sentence store) then builds a bigram's string only the first time it meets the pair.
 */
export function visitIndexTerms(phrases: readonly Token[][], visitor: IndexTermVisitor): void {
  for (const phrase of phrases) {
    for (const token of phrase) if (!token.stop) visitor.word(token);
    for (let i = 0; i + 1 < phrase.length; i++) if (pairs(phrase[i]!, phrase[i + 1]!)) visitor.pair(phrase[i]!, phrase[i + 1]!);
  }
}

/** Everything the index stores for a text: content unigrams plus bigrams. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  visitIndexTerms(analyze(text), {
    word(token) {
      out.push(token.term);
      if (token.exact !== null) out.push(token.exact);
    },
    pair(a, b) {
      out.push(`${a.term}${BIGRAM_JOINER}${b.term}`);
    },
  });
  return out;
}
