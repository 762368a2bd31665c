import type { Lang } from '../domain.ts';
import type { Answer } from '../engine-types.ts';
import type { UiLang } from './i18n.ts';

/**
 * The asker's language when none of the quotes shown is in it, else null. Serves the class "same language first":
 * when the corpus states a fact only in other languages, the best quote still comes first, and the reply says that
 * no source in the asker's language states it (always so for Russian, which the corpus does not hold).
 */
export function missingAskerLanguage(answer: Answer): Lang | null {
  if (answer.abstained || answer.results.length === 0) return null;
  return answer.results.some((hit) => hit.source.lang === answer.queryLang) ? null : answer.queryLang;
}

/** Names of the question languages, in each interface language, in the form the notice sentence needs. */
const LANGUAGE_NAMES: Record<UiLang, Record<Lang, string>> = {
  en: { en: 'English', vi: 'Vietnamese', id: 'Indonesian', ru: 'Russian' },
  vi: { en: 'tiếng Anh', vi: 'tiếng Việt', id: 'tiếng Indonesia', ru: 'tiếng Nga' },
  id: { en: 'bahasa Inggris', vi: 'bahasa Vietnam', id: 'bahasa Indonesia', ru: 'bahasa Rusia' },
  // Prepositional case, after "на".
  ru: { en: 'английском', vi: 'вьетнамском', id: 'индонезийском', ru: 'русском' },
};

const NOTICES: Record<UiLang, (name: string) => string> = {
  en: (name) => `No source in ${name} states this; the quotes are in their original languages.`,
  vi: (name) => `Không có nguồn bằng ${name} nói về điều này; các trích dẫn giữ nguyên ngôn ngữ gốc.`,
  id: (name) => `Tidak ada sumber dalam ${name} yang menyebut hal ini; kutipan ditampilkan dalam bahasa aslinya.`,
  ru: (name) => `Источников на ${name} языке об этом нет; цитаты приводятся на языке оригинала.`,
};

/** The notice line in the interface language, or null when a quote is in the asker's language. */
export function languageNotice(answer: Answer, ui: UiLang): string | null {
  const missing = missingAskerLanguage(answer);
  return missing === null ? null : NOTICES[ui](LANGUAGE_NAMES[ui][missing]);
}
