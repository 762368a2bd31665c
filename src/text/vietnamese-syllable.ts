import { foldDiacritics } from './normalize.ts';

/**
 * Whether a word is spelled as a Vietnamese syllable can be: an initial consonant, a vowel nucleus, a final
 * (compared without diacritics, so "khong" typed without them counts). Vietnamese is written one syllable per word,
 * and almost every well-formed syllable is a real one; so a well-formed syllable the corpus does not hold is a word
 * it does not use ("trường"), not a slip, while "chyuến" (ch + yuê) can only be a slip of "chuyến".
 */
const INITIAL = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
// Vowel nuclei (with their glides) as they fold: ươ → uo, ưu → uu, uyê → uye, and so on.
const NUCLEUS =
  '(?:uye|uya|uyu|uoi|uou|ieu|yeu|oai|oay|oeo|uay|uau|ia|ie|ye|ua|uo|ue|uy|oa|oe|oo|ai|ao|au|ay|eo|eu|iu|oi|ui|uu|a|e|i|o|u|y)';
const FINAL = '(?:ch|ng|nh|c|m|n|p|t)?';
const SYLLABLE = new RegExp(`^${INITIAL}${NUCLEUS}${FINAL}$`);

export function isVietnameseSyllable(word: string): boolean {
  return SYLLABLE.test(foldDiacritics(word.toLowerCase()));
}
