/**
 * Light stemming. The corpus mixes languages in one index, so every Latin token goes through the same light rule
 * whatever its language; the rule is chosen so that it is harmless elsewhere (Vietnamese syllables never end in -s).
 * Indonesian affixes (me-/ber-/-kan) are NOT stripped: a wrong cut merges unrelated words, and the glossary lists
 * the affixed forms that matter (kunjungan, berkunjung). English gets plural/possessive stripping only.
 */
export function stemLatin(token: string): string {
  let t = token;
  if (t.length > 6 && t.endsWith('nya')) t = t.slice(0, -3); // Indonesian possessive/definite suffix
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  // Plural, past tense and -ing forms: "relations", "established"/"establish", "signing"/"sign".
  if (t.length > 3 && t.endsWith('s') && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
  else if (t.length > 5 && t.endsWith('ed')) t = t.slice(0, -2);
  else if (t.length > 6 && t.endsWith('ing')) t = t.slice(0, -3);
  // A final -e is dropped so that "congratulate" meets "congratulated" (→ congratulat) and "agree" meets "agreed".
  if (t.length > 4 && t.endsWith('e')) t = t.slice(0, -1);
  return t;
}

/** Russian inflection endings, longest first, so that Путина/Путиным/Путину → путин and отношения/отношений → отношен. */
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
