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
import type { SimilarTerm } from '../index/lexical-index.ts';
import { isEnglishWord } from '../text/english-words.ts';
import { foldDiacritics, hasCyrillic } from '../text/normalize.ts';
import { stemLatin, stemRussian } from '../text/stem.ts';
import { isStopWord } from '../text/stopwords.ts';
import { analyze, WORD, type Token } from '../text/tokenizer.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { namedTerms } from './query.ts';

/** Latin-script words shorter than this are never corrected: one edit turns short words into other real words. */
export const MIN_CORRECTED_LENGTH = 5;
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
  /** How many passages hold the stem: the commoner of two corrections wins. */
  frequency(term: string): number;
  /** Index stems within `maxEdits` Levenshtein edits of a stem, with their document frequency. */
  similar(term: string, maxEdits: number): SimilarTerm[];
}

/** The question with unknown long words replaced by their closest known spelling; unchanged when none is close. */
export function correctSpelling(question: string, lookup: SpellingLookup): string {
  const names = namedTerms(question);
  return question.replace(WORD, (word) => {
    if (/\p{N}/u.test(word)) return word;
    const token = analyze(word)[0]?.[0];
    if (token === undefined || token.stop || lookup.knows(token)) return word;
    const cyrillic = hasCyrillic(word);
    const lower = cyrillic ? word.toLowerCase() : foldDiacritics(word.toLowerCase());
    if ([...lower].length < (cyrillic ? MIN_CORRECTED_CYRILLIC_LENGTH : MIN_CORRECTED_LENGTH)) return word;
    let corrected: string | undefined;
    if (cyrillic) corrected = bestRussian(lower, lookup);
    else {
      // A Vietnamese syllable the corpus does not use ("trường") is a word, not a slip.
      if (isVietnameseSyllable(lower)) return word;
      // An English word is a word, not a slip, unless it is a name: names are spelt differently from one language
      // to the next, and the corpus may hold another language's spelling one letter away ("Politburo", "Politbiro").
      const english = isEnglishWord(lower);
      if (english && !names.has(token.term)) return word;
      corrected = bestLatin(lower, token.term, english, lookup) ?? (english ? undefined : closestStem(token.term, lookup));
    }
    if (corrected === undefined) return word;
    // A capital marks a name (see namedTerms): keep it.
    return /^\p{Lu}/u.test(word) ? corrected.charAt(0).toUpperCase() + corrected.slice(1) : corrected;
  });
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
  let best: string | undefined;
  let bestFrequency = -1;
  for (const candidate of oneEditAway(word, LATIN_LETTERS)) {
    if (!hasKnownPrefix(candidate, shortest, lookup)) continue;
    // A correction must be as specific as the word it replaces: one whose stem the stemmer cuts shorter than one
    // edit explains is another word ("investigation" → "investication" → "invest").
    const stem = stemLatin(candidate);
    if (stem.length < shortest || isStopWord(candidate) || !lookup.knowsTerm(stem)) continue;
    if (english && isEnglishWord(candidate)) continue;
    const frequency = lookup.frequency(stem);
    if (frequency > bestFrequency || (frequency === bestFrequency && candidate < best!)) {
      best = candidate;
      bestFrequency = frequency;
    }
  }
  return best;
}

function hasKnownPrefix(candidate: string, shortest: number, lookup: SpellingLookup): boolean {
  for (let length = shortest; length <= candidate.length; length++) {
    if (lookup.knowsTerm(candidate.slice(0, length))) return true;
    if (candidate.charCodeAt(length - 1) === 0x79 /* y */ && lookup.knowsTerm(`${candidate.slice(0, length - 1)}i`)) return true;
  }
  return false;
}

/** The first, in code-point order, of the Russian words one edit away whose stem is a glossary word's stem. */
function bestRussian(word: string, lookup: SpellingLookup): string | undefined {
  let best: string | undefined;
  for (const candidate of oneEditAway(word, CYRILLIC_LETTERS)) {
    const stem = stemRussian(candidate);
    if (stem.length >= MIN_CORRECTION_STEM && (best === undefined || candidate < best) && !isStopWord(candidate) && lookup.knowsRussianStem(stem)) {
      best = candidate;
    }
  }
  return best;
}

/**
 * The former rule, kept as the fallback: the index stem one Levenshtein edit from the word's stem (it finds slips
 * that the stemmer cuts off the same way, and words whose typed form is several letters off but whose stem is not).
 */
function closestStem(term: string, lookup: SpellingLookup): string | undefined {
  if (term.length < MIN_CORRECTED_LENGTH + 1) return undefined;
  return lookup
    .similar(term, MAX_CORRECTION_EDITS)
    .sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1))[0]?.term;
}

/** Every distinct string one edit from `word` over `alphabet` (drop, swap of neighbours, replace, insert). */
export function oneEditAway(word: string, alphabet: string): Set<string> {
  const chars = [...word];
  const letters = [...alphabet];
  const out = new Set<string>();
  const before = (i: number) => chars.slice(0, i).join('');
  const after = (i: number) => chars.slice(i).join('');
  for (let i = 0; i <= chars.length; i++) {
    const head = before(i);
    const tail = after(i);
    for (const letter of letters) out.add(head + letter + tail);
    if (i === chars.length) break;
    const rest = after(i + 1);
    out.add(head + rest);
    for (const letter of letters) if (letter !== chars[i]) out.add(head + letter + rest);
    if (i + 1 < chars.length && chars[i] !== chars[i + 1]) out.add(head + chars[i + 1]! + chars[i]! + after(i + 2));
  }
  out.delete(word);
  return out;
}
