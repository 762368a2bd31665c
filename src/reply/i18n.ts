import type { Lang } from '../domain.ts';

/**
 * Interface strings in every language the bot speaks. Corpus text is never translated; only the bot's own words.
 * Ephemeral replies follow the user's client language; public replies follow the server's language.
 */

export const UI_LANGUAGES = ['en', 'vi', 'id', 'ru'] as const;
export type UiLang = (typeof UI_LANGUAGES)[number];

export interface UiStrings {
  answerTitle: string;
  questionLabel: string;
  moreResults: string;
  readArticle: (n: number) => string;
  noMoreResults: string;
  pageOf: (page: number, pages: number) => string;
  footer: (documents: number, builtAt: string) => string;
  abstainTitle: string;
  abstainBody: string;
  corpusCovers: (documents: number, from: string, to: string) => string;
  topicsLabel: string;
  cooldown: (relativeTime: string) => string;
  errorGeneric: string;
  errorQuestion: string;
  questionTooLong: (limit: number) => string;
  errorIndex: string;
  expired: string;
  timelineTitle: string;
  timelineEmpty: string;
  previous: string;
  next: string;
  sources: string;
  sourcesTitle: string;
  sourcesSummary: (articles: number, from: string, to: string) => string;
  byLanguage: string;
  byOutlet: string;
  newest: string;
  helpTitle: string;
  helpIntro: string;
  helpRequired: string;
}

const en: UiStrings = {
  answerTitle: 'What the sources say',
  questionLabel: 'Question',
  moreResults: 'More results',
  readArticle: (n) => `Read article ${n}`,
  noMoreResults: 'No further results.',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  footer: (documents, builtAt) => `Index: ${documents} articles · built ${builtAt}`,
  abstainTitle: 'No answer in the corpus',
  abstainBody: 'Sorry, the articles I have do not answer this question, and I would rather say so than guess.',
  corpusCovers: (documents, from, to) => `The corpus holds ${documents} articles on Vietnam–Russia relations, published ${from} to ${to}.`,
  topicsLabel: 'Try asking about',
  cooldown: (relativeTime) => `Please slow down — you can ask again ${relativeTime}.`,
  errorGeneric: 'Something went wrong on my side. Please try again in a moment.',
  errorQuestion: 'I could not use that question. Please rephrase it with a few more words.',
  questionTooLong: (limit) => `That question is too long: please keep it to ${limit} characters.`,
  errorIndex: 'The article index is not ready yet. Please try again later.',
  expired: 'These buttons no longer work. Please run the command again.',
  timelineTitle: 'Timeline of Vietnam–Russia relations',
  timelineEmpty: 'No events match these filters.',
  previous: 'Previous',
  next: 'Next',
  sources: 'Sources',
  sourcesTitle: 'Articles the bot answers from',
  sourcesSummary: (articles, from, to) => `${articles} articles, published ${from} to ${to}.`,
  byLanguage: 'By language',
  byOutlet: 'By outlet',
  newest: 'Newest',
  helpTitle: 'Commands',
  helpIntro: 'Type / and the command. Answers quote the articles, with their sources; ask in Vietnamese, Indonesian, English or Russian.',
  helpRequired: 'required',
};

const vi: UiStrings = {
  answerTitle: 'Các nguồn tin nói gì',
  questionLabel: 'Câu hỏi',
  moreResults: 'Thêm kết quả',
  readArticle: (n) => `Đọc bài ${n}`,
  noMoreResults: 'Không còn kết quả nào khác.',
  pageOf: (page, pages) => `Trang ${page}/${pages}`,
  footer: (documents, builtAt) => `Chỉ mục: ${documents} bài báo · tạo lúc ${builtAt}`,
  abstainTitle: 'Kho bài báo không có câu trả lời',
  abstainBody: 'Xin lỗi, các bài báo hiện có không trả lời được câu hỏi này, và tôi không muốn đoán.',
  corpusCovers: (documents, from, to) => `Kho gồm ${documents} bài báo về quan hệ Việt Nam – Nga, đăng từ ${from} đến ${to}.`,
  topicsLabel: 'Bạn có thể hỏi về',
  cooldown: (relativeTime) => `Xin chậm lại một chút — bạn có thể hỏi tiếp ${relativeTime}.`,
  errorGeneric: 'Đã xảy ra lỗi phía bot. Vui lòng thử lại sau giây lát.',
  errorQuestion: 'Tôi không dùng được câu hỏi này. Vui lòng diễn đạt lại rõ hơn.',
  questionTooLong: (limit) => `Câu hỏi quá dài: vui lòng giữ trong ${limit} ký tự.`,
  errorIndex: 'Chỉ mục bài báo chưa sẵn sàng. Vui lòng thử lại sau.',
  expired: 'Các nút này không còn hoạt động. Vui lòng chạy lại lệnh.',
  timelineTitle: 'Dòng thời gian quan hệ Việt Nam – Nga',
  timelineEmpty: 'Không có sự kiện nào khớp với bộ lọc.',
  previous: 'Trước',
  next: 'Tiếp',
  sources: 'Nguồn',
  sourcesTitle: 'Các bài báo bot dùng để trả lời',
  sourcesSummary: (articles, from, to) => `${articles} bài báo, đăng từ ${from} đến ${to}.`,
  byLanguage: 'Theo ngôn ngữ',
  byOutlet: 'Theo cơ quan báo chí',
  newest: 'Mới nhất',
  helpTitle: 'Các lệnh',
  helpIntro: 'Gõ / rồi tên lệnh. Câu trả lời trích dẫn các bài báo kèm nguồn; hỏi bằng tiếng Việt, Indonesia, Anh hoặc Nga.',
  helpRequired: 'bắt buộc',
};

const id: UiStrings = {
  answerTitle: 'Apa kata sumber',
  questionLabel: 'Pertanyaan',
  moreResults: 'Hasil lainnya',
  readArticle: (n) => `Baca artikel ${n}`,
  noMoreResults: 'Tidak ada hasil lain.',
  pageOf: (page, pages) => `Halaman ${page} dari ${pages}`,
  footer: (documents, builtAt) => `Indeks: ${documents} artikel · dibuat ${builtAt}`,
  abstainTitle: 'Tidak ada jawaban di korpus',
  abstainBody: 'Maaf, artikel yang saya miliki tidak menjawab pertanyaan ini, dan saya tidak mau menebak.',
  corpusCovers: (documents, from, to) => `Korpus berisi ${documents} artikel tentang hubungan Vietnam–Rusia, terbit ${from} sampai ${to}.`,
  topicsLabel: 'Coba tanyakan tentang',
  cooldown: (relativeTime) => `Mohon pelan-pelan — Anda dapat bertanya lagi ${relativeTime}.`,
  errorGeneric: 'Terjadi kesalahan di pihak bot. Silakan coba lagi sebentar lagi.',
  errorQuestion: 'Pertanyaan itu tidak dapat saya gunakan. Silakan ulangi dengan kata-kata lain.',
  questionTooLong: (limit) => `Pertanyaan itu terlalu panjang: batasi hingga ${limit} karakter.`,
  errorIndex: 'Indeks artikel belum siap. Silakan coba lagi nanti.',
  expired: 'Tombol ini sudah tidak berfungsi. Silakan jalankan perintahnya lagi.',
  timelineTitle: 'Lini masa hubungan Vietnam–Rusia',
  timelineEmpty: 'Tidak ada peristiwa yang cocok dengan filter ini.',
  previous: 'Sebelumnya',
  next: 'Berikutnya',
  sources: 'Sumber',
  sourcesTitle: 'Artikel yang menjadi dasar jawaban bot',
  sourcesSummary: (articles, from, to) => `${articles} artikel, terbit ${from} sampai ${to}.`,
  byLanguage: 'Menurut bahasa',
  byOutlet: 'Menurut media',
  newest: 'Terbaru',
  helpTitle: 'Perintah',
  helpIntro: 'Ketik / lalu nama perintah. Jawaban mengutip artikel beserta sumbernya; bertanyalah dalam bahasa Vietnam, Indonesia, Inggris, atau Rusia.',
  helpRequired: 'wajib',
};

const ru: UiStrings = {
  answerTitle: 'Что говорят источники',
  questionLabel: 'Вопрос',
  moreResults: 'Ещё результаты',
  readArticle: (n) => `Статья ${n}`,
  noMoreResults: 'Других результатов нет.',
  pageOf: (page, pages) => `Страница ${page} из ${pages}`,
  footer: (documents, builtAt) => `Индекс: ${documents} статей · собран ${builtAt}`,
  abstainTitle: 'В корпусе нет ответа',
  abstainBody: 'К сожалению, в моих статьях нет ответа на этот вопрос, а гадать я не буду.',
  corpusCovers: (documents, from, to) => `Корпус содержит ${documents} статей о российско-вьетнамских отношениях, опубликованных с ${from} по ${to}.`,
  topicsLabel: 'Спросите, например, о',
  cooldown: (relativeTime) => `Не так быстро — следующий вопрос можно задать ${relativeTime}.`,
  errorGeneric: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
  errorQuestion: 'Не удалось разобрать вопрос. Пожалуйста, переформулируйте его.',
  questionTooLong: (limit) => `Вопрос слишком длинный: не больше ${limit} символов, пожалуйста.`,
  errorIndex: 'Индекс статей ещё не готов. Попробуйте позже.',
  expired: 'Эти кнопки больше не работают. Запустите команду заново.',
  timelineTitle: 'Хронология российско-вьетнамских отношений',
  timelineEmpty: 'Нет событий, подходящих под эти фильтры.',
  previous: 'Назад',
  next: 'Далее',
  sources: 'Источники',
  sourcesTitle: 'Статьи, по которым отвечает бот',
  sourcesSummary: (articles, from, to) => `Статей: ${articles}, опубликованы с ${from} по ${to}.`,
  byLanguage: 'По языкам',
  byOutlet: 'По изданиям',
  newest: 'Новейшие',
  helpTitle: 'Команды',
  helpIntro: 'Введите / и название команды. Ответы — цитаты из статей с источниками; спрашивайте по-вьетнамски, по-индонезийски, по-английски или по-русски.',
  helpRequired: 'обязательно',
};

const STRINGS: Record<UiLang, UiStrings> = { en, vi, id, ru };

/** Maps a Discord locale (`en-US`, `vi`, `id`, `ru`, …) to a UI language; anything else falls back to English. */
export function uiLangFromLocale(locale: string | null | undefined): UiLang {
  const base = (locale ?? '').toLowerCase().split('-')[0] ?? '';
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLang) : 'en';
}

export function strings(lang: UiLang): UiStrings {
  return STRINGS[lang];
}

/** Public replies are read by the whole server, ephemeral ones only by the asker. */
export function replyLocale(interaction: { locale: string; guildLocale: string | null }, ephemeral: boolean): UiLang {
  return uiLangFromLocale(ephemeral ? interaction.locale : (interaction.guildLocale ?? interaction.locale));
}

export const LANGUAGE_FLAGS: Record<Lang, string> = { vi: '🇻🇳', id: '🇮🇩', en: '🇬🇧', ru: '🇷🇺' };
