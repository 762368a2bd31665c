/**
 * Questions typed with a slip ("Misustin", "ambasador", "Vitenam", "Росии") name things the corpus holds under
 * another spelling. Serves the class "typed as users type": a word that neither the index nor the glossary knows,
 * long enough that one edit rarely turns one real word into another, is replaced by the known word one edit away.
 * Pure, given the look-ups.
 *
 * The edit is made on the word as typed (diacritics folded), and each candidate is stemmed as the index stems
 * words: the index holds stems, and a slip changes how the stemmer cuts a word ("tropcal" stays whole while
 * "tropical" becomes "tropic"), so comparing stems would miss it. An edit is one letter dropped, added or replaced,
 * or two neighbours swapped (the commonest slip of all, which plain Levenshtein counts as two). Russian words are
 * corrected towards the glossary, the only Russian vocabulary there is.
 */
import { MAX_CACHED_WORD_LENGTH, SPELLING_CACHE_ENTRIES } from '../limits.ts';
import { isEnglishWord } from '../text/english-words.ts';
import { foldDiacritics, hasCyrillic } from '../text/normalize.ts';
import { stemLatin, stemRussian } from '../text/stem.ts';
import { isStopWord } from '../text/stopwords.ts';
import { analyze, WORD, type Token } from '../text/tokenizer.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { namedTerms, RUSSIAN_STEM_START } from './query.ts';

/** Latin-script words shorter than this are never corrected: one edit turns short words into other real words. */
export const MIN_CORRECTED_LENGTH = 5;
/**
 * Longer "words" are never corrected: no word of the four languages is this long, and each letter adds some sixty
 * candidates (a 500-letter run would cost 130 ms a question).
 */
export const MAX_CORRECTED_LENGTH = 40;
/** Russian words are longer for the same information, and their endings vary: the bar is higher. */
export const MIN_CORRECTED_CYRILLIC_LENGTH = 6;
/** A correction's stem has at least this many letters (and at most one fewer than the typed word's stem). */
export const MIN_CORRECTION_STEM = 5;
/** At most one edit (insertion, deletion, substitution or swap of two neighbours). */
export const MAX_CORRECTION_EDITS = 1;

const LATIN_LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// Without ъ: a hard sign is almost never slipped in, and inserted anywhere it only makes odd stems.
const CYRILLIC_LETTERS = 'абвгдеёжзийклмнопрстуфхцчшщыьэюя';

export interface SpellingLookup {
  /** The index or the glossary knows the typed word's analysis (stem, or for Russian a glossary match). */
  knows(token: Token): boolean;
  /** The index or the glossary holds this Latin-script stem. */
  knowsTerm(term: string): boolean;
  /** A glossary word has this Russian stem (a correction is held to the very stem, not a prefix of it). */
  knowsRussianStem(stem: string): boolean;
  /** Some glossary Russian stem starts with these RUSSIAN_STEM_START letters (never more than MIN_CORRECTION_STEM). */
  knowsRussianStemStart(start: string): boolean;
  /** How many passages hold the stem: the commoner of two corrections wins. */
  frequency(term: string): number;
  /**
   * Corrections already made against the same index and glossary, by word (null: none): users repeat words, and a
   * word costs a few hundred candidates. Kept by the lookup's owner, who knows when the index changes.
   */
  remembered?: Map<string, string | null>;
}

/** The question with unknown long words replaced by their closest known spelling; unchanged when none is close. */
export function correctSpelling(question: string, lookup: SpellingLookup): string {
  // The question's names are found only if some word is unknown: most questions have none.
  let names: ReadonlySet<string> | undefined;
  return question.replace(WORD, (word) => {
    if (/\p{N}/u.test(word)) return word;
    const token = analyze(word)[0]?.[0];
    if (token === undefined || token.stop || lookup.knows(token)) return word;
    names ??= namedTerms(question);
    const name = names.has(token.term);
    const key = `${name ? 'N' : 'w'}${word}`;
    let corrected = lookup.remembered?.get(key);
    if (corrected === undefined) {
      corrected = correctionOf(word, token.term, name, lookup) ?? null;
      if (lookup.remembered !== undefined && word.length <= MAX_CACHED_WORD_LENGTH) {
        if (lookup.remembered.size >= SPELLING_CACHE_ENTRIES) lookup.remembered.clear();
        lookup.remembered.set(key, corrected);
      }
    }
    if (corrected === null) return word;
    // A capital marks a name (see namedTerms): keep it.
    return /^\p{Lu}/u.test(word) ? corrected.charAt(0).toUpperCase() + corrected.slice(1) : corrected;
  });
}

/** The known spelling of an unknown word, in lower case, or undefined when none is one edit away. */
function correctionOf(word: string, typedStem: string, name: boolean, lookup: SpellingLookup): string | undefined {
  const cyrillic = hasCyrillic(word);
  const lower = cyrillic ? word.toLowerCase() : foldDiacritics(word.toLowerCase());
  const length = [...lower].length;
  if (length < (cyrillic ? MIN_CORRECTED_CYRILLIC_LENGTH : MIN_CORRECTED_LENGTH) || length > MAX_CORRECTED_LENGTH) return undefined;
  if (cyrillic) return bestRussian(lower, lookup);
  // A Vietnamese syllable the corpus does not use ("trường") is a word, not a slip.
  if (isVietnameseSyllable(lower)) return undefined;
  // An English word is a word, not a slip, unless it is a name: names are spelt differently from one language to
  // the next, and the corpus may hold another language's spelling one letter away ("Politburo", "Politbiro").
  const english = isEnglishWord(lower);
  if (english && !name) return undefined;
  return bestLatin(lower, typedStem, english, lookup);
}

/**
 * The known word one edit from a Latin-script word that the most passages hold (then the first in code-point
 * order). Stemming is the costly step (Snowball runs about 8 µs a word, and a word has some 450 candidates), so a
 * candidate is stemmed only when one of its prefixes is a known stem: Porter2 stems are prefixes of their word, save
 * a final y turned i. A real English word is never turned into another English word ("police" → "policy"): one
 * cannot tell that slip from the word itself.
 */
function bestLatin(word: string, typedStem: string, english: boolean, lookup: SpellingLookup): string | undefined {
  const shortest = Math.max(MIN_CORRECTION_STEM, typedStem.length - MAX_CORRECTION_EDITS);
  // A candidate keeps the typed word's letters before its edit: whether one of those prefixes is a known stem is
  // asked once here, not once per candidate.
  const typedPrefixKnown = new Uint8Array(word.length + 1);
  for (let length = 0, known = 0; length <= word.length; length++) {
    if (known === 0 && length >= shortest && isKnownPrefix(word, length, lookup)) known = 1;
    typedPrefixKnown[length] = known;
  }
  let best: string | undefined;
  let bestFrequency = -1;
  forEachOneEdit(word, LATIN_LETTERS, (candidate, unchanged) => {
    if (typedPrefixKnown[unchanged] === 0 && !hasKnownPrefix(candidate, Math.max(shortest, unchanged + 1), lookup)) return;
    // A correction must be as specific as the word it replaces: one whose stem the stemmer cuts shorter than one
    // edit explains is another word ("investigation" → "investication" → "invest").
    const stem = stemLatin(candidate);
    if (stem.length < shortest || !lookup.knowsTerm(stem) || isStopWord(candidate)) return;
    if (english && isEnglishWord(candidate)) return;
    const frequency = lookup.frequency(stem);
    if (frequency > bestFrequency || (frequency === bestFrequency && candidate < best!)) {
      best = candidate;
      bestFrequency = frequency;
    }
  });
  return best;
}

/** Porter2 stems are prefixes of their word, save a final y turned i ("happy" → "happi"). */
function isKnownPrefix(candidate: string, length: number, lookup: SpellingLookup): boolean {
  if (lookup.knowsTerm(candidate.slice(0, length))) return true;
  return candidate.charCodeAt(length - 1) === 0x79 /* y */ && lookup.knowsTerm(`${candidate.slice(0, length - 1)}i`);
}

function hasKnownPrefix(candidate: string, shortest: number, lookup: SpellingLookup): boolean {
  for (let length = shortest; length <= candidate.length; length++) if (isKnownPrefix(candidate, length, lookup)) return true;
  return false;
}

/** The first, in code-point order, of the Russian words one edit away whose stem is a glossary word's stem. */
function bestRussian(word: string, lookup: SpellingLookup): string | undefined {
  let best: string | undefined;
  forEachOneEdit(word, CYRILLIC_LETTERS, (candidate) => {
    if (best !== undefined && candidate >= best) return;
    // Stems are prefixes of their word: most candidates are ruled out by their first letters, before stemming.
    if (!lookup.knowsRussianStemStart(candidate.slice(0, RUSSIAN_STEM_START))) return;
    const stem = stemRussian(candidate);
    if (stem.length >= MIN_CORRECTION_STEM && lookup.knowsRussianStem(stem) && !isStopWord(candidate)) best = candidate;
  });
  return best;
}

/** Every distinct string one edit from `word` over `alphabet` (drop, swap of neighbours, replace, insert). */
export function oneEditAway(word: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  forEachOneEdit(word, alphabet, (candidate) => out.add(candidate));
  out.delete(word);
  return out;
}

/**
 * Calls `visit` with every string one edit from `word` (some more than once, and never `word` itself when the
 * alphabet is the word's script), and with how many of its leading UTF-16 units are the word's own.
 */
function forEachOneEdit(word: string, alphabet: string, visit: (candidate: string, unchanged: number) => void): void {
  const chars = [...word];
  const letters = [...alphabet];
  let head = '';
  for (let i = 0; i <= chars.length; i++) {
    const tail = chars.slice(i).join('');
    for (const letter of letters) visit(head + letter + tail, head.length);
    if (i === chars.length) break;
    const rest = chars.slice(i + 1).join('');
    visit(head + rest, head.length);
    for (const letter of letters) if (letter !== chars[i]) visit(head + letter + rest, head.length);
    if (i + 1 < chars.length && chars[i] !== chars[i + 1]) visit(head + chars[i + 1]! + chars[i]! + chars.slice(i + 2).join(''), head.length);
    head += chars[i]!;
  }
}
