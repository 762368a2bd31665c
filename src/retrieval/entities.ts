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
  folded: string;
  start: number;
  capitalised: boolean;
  acronym: boolean;
}

function wordsOf(sentence: string): Word[] {
  const out: Word[] = [];
  for (const match of sentence.normalize('NFC').matchAll(WORD_WITH_OFFSET)) {
    const raw = match[0];
    out.push({
      raw,
      folded: foldDiacritics(raw.toLowerCase()),
      start: match.index,
      capitalised: /^\p{Lu}/u.test(raw),
      acronym: /^\p{Lu}{2,6}$/u.test(raw),
    });
  }
  return out;
}

/** Names in a sentence, in order, each with its probable kind. */
export function entityMentions(sentence: string): EntityMention[] {
  const text = sentence.normalize('NFC');
  const words = wordsOf(text);
  const out: EntityMention[] = [];
  let i = 0;
  while (i < words.length) {
    if (!words[i]!.capitalised || TITLE_WORDS.has(words[i]!.folded)) {
      i++;
      continue;
    }
    // A run of capitalised words, through connectors followed by another capitalised word; a title ends it
    // ("Russian Ambassador Gennady Bezdetko" is "Russian", a title, then a person).
    let end = i + 1;
    while (end < words.length) {
      const word = words[end]!;
      if (word.capitalised && !TITLE_WORDS.has(word.folded)) end++;
      else if (NAME_CONNECTORS.has(word.folded) && words[end + 1]?.capitalised === true && !TITLE_WORDS.has(words[end + 1]!.folded)) end += 2;
      else break;
    }
    const run = words.slice(i, end);
    const before = words[i - 1];
    const titled = before !== undefined && TITLE_WORDS.has(before.folded);
    const start = i;
    i = end;
    // The first word of a sentence is capitalised anyway: alone, it is a name only as an acronym.
    if (start === 0 && run.length === 1 && !run[0]!.acronym) continue;
    const last = run[run.length - 1]!;
    const mentionText = text.slice(run[0]!.start, last.start + last.raw.length);
    const perWord = run.map((w) => analyze(w.raw).flat().filter((t) => !t.stop).map((t) => t.term));
    const terms = perWord.flat();
    if (terms.length === 0) continue;
    out.push({ kind: kindOf(run, titled, before), innerKind: kindOf(run, titled, undefined), text: mentionText, terms, words: perWord });
  }
  return out;
}

function kindOf(run: Word[], titled: boolean, before: Word | undefined): EntityKind {
  if (run.some((w) => ORGANISATION_WORDS.has(w.folded)) || (run.length === 1 && run[0]!.acronym)) return 'organisation';
  if (titled) return 'person';
  if (before !== undefined && LOCATIVE_WORDS.has(before.folded)) return 'place';
  // Untitled runs stay of unknown kind: "Republik Sosialis Vietnam" and "Gennady Bezdetko" look alike.
  return 'name';
}

/**
 * How well a sentence names a new thing of the asked kind, 0–1: 1 for a mention of that kind whose terms are not
 * all in the question (`given`), 0.5 for a new name of unknown kind, 0 otherwise. Words the question gives at the
 * start of a run are set aside first ("tại Việt Nam Gennady Bezdetko": Việt Nam is the question's, so the locative
 * describes it, not the name after it).
 */
export function entityStrength(mentions: readonly EntityMention[], kind: Exclude<EntityKind, 'name'>, given: ReadonlySet<string>): number {
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
