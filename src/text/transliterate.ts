/**
 * Russian → Latin, so that names asked in Cyrillic meet the Latin spelling used by vi/id/en articles.
 * A plain letter table gets most names right (Путин → putin, Мишустин → mishustin); the exceptions are names whose
 * accepted Latin form is not a letter-by-letter transcription (Ханой → hanoi, not khanoy).
 */

const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

/**
 * Stems (after Russian suffix stripping) whose usual Latin spelling differs from the letter table.
 * Keyed by stem so that inflected forms (Ханое, Ханоя) map too.
 */
const CONVENTIONAL: Record<string, string> = {
  ханой: 'hanoi', хано: 'hanoi', хан: 'hanoi', ханоя: 'hanoi',
  вьетнам: 'vietnam',
  хошимин: 'hochiminh', хо: 'ho', ши: 'chi', мин: 'minh', минь: 'minh',
  нгуен: 'nguyen', чонг: 'trong', фу: 'phu', тонг: 'trong',
  фам: 'pham', чинь: 'chinh', чин: 'chinh',
  то: 'to', лам: 'lam',
  чан: 'tran', тхань: 'thanh', тхан: 'thanh', ман: 'man',
  данг: 'dang', кхой: 'khoi', кхо: 'khoi',
  ле: 'le', хоай: 'hoai', чунг: 'trung',
  дананг: 'danang', нанг: 'nang', да: 'da',
  москв: 'moscow', москва: 'moscow', казан: 'kazan', казань: 'kazan',
};

/** Letter-by-letter transcription of lower-case Cyrillic. */
export function transliterateRussian(word: string): string {
  let out = '';
  for (const ch of word) out += LETTERS[ch] ?? ch;
  return out;
}

/**
 * Latin form of one lower-case Russian word given its stem: a conventional spelling of the word or of its stem
 * when one exists (Ханой, Ханое → hanoi), else the transcribed stem (Путина → путин → putin).
 */
export function romanizeRussianWord(word: string, stem: string): string {
  return CONVENTIONAL[word] ?? CONVENTIONAL[stem] ?? transliterateRussian(stem);
}
