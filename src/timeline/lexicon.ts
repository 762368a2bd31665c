/**
 * Multilingual (vi, id, en, ru) word lists that decide whether a sentence is about the Vietnam–Russia/USSR
 * relationship, what kind of event it reports, and who takes part. Pure data plus small matchers.
 */

export const EVENT_KINDS = [
  'diplomatic-relations',
  'treaty',
  'strategic-partnership',
  'state-visit',
  'official-visit',
  'visit',
  'phone-call',
  'summit',
  'talks',
  'joint-statement',
  'agreement',
  'students',
  'election',
  'intergovernmental-committee',
  'anniversary',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Asker-friendly names, used for topics and autocomplete. */
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  'diplomatic-relations': 'diplomatic relations',
  treaty: 'friendship treaty',
  'strategic-partnership': 'strategic partnership',
  'state-visit': 'state visit',
  'official-visit': 'official visit',
  visit: 'visit',
  'phone-call': 'phone call',
  summit: 'summit (APEC, BRICS)',
  talks: 'talks and meetings',
  'joint-statement': 'joint statement',
  agreement: 'agreements',
  students: 'students and education',
  election: 'election or inauguration',
  'intergovernmental-committee': 'intergovernmental committee',
  anniversary: 'anniversary',
};

const KIND_PATTERNS: Record<EventKind, RegExp> = {
  'diplomatic-relations': /diplomatic (?:relations|ties)|quan hệ ngoại giao|hubungan diplomatik|дипломатическ\p{L}* отношени/iu,
  treaty: /treaty|hiệp ước|basic principles|nguyên tắc cơ bản|prinsip(?:-prinsip)? dasar|договор/iu,
  'strategic-partnership': /strategic partnership|đối tác chiến lược|kemitraan strategis|стратегическ\p{L}* партн/iu,
  'state-visit': /state visit|thăm cấp nhà nước|thăm nhà nước|kunjungan kenegaraan|государственн\p{L}* визит/iu,
  'official-visit': /official visit|thăm chính thức|kunjungan resmi|resmi berkunjung|berkunjung resmi|официальн\p{L}* визит/iu,
  visit: /visit|chuyến thăm|(?<!\p{L})thăm(?!\p{L})|chuyến đi|đã đến|kunjungan|berkunjung|mengunjungi|datang ke|визит|посети|посещени/iu,
  'phone-call': /phone|telephone|video call|điện đàm|điện thoại|telepon|panggilan video|телефон|видеосвяз/iu,
  summit: /summit|(?<!\p{L})apec(?!\p{L})|(?<!\p{L})brics(?!\p{L})|thượng đỉnh|(?<!\p{L})ktt(?!\p{L})|саммит|(?<!\p{L})атэс|брикс/iu,
  talks: /talks|meeting|(?<!\p{L})met(?!\p{L})|hội đàm|hội kiến|gặp gỡ|cuộc gặp|phiên họp|kỳ họp|pembicaraan|perundingan|bertemu|pertemuan|(?<!\p{L})sidang(?!\p{L})|переговор|встреч|заседани/iu,
  'joint-statement': /joint statement|joint communiqu|tuyên bố chung|pernyataan bersama|совместн\p{L}* заявлени|коммюнике/iu,
  agreement: /agreement|signed|signing|memorandum|ký kết|(?<!\p{L})ký(?!\p{L})|hiệp định|thỏa thuận|văn kiện|văn bản hợp tác|bản ghi nhớ|perjanjian|menandatangani|penandatanganan|nota kesepahaman|соглашени|подписа|меморандум/iu,
  students: /student|scholarship|sinh viên|lưu học sinh|du học|học bổng|mahasiswa|pelajar|beasiswa|студент|стипенди/iu,
  election: /re-?elect|(?<!\p{L})elect(?:ed|ion)(?!\p{L})|inaugurat|sworn in|được bầu|tái đắc cử|nhậm chức|terpilih|dilantik|избран|инаугурац|вступ\p{L}* в должность/iu,
  'intergovernmental-committee': /inter-?governmental|liên chính phủ|antarpemerintah|межправительствен/iu,
  anniversary: /anniversary|kỷ niệm|peringatan|menandai \d+ tahun|годовщин|юбиле|летие/iu,
};

/** Kinds too common to identify an event on their own: two mentions sharing only these are not the same event. */
export const GENERIC_KINDS: ReadonlySet<EventKind> = new Set(['anniversary', 'agreement']);

/** Visits of every sort are one family for deciding whether two mentions report the same event. */
export function kindFamily(kind: EventKind): string {
  return kind === 'state-visit' || kind === 'official-visit' ? 'visit' : kind;
}

const KIND_SOURCES = EVENT_KINDS.map((kind) => KIND_PATTERNS[kind].source);

/**
 * Any kind at all, in one scan: most texts name none, and fifteen scans of every snippet of a sentence that holds
 * two hundred dates were most of the extractor's time. Built from the constant patterns above, never from input.
 */
const ANY_KIND = new RegExp(KIND_SOURCES.map((source) => `(?:${source})`).join('|'), 'iu');

export function classifyEventKinds(text: string): EventKind[] {
  if (!ANY_KIND.test(text)) return [];
  return EVENT_KINDS.filter((kind) => KIND_PATTERNS[kind].test(text));
}

/** The word-edge assertions of the kind patterns ("thăm" but not "thămx"). */
export const WORD_EDGE_ASSERTIONS = /\(\?<!\\p\{L\}\)|\(\?!\\p\{L\}\)/gu;

/**
 * The kind patterns without their word-edge assertions, so a superset of what they match. Every text the
 * extractor classifies is a piece of one cleaned sentence (a clause, a window, the whole), and a piece can only
 * differ from the sentence at its edges; so when the cleaned sentence has no match here, no piece of it names an
 * event kind, and none of its dates can become an event.
 */
const MAY_NAME_KIND = new RegExp(KIND_SOURCES.map((source) => `(?:${source.replace(WORD_EDGE_ASSERTIONS, '')})`).join('|'), 'iu');

/** False only when no piece of `cleanedSentence` (whitespace runs collapsed to one space) can name an event kind. */
export function mayNameEventKind(cleanedSentence: string): boolean {
  return MAY_NAME_KIND.test(cleanedSentence);
}

/** The sources of the kind patterns, for tests that check the reasoning behind mayNameEventKind. */
export const EVENT_KIND_PATTERN_SOURCES: readonly string[] = KIND_SOURCES;

// ---------------------------------------------------------------- the kinds people filter by

/**
 * The few kinds a person filters the timeline by (`/timeline kind:`, `--kind`, the `kinds` field of `--json`).
 * Each event has one or more; `other` only when it is none of the rest (relations established, partnerships
 * upgraded, students, elections).
 */
export const TIMELINE_KINDS = ['visit', 'call', 'agreement', 'anniversary', 'meeting', 'other'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(value: unknown): value is TimelineKind {
  return (TIMELINE_KINDS as readonly unknown[]).includes(value);
}

/** The class of each detected kind: visits of every sort, calls, signed texts (treaties, statements), meetings. */
const TIMELINE_KIND_OF: Record<EventKind, TimelineKind> = {
  'diplomatic-relations': 'other',
  treaty: 'agreement',
  'strategic-partnership': 'other',
  'state-visit': 'visit',
  'official-visit': 'visit',
  visit: 'visit',
  'phone-call': 'call',
  summit: 'meeting',
  talks: 'meeting',
  'joint-statement': 'agreement',
  agreement: 'agreement',
  students: 'other',
  election: 'other',
  'intergovernmental-committee': 'meeting',
  anniversary: 'anniversary',
};

/** The filterable kinds of an event with these detected kinds, in TIMELINE_KINDS order; never empty. */
export function timelineKindsOf(kinds: Iterable<EventKind>): TimelineKind[] {
  const found = new Set([...kinds].map((kind) => TIMELINE_KIND_OF[kind]));
  if (found.size > 1) found.delete('other');
  return found.size === 0 ? ['other'] : TIMELINE_KINDS.filter((kind) => found.has(kind));
}

// ---------------------------------------------------------------- relevance

/** Capitalised on purpose: Vietnamese "Nga" is Russia, lower-case "nga" is part of other words ("ngân nga"). */
const RUSSIA_CASED = /(?<!\p{L})(?:Nga|NGA|Liên Xô|Xô viết|Xô Viết|Matxcơva)(?!\p{L})/u;
const RUSSIA = /russia|rusia|soviet|ussr|(?<!\p{L})uni soviet|kremlin|moscow|moskow|putin|mishustin|lavrov|medvedev|росси|российск|ссср|советск|кремл|москв|путин|мишустин|лавров/iu;
/** The country, its capital and cities, and its leaders (a sentence such as "Phạm Minh Chính visited Russia" counts). */
const VIETNAM =
  /việt|vietnam|viet nam|вьетнам|hà nội|hanoi|ha noi|đà nẵng|da nang|hồ chí minh|ho chi minh|хо ши мин|ханой|nguyễn phú trọng|nguyen phu trong|tô lâm|to lam|phạm minh chính|pham minh chinh|trần thanh mẫn|tran thanh man|нгуен фу чонг|то лам|фам минь чинь/iu;
const BILATERAL = /two countries|both countries|two nations|two sides|both sides|bilateral|hai nước|hai bên|song phương|kedua negara|kedua belah pihak|kedua pihak|kedua bangsa|bilateral|двусторонн|двух стран|обе страны|обеих стран/iu;
/** A third country paired with Vietnam means the sentence is about another relationship (clutter such as "Việt Nam - Áo"). */
const OTHER_COUNTRY = /(?<!\p{L})(?:Áo|Hoa Kỳ|Mỹ|Trung Quốc|Nhật Bản|Hàn Quốc|Ấn Độ|Pakistan|Ukraine|Lào|Campuchia|Pháp|Đức|Austria|United States|America|China|Japan|Korea|India|Laos|Cambodia|France|Germany|Amerika Serikat|Tiongkok|Jepang|Австри|США|Китай|Япони|Индия)(?!\p{L})/u;

export function mentionsRussia(text: string): boolean {
  return RUSSIA_CASED.test(text) || RUSSIA.test(text);
}

export function mentionsVietnam(text: string): boolean {
  return VIETNAM.test(text);
}

/**
 * A sentence concerns the relationship when it names both countries (or their leaders and cities), or speaks of
 * "the two countries" with no third country in sight — next to one of them, or anywhere in an article that is
 * itself about the relationship ("The two countries are celebrating the 75th anniversary of their ties").
 */
export function isAboutRelationship(sentence: string, inRelationshipArticle = false): boolean {
  const russia = mentionsRussia(sentence);
  const vietnam = mentionsVietnam(sentence);
  if (russia && vietnam) return true;
  return BILATERAL.test(sentence) && (russia || vietnam || inRelationshipArticle) && !OTHER_COUNTRY.test(sentence);
}

/** Markers of plans rather than facts: a bare current year next to them is not a datable event. */
export const FUTURE_MARKERS = /(?<!\p{L})(?:will|shall|plans? to|sẽ|sắp tới|dự kiến|akan|rencana|будет|будут|планиру)(?!\p{L})/iu;

// ---------------------------------------------------------------- people and names

/** Key names in the asker-friendly (ASCII) form, with the spellings found in the corpus languages. */
export const KEY_NAMES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'Vladimir Putin', pattern: /putin|путин/iu },
  { name: 'Mikhail Mishustin', pattern: /mishustin|мишустин/iu },
  { name: 'Dmitry Medvedev', pattern: /medvedev|медведев/iu },
  { name: 'Sergey Lavrov', pattern: /lavrov|лавров/iu },
  { name: 'Nguyen Phu Trong', pattern: /nguyễn phú trọng|nguyen phu trong|(?<!\p{L})trọng(?!\p{L})|(?<!\p{L})trong(?= (?:highly|said|emphasi|affirm))|нгуен фу чонг/iu },
  { name: 'To Lam', pattern: /tô lâm|to lam|(?:secretary|bí thư) lâm|то лам/iu },
  { name: 'Pham Minh Chinh', pattern: /phạm minh chính|pham minh chinh|pm chính|фам минь тьинь/iu },
  { name: 'Tran Thanh Man', pattern: /trần thanh mẫn|tran thanh man|(?:chairman|quốc hội) mẫn|чан тхань ман/iu },
  { name: 'Ho Chi Minh', pattern: /hồ chí minh|ho chi minh|хо ши мин/iu },
  { name: 'APEC', pattern: /(?<!\p{L})apec(?!\p{L})|атэс/iu },
  { name: 'BRICS', pattern: /(?<!\p{L})brics(?!\p{L})|брикс/iu },
];

/** The people an event text names; also used to keep two different leaders' trips apart when merging. */
export function keyNamesIn(text: string): string[] {
  return KEY_NAMES.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}
