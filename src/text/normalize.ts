/**
 * Character-level normalisation shared by indexing and querying. Both sides must go through the same steps,
 * otherwise "Phạm Minh Chính" in a passage and "Pham Minh Chinh" in a question would never meet.
 */

/**
 * "US" / "U.S." / "USA" in capitals is the country. Lower-cased it would become the English stop word "us" and
 * vanish, so "Vietnam–US relations" would look like a question about Vietnam alone and borrow its answers.
 */
const UNITED_STATES_ABBREVIATION = /(?<![\p{L}\p{N}])(?:U\.S\.A\.?|U\.S\.|USA|US)(?![\p{L}\p{N}])/gu;

/** NFKC folds compatibility forms (full-width digits, ligatures); lower-casing is locale-independent on purpose. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(UNITED_STATES_ABBREVIATION, 'usa').toLowerCase();
}

/** Runs of whitespace (line breaks included) become one space; the ends are trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Removes Latin diacritics (Vietnamese tones and vowel marks, Indonesian loan accents) so that questions typed
 * without them still match. `đ` is a separate letter, not a base letter with a mark, so it needs its own rule.
 * Cyrillic is left alone: `й` and `ё` decompose too, and stripping them would change Russian words.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/gi, '$1')
    .normalize('NFC')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Vietnamese-only letters; any of them marks a text as Vietnamese. */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

export function hasVietnameseLetters(text: string): boolean {
  return VIETNAMESE_LETTERS.test(text);
}

export function hasCyrillic(text: string): boolean {
  return /[\u0400-\u04ff]/.test(text);
}
