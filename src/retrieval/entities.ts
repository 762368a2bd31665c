/**
 * Names in a sentence and what kind of thing each probably names (a person, a place, an organisation), read from
 * capitalisation and the words around it, in English, Indonesian and Vietnamese (the corpus languages). Pure,
 * unit-tested.
 *
 * Serves the question classes "who / where / which organisation": such a question is answered by a sentence that
 * names someone or something the question does not already name. It is a heuristic on purpose: no named-entity
 * model for these languages can be installed here, and a wrong kind only weakens a ranking signal.
 */
import { foldDiacritics } from '../text/normalize.ts';
import { MAX_CACHED_WORD_LENGTH, WORD_CACHE_ENTRIES } from '../limits.ts';
import { analyze } from '../text/tokenizer.ts';

export type EntityKind = 'person' | 'place' | 'organisation' | 'name';

export interface EntityMention {
  kind: EntityKind;
  text: string;
  /** Index terms of the name (as the tokenizer spells them), to compare with a question's terms. */
  terms: string[];
  /** The terms of each word, in order: a question may already give the first words of a run (see entityStrength). */
  words: string[][];
  /** The kind when the run's first words are known from the question: a locative before them says nothing then. */
  innerKind: EntityKind;
}

/** What entityStrength reads of a mention: what the sentence store keeps of each. */
export type KindedMention = Pick<EntityMention, 'kind' | 'innerKind' | 'words'>;

/**
 * Words of titles and offices, folded: a capitalised run made only of them is a title, not a name ("Tổng Bí thư",
 * "Prime Minister"), and a name right after one is a person ("Đại sứ Gennady Bezdetko"). One list per language.
 */
const TITLE_WORDS = new Set(
  [
    // English
    'president', 'prime', 'minister', 'general', 'secretary', 'ambassador', 'chairman', 'chairwoman', 'chair', 'deputy',
    'foreign', 'mr', 'mrs', 'ms', 'dr', 'pm', 'head', 'chief', 'vice', 'speaker', 'party', 'state', 'na',
    // Indonesian
    'presiden', 'perdana', 'menteri', 'sekretaris', 'jenderal', 'duta', 'besar', 'ketua', 'wakil', 'bapak', 'ibu',
    'dubes', 'kepala',
    // Vietnamese (syllables of Tổng Bí thư, Thủ tướng, Chủ tịch, Đại sứ, Bộ trưởng, Phó, Tổng thống, Quốc hội)
    'tong', 'bi', 'thu', 'tuong', 'chu', 'tich', 'dai', 'su', 'bo', 'truong', 'pho', 'thong', 'ong', 'ba', 'nuoc',
    'quoc', 'hoi', 'chinh', 'phu',
  ].map((w) => w),
);

/** Words that make a capitalised run an organisation ("Rosatom Company", "Tập đoàn Dầu khí", "Kementerian …"). */
const ORGANISATION_WORDS = new Set([
  // English
  'company', 'corporation', 'corp', 'group', 'bank', 'agency', 'ministry', 'committee', 'commission', 'council',
  'university', 'universities', 'consortium', 'centre', 'center', 'institute', 'organisation', 'organization',
  'association', 'society', 'union', 'federation', 'fund', 'news', 'duma', 'assembly', 'parliament', 'academy',
  // Indonesian
  'perusahaan', 'kementerian', 'komite', 'komisi', 'dewan', 'universitas', 'konsorsium', 'pusat', 'lembaga',
  'badan', 'asosiasi', 'perhimpunan', 'kantor', 'berita', 'bank',
  // Vietnamese (folded syllables of Tập đoàn, Công ty, Ngân hàng, Ủy ban, Hội đồng, Trung tâm, Viện, Thông tấn xã)
  'tap', 'doan', 'cong', 'ty', 'ngan', 'hang', 'uy', 'ban', 'dong', 'trung', 'tam', 'vien', 'thong', 'tan', 'xa',
]);

/** Words before a name that make it a place ("in Hanoi", "tại Kazan", "di Da Nang", "ở Moskva"). */
const LOCATIVE_WORDS = new Set(['in', 'at', 'near', 'tai', 'o', 'di', 'ke', 'from', 'dari', 'tu', 'den', 'to']);

/** Connectors kept inside a name when a capitalised word follows ("Ministry of Foreign Affairs"). */
const NAME_CONNECTORS = new Set(['of', 'for', 'on', 'and', '-', 'dan', 'tentang', 've', 'va']);

const WORD_WITH_OFFSET = /[\p{L}\p{M}\p{N}]+(?:[-’'][\p{L}\p{M}\p{N}]+)*/gu;

interface Word {
  raw: string;
  start: number;
  capitalised: boolean;
  /** Folded on first use (see foldedOf): most words are never compared with the word lists. */
  folded: string | undefined;
}

function wordsOf(sentence: string): Word[] {
  const out: Word[] = [];
  WORD_WITH_OFFSET.lastIndex = 0;
  for (let match = WORD_WITH_OFFSET.exec(sentence); match !== null; match = WORD_WITH_OFFSET.exec(sentence)) {
    out.push({ raw: match[0], start: match.index, capitalised: startsWithCapital(match[0]), folded: undefined });
  }
  return out;
}

/** `/^\p{Lu}/u`, without the regular expression for the common case of an ASCII first letter. */
function startsWithCapital(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a;
  return /^\p{Lu}/u.test(word);
}

/**
 * A word's index terms (stop words dropped), by its raw form: a name's words recur in sentence after sentence, and
 * analysing each again was a large part of finding the names of a corpus at build time. Bounded like the
 * tokenizer's word cache (it starts over when full).
 */
const wordTermsCache = new Map<string, string[]>();

function wordTerms(raw: string): string[] {
  let terms = wordTermsCache.get(raw);
  if (terms === undefined) {
    terms = analyze(raw)
      .flat()
      .filter((t) => !t.stop)
      .map((t) => t.term);
    if (raw.length > MAX_CACHED_WORD_LENGTH) return terms;
    if (wordTermsCache.size >= WORD_CACHE_ENTRIES) wordTermsCache.clear();
    wordTermsCache.set(raw, terms);
  }
  return terms;
}

/**
 * The word lower-cased and diacritic-folded, computed once per word and only for the words the lists are asked
 * about (capitalised ones and their neighbours): folding every word of every sentence was most of the cost.
 */
function foldedOf(word: Word): string {
  if (word.folded === undefined) {
    let folded = foldedWords.get(word.raw);
    if (folded === undefined) {
      folded = foldDiacritics(word.raw.toLowerCase());
      if (word.raw.length <= MAX_CACHED_WORD_LENGTH) {
        if (foldedWords.size >= WORD_CACHE_ENTRIES) foldedWords.clear();
        foldedWords.set(word.raw, folded);
      }
    }
    word.folded = folded;
  }
  return word.folded;
}

/** Folded forms by raw word, bounded like wordTermsCache: the same capitalised words recur in every article. */
const foldedWords = new Map<string, string>();

function isTitle(word: Word): boolean {
  return TITLE_WORDS.has(foldedOf(word));
}

function isAcronym(word: Word): boolean {
  return /^\p{Lu}{2,6}$/u.test(word.raw);
}

/** Names in a sentence, in order, each with its probable kind. */
export function entityMentions(sentence: string): EntityMention[] {
  const text = sentence.normalize('NFC');
  const words = wordsOf(text);
  const out: EntityMention[] = [];
  let i = 0;
  while (i < words.length) {
    if (!words[i]!.capitalised || isTitle(words[i]!)) {
      i++;
      continue;
    }
    // A run of capitalised words, through connectors followed by another capitalised word; a title ends it
    // ("Russian Ambassador Gennady Bezdetko" is "Russian", a title, then a person).
    let end = i + 1;
    while (end < words.length) {
      const word = words[end]!;
      if (word.capitalised) {
        if (isTitle(word)) break;
        end++;
      } else if (words[end + 1]?.capitalised === true && NAME_CONNECTORS.has(foldedOf(word)) && !isTitle(words[end + 1]!)) end += 2;
      else break;
    }
    const run = words.slice(i, end);
    const before = words[i - 1];
    const titled = before !== undefined && isTitle(before);
    const start = i;
    i = end;
    // The first word of a sentence is capitalised anyway: alone, it is a name only as an acronym.
    if (start === 0 && run.length === 1 && !isAcronym(run[0]!)) continue;
    const last = run[run.length - 1]!;
    const mentionText = text.slice(run[0]!.start, last.start + last.raw.length);
    // Copies: the cached lists are shared, and callers may keep or change what they are given.
    const perWord = run.map((w) => [...wordTerms(w.raw)]);
    const terms = perWord.flat();
    if (terms.length === 0) continue;
    out.push({ kind: kindOf(run, titled, before), innerKind: kindOf(run, titled, undefined), text: mentionText, terms, words: perWord });
  }
  return out;
}

function kindOf(run: Word[], titled: boolean, before: Word | undefined): EntityKind {
  if (run.some((w) => ORGANISATION_WORDS.has(foldedOf(w))) || (run.length === 1 && isAcronym(run[0]!))) return 'organisation';
  if (titled) return 'person';
  if (before !== undefined && LOCATIVE_WORDS.has(foldedOf(before))) return 'place';
  // Untitled runs stay of unknown kind: "Republik Sosialis Vietnam" and "Gennady Bezdetko" look alike.
  return 'name';
}

/**
 * How well a sentence names a new thing of the asked kind, 0–1: 1 for a mention of that kind whose terms are not
 * all in the question (`given`), 0.5 for a new name of unknown kind, 0 otherwise. Words the question gives at the
 * start of a run are set aside first ("tại Việt Nam Gennady Bezdetko": Việt Nam is the question's, so the locative
 * describes it, not the name after it).
 */
export function entityStrength(mentions: readonly KindedMention[], kind: Exclude<EntityKind, 'name'>, given: ReadonlySet<string>): number {
  let best = 0;
  for (const m of mentions) {
    let first = 0;
    while (first < m.words.length && m.words[first]!.every((t) => given.has(t))) first++;
    if (first === m.words.length) continue;
    const mentionKind = first === 0 ? m.kind : m.innerKind;
    if (mentionKind === kind) return 1;
    if (mentionKind === 'name') best = 0.5;
  }
  return best;
}
