import type { UiLang } from './i18n.ts';

/**
 * The bot's own words on a terminal (the local console and `npm run ask`), in every language the bot speaks. Like
 * Discord replies, they follow the asker: the language of the question, in the console also for the commands that
 * follow it. Corpus text is never translated. Commands, options and kind ids (`/ask`, `--k`, `kind:visit`) stay as
 * typed in every language.
 */
export interface TerminalStrings {
  /** The refusal when the corpus holds no answer, with what the corpus covers. */
  noAnswer: string;
  /** The refusal of a question without words. */
  askInWords: string;
  /** `how` is the command that shows more results from where the reader is. */
  moreResults: (how: string) => string;
  footer: (documents: number, builtAt: string, search: string) => string;
  searchHybrid: (modelId: string) => string;
  searchKeyword: string;
  welcome: (documents: number, passages: number, search: string) => string;
  help: string;
  unknownCommand: (name: string) => string;
  /** `max` is allowed (MAX_QUESTION_LENGTH is inclusive): the wording must not say "under". */
  questionTooLong: (max: number) => string;
  askUsage: string;
  unknownOption: (option: string, known: string) => string;
  missingValue: (option: string) => string;
  badK: (value: string, max: number) => string;
  notAYear: (value: string) => string;
  fromAfterTo: (from: number, to: number) => string;
  unknownKind: (value: string, kinds: string) => string;
  timelineEmpty: string;
  /** `command` draws the events just listed; `file` is where it writes the PNG. */
  chartHint: (command: string, file: string) => string;
  failed: string;
}

const en: TerminalStrings = {
  noAnswer:
    'I could not find an answer to that in the articles I have. I cover Vietnam–Russia relations: visits, treaties, ' +
    'partnerships, trade, energy, education and anniversaries.',
  askInWords: 'Please ask a question in words, for example: When did Vietnam and the Soviet Union establish diplomatic relations?',
  moreResults: (how) => `(more results exist: ask more precisely, or type: ${how})`,
  footer: (documents, builtAt, search) => `${documents} articles · index built ${builtAt} · ${search}`,
  searchHybrid: (modelId) => `semantic + keyword search (${modelId})`,
  searchKeyword: 'keyword search only',
  welcome: (documents, passages, search) =>
    `Vietnam–Russia relations bot: local console (no DISCORD_TOKEN set).\n${documents} articles, ${passages} passages, ${search}.`,
  help: [
    'Commands (the same as the Discord bot):',
    '  /ask [--k N] <question>                                  quoted, sourced passages that answer it (N results, 1–20)',
    '  /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:text]    dated facts with their sources',
    '       kinds: visit, call, agreement, anniversary, meeting, other',
    '  /sources                                                 the articles answered from: languages, outlets, dates, newest',
    '  help   quit',
    'A line without a slash is a question. Answers follow the language of your question.',
  ].join('\n'),
  unknownCommand: (name) => `Unknown command /${name}. Type help.`,
  questionTooLong: (max) => `Please keep questions to ${max} characters at most.`,
  askUsage: 'Usage: /ask [--k N] <question>',
  unknownOption: (option, known) => `Unknown option "${option}". Options: ${known}.`,
  missingValue: (option) => `"${option}" needs a value.`,
  badK: (value, max) => `--k takes a whole number from 1 to ${max}, not "${value}".`,
  notAYear: (value) => `"${value}" is not a year. Usage: /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:text]`,
  fromAfterTo: (from, to) => `"from" (${from}) is after "to" (${to}).`,
  unknownKind: (value, kinds) => `"${value}" is not a kind of event. Kinds: ${kinds}.`,
  timelineEmpty: 'No dated events match that filter.',
  chartHint: (command, file) => `A chart of these events: ${command} (writes the PNG to ${file}).`,
  failed: 'Sorry, something went wrong answering that. It has been logged.',
};

const vi: TerminalStrings = {
  noAnswer:
    'Tôi không tìm thấy câu trả lời cho câu hỏi này trong các bài báo hiện có. Tôi chỉ nói về quan hệ Việt Nam – Nga: ' +
    'các chuyến thăm, hiệp ước, quan hệ đối tác, thương mại, năng lượng, giáo dục và các dịp kỷ niệm.',
  askInWords: 'Vui lòng đặt câu hỏi bằng lời, ví dụ: Việt Nam và Liên Xô thiết lập quan hệ ngoại giao khi nào?',
  moreResults: (how) => `(còn kết quả khác: hãy hỏi cụ thể hơn, hoặc gõ: ${how})`,
  footer: (documents, builtAt, search) => `${documents} bài báo · chỉ mục tạo ngày ${builtAt} · ${search}`,
  searchHybrid: (modelId) => `tìm kiếm ngữ nghĩa + từ khóa (${modelId})`,
  searchKeyword: 'chỉ tìm kiếm theo từ khóa',
  welcome: (documents, passages, search) =>
    `Bot quan hệ Việt Nam – Nga: bảng điều khiển cục bộ (chưa đặt DISCORD_TOKEN).\n${documents} bài báo, ${passages} đoạn văn, ${search}.`,
  help: [
    'Các lệnh (giống bot trên Discord):',
    '  /ask [--k N] <câu hỏi>                                   trích dẫn có nguồn trả lời câu hỏi (N kết quả, 1–20)',
    '  /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:chủ đề]  các sự kiện theo thời gian, kèm nguồn',
    '       kind: visit (chuyến thăm), call (điện đàm), agreement (văn kiện), anniversary (kỷ niệm), meeting (cuộc gặp), other (khác)',
    '  /sources                                                 các bài báo dùng để trả lời: ngôn ngữ, nguồn, ngày, mới nhất',
    '  help   quit',
    'Dòng không bắt đầu bằng dấu gạch chéo là một câu hỏi. Câu trả lời theo ngôn ngữ của câu hỏi.',
  ].join('\n'),
  unknownCommand: (name) => `Không có lệnh /${name}. Gõ help để xem các lệnh.`,
  questionTooLong: (max) => `Vui lòng đặt câu hỏi tối đa ${max} ký tự.`,
  askUsage: 'Cách dùng: /ask [--k N] <câu hỏi>',
  unknownOption: (option, known) => `Không có tùy chọn "${option}". Các tùy chọn: ${known}.`,
  missingValue: (option) => `"${option}" cần một giá trị.`,
  badK: (value, max) => `--k nhận một số nguyên từ 1 đến ${max}, không phải "${value}".`,
  notAYear: (value) => `"${value}" không phải là một năm. Cách dùng: /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:chủ đề]`,
  fromAfterTo: (from, to) => `"from" (${from}) ở sau "to" (${to}).`,
  unknownKind: (value, kinds) => `"${value}" không phải là một loại sự kiện. Các loại: ${kinds}.`,
  timelineEmpty: 'Không có sự kiện nào khớp với bộ lọc này.',
  chartHint: (command, file) => `Biểu đồ các sự kiện này: ${command} (ghi ảnh PNG vào ${file}).`,
  failed: 'Xin lỗi, đã xảy ra lỗi khi trả lời. Lỗi đã được ghi lại.',
};

const id: TerminalStrings = {
  noAnswer:
    'Saya tidak menemukan jawabannya di artikel yang saya miliki. Saya membahas hubungan Vietnam–Rusia: kunjungan, ' +
    'perjanjian, kemitraan, perdagangan, energi, pendidikan, dan peringatan.',
  askInWords: 'Silakan ajukan pertanyaan dengan kata-kata, misalnya: Kapan Vietnam dan Uni Soviet menjalin hubungan diplomatik?',
  moreResults: (how) => `(masih ada hasil lain: tanyakan lebih spesifik, atau ketik: ${how})`,
  footer: (documents, builtAt, search) => `${documents} artikel · indeks dibuat ${builtAt} · ${search}`,
  searchHybrid: (modelId) => `pencarian semantik + kata kunci (${modelId})`,
  searchKeyword: 'hanya pencarian kata kunci',
  welcome: (documents, passages, search) =>
    `Bot hubungan Vietnam–Rusia: konsol lokal (DISCORD_TOKEN belum diatur).\n${documents} artikel, ${passages} bagian teks, ${search}.`,
  help: [
    'Perintah (sama seperti bot Discord):',
    '  /ask [--k N] <pertanyaan>                                kutipan bersumber yang menjawabnya (N hasil, 1–20)',
    '  /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:teks]    peristiwa bertanggal beserta sumbernya',
    '       kind: visit (kunjungan), call (telepon), agreement (perjanjian), anniversary (peringatan), meeting (pertemuan), other (lainnya)',
    '  /sources                                                 artikel yang menjadi dasar jawaban: bahasa, media, tanggal, terbaru',
    '  help   quit',
    'Baris tanpa garis miring adalah pertanyaan. Jawaban mengikuti bahasa pertanyaan Anda.',
  ].join('\n'),
  unknownCommand: (name) => `Perintah /${name} tidak dikenal. Ketik help.`,
  questionTooLong: (max) => `Mohon batasi pertanyaan hingga ${max} karakter.`,
  askUsage: 'Cara pakai: /ask [--k N] <pertanyaan>',
  unknownOption: (option, known) => `Opsi "${option}" tidak dikenal. Opsi: ${known}.`,
  missingValue: (option) => `"${option}" memerlukan nilai.`,
  badK: (value, max) => `--k menerima bilangan bulat dari 1 sampai ${max}, bukan "${value}".`,
  notAYear: (value) => `"${value}" bukan tahun. Cara pakai: /timeline [from:YYYY] [to:YYYY] [kind:K] [topic:teks]`,
  fromAfterTo: (from, to) => `"from" (${from}) lebih lambat dari "to" (${to}).`,
  unknownKind: (value, kinds) => `"${value}" bukan jenis peristiwa. Jenis: ${kinds}.`,
  timelineEmpty: 'Tidak ada peristiwa bertanggal yang cocok dengan filter itu.',
  chartHint: (command, file) => `Grafik peristiwa ini: ${command} (menulis PNG ke ${file}).`,
  failed: 'Maaf, terjadi kesalahan saat menjawab. Kesalahan sudah dicatat.',
};

const ru: TerminalStrings = {
  noAnswer:
    'В моих статьях нет ответа на этот вопрос. Я рассказываю о российско-вьетнамских отношениях: визитах, договорах, ' +
    'партнёрстве, торговле, энергетике, образовании и юбилеях.',
  askInWords: 'Задайте вопрос словами, например: Когда Вьетнам и Советский Союз установили дипломатические отношения?',
  moreResults: (how) => `(есть и другие результаты: уточните вопрос или введите: ${how})`,
  footer: (documents, builtAt, search) => `статей: ${documents} · индекс собран ${builtAt} · ${search}`,
  searchHybrid: (modelId) => `смысловой + поиск по словам (${modelId})`,
  searchKeyword: 'только поиск по словам',
  welcome: (documents, passages, search) =>
    `Бот о российско-вьетнамских отношениях: локальная консоль (DISCORD_TOKEN не задан).\nСтатей: ${documents}, фрагментов: ${passages}, ${search}.`,
  help: [
    'Команды (те же, что у бота в Discord):',
    '  /ask [--k N] <вопрос>                                    цитаты с источниками, отвечающие на вопрос (N результатов, 1–20)',
    '  /timeline [from:ГГГГ] [to:ГГГГ] [kind:K] [topic:текст]   события с датами и источниками',
    '       kind: visit (визит), call (телефонный разговор), agreement (соглашение), anniversary (годовщина), meeting (встреча), other (другое)',
    '  /sources                                                 статьи, по которым отвечает бот: языки, издания, даты, новейшие',
    '  help   quit',
    'Строка без косой черты — это вопрос. Ответ даётся на языке вопроса.',
  ].join('\n'),
  unknownCommand: (name) => `Неизвестная команда /${name}. Введите help.`,
  questionTooLong: (max) => `Пожалуйста, задавайте вопросы не длиннее ${max} символов.`,
  askUsage: 'Использование: /ask [--k N] <вопрос>',
  unknownOption: (option, known) => `Неизвестный параметр «${option}». Параметры: ${known}.`,
  missingValue: (option) => `Для «${option}» нужно значение.`,
  badK: (value, max) => `--k принимает целое число от 1 до ${max}, а не «${value}».`,
  notAYear: (value) => `«${value}» — не год. Использование: /timeline [from:ГГГГ] [to:ГГГГ] [kind:K] [topic:текст]`,
  fromAfterTo: (from, to) => `«from» (${from}) позже, чем «to» (${to}).`,
  unknownKind: (value, kinds) => `«${value}» — не вид события. Виды: ${kinds}.`,
  timelineEmpty: 'Нет событий с датами, подходящих под этот фильтр.',
  chartHint: (command, file) => `График этих событий: ${command} (PNG записывается в ${file}).`,
  failed: 'Извините, при ответе что-то пошло не так. Ошибка записана в журнал.',
};

const STRINGS: Record<UiLang, TerminalStrings> = { en, vi, id, ru };

export function terminalStrings(lang: UiLang): TerminalStrings {
  return STRINGS[lang];
}
