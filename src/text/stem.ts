import { newStemmer } from 'snowball-stemmers';

/**
 * Stemming, one rule per script. The corpus mixes languages in one index and the index analyses text without
 * knowing its language (MiniSearch hands the tokenizer bare text), while a question's language is a guess that
 * keyword and no-diacritics questions often defeat; so the rule must be harmless on every language of its script.
 *
 * Latin tokens (en/id/vi) go through Snowball's English stemmer (Porter2): it unites English inflections
 * ("relations"/"relation", "signing"/"signed"/"sign", "strengthening"/"strengthen") and leaves Vietnamese syllables
 * and Indonesian words almost untouched, because its suffixes need a region (R1/R2) that short syllables and most
 * Indonesian stems do not have. Measured against the former hand rule (plural/-ed/-ing/-e and Indonesian -nya) on
 * the tuning sets: dev-set Hit@5 0.875 → 0.900, MRR@10 0.764 → 0.773, the other tuning sets equal; keeping the -nya
 * cut on top did worse (dev Hit@5 0.887).
 * Snowball's Indonesian stemmer is not used: applied to every Latin token it cuts English and Indonesian words into
 * wrong stems ("meeting" → "eting", "menteri" → "teri", "kerjasama" → "rjasama"), and the glossary lists the
 * affixed Indonesian forms that matter (kunjungan, berkunjung).
 */
const english = newStemmer('english');

export function stemLatin(token: string): string {
  return english.stem(token);
}

/**
 * Russian keeps this hand list on purpose. Snowball's Russian stemmer was measured and did worse (paraphrase set
 * Hit@1 0.731 → 0.692, Hit@5 0.962 → 0.923): glossary matching compares Russian stems by prefix (src/retrieval/query.ts),
 * and Snowball's stems are shorter and less regular for that use — "визит" → "виз" but "визитом" → "визит", so
 * "государственным визитом" stops meeting the glossary's "государственный визит" (a three-letter stem must match
 * exactly). Longest ending first, so that Путина/Путиным/Путину → путин and отношения/отношений → отношен.
 */
const RUSSIAN_ENDINGS = [
  'иями', 'ями', 'ами', 'иях', 'иям', 'ием', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ией', 'ая', 'яя', 'ое',
  'ее', 'ые', 'ие', 'ий', 'ия', 'ию', 'ую', 'юю', 'ой', 'ей', 'ый', 'ым', 'им', 'ом', 'ем', 'ах', 'ях', 'ам', 'ям',
  'ов', 'ев', 'ью', 'ых', 'их', 'а', 'я', 'о', 'е', 'у', 'ю', 'ы', 'и', 'ь', 'й',
];
const MIN_RUSSIAN_STEM = 3;

export function stemRussian(word: string): string {
  for (const ending of RUSSIAN_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_RUSSIAN_STEM) return word.slice(0, -ending.length);
  }
  return word;
}

/**
 * A Russian stem without the fleeting vowel of its last syllable: посол → посл (посла, послом), отец → отц (отца),
 * уровен(ь) → уровн (уровня). Inflected forms drop that о/е/ё, so their stems no longer start with the dictionary
 * form's (the prefix rule of glossary matching misses "послом" for "посол"). Undefined when the stem does not end in
 * consonant + о/е/ё + consonant. Spelled out for every such stem, not only true fleeting vowels: a form no word
 * inflects to ("договр") matches nothing.
 */
const FLEETING_VOWEL = /^(.*[бвгджзйклмнпрстфхцчшщ])[оеё]([бвгджзклмнпрстфхцчшщ])$/;

export function withoutFleetingVowel(stem: string): string | undefined {
  const match = FLEETING_VOWEL.exec(stem);
  if (match === null || stem.length < MIN_RUSSIAN_STEM + 1) return undefined;
  return match[1]! + match[2]!;
}
