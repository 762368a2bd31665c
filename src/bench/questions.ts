import { isLang, LANGUAGES, type Lang, type Passage } from '../domain.ts';
import { createRng, type Rng } from './random.ts';

/**
 * Questions for the warm-latency run: the eval set's own questions first, then questions made from the corpus's
 * sentences (a window of their words inside a question template of the language), balanced over the four
 * languages. Russian has no articles, so Russian questions come from templates and the domain's Russian terms.
 * Their answers do not matter here, only that their length, scripts and vocabulary are those users would send.
 */
export interface BenchQuestion {
  text: string;
  lang: Lang;
  origin: 'eval' | 'corpus' | 'template';
}

const TEMPLATES: Record<Lang, readonly string[]> = {
  en: ['What happened when {x}?', 'What do the articles say about {x}?', 'When {x}?', 'Why {x}?'],
  vi: ['{x} là gì?', 'Khi nào {x}?', 'Tại sao {x}?', 'Báo chí nói gì về {x}?'],
  id: ['Apa yang terjadi ketika {x}?', 'Kapan {x}?', 'Mengapa {x}?', 'Apa kata berita tentang {x}?'],
  ru: ['Что известно о том, как {x}?', 'Когда {x}?', 'Почему {x}?', 'Что пишут о {x}?'],
};

/** Fallback phrases per language, for languages the corpus (or the eval set) does not cover. */
const DOMAIN_PHRASES: Record<Lang, readonly string[]> = {
  en: [
    'Vietnam and the Soviet Union established diplomatic relations',
    'the comprehensive strategic partnership with Russia',
    'Vietsovpetro oil and gas cooperation',
    'Vietnamese students studied in Moscow',
    'trade between Vietnam and the Eurasian Economic Union',
    'the Russian president visited Hanoi',
  ],
  vi: [
    'Việt Nam và Liên Xô thiết lập quan hệ ngoại giao',
    'quan hệ đối tác chiến lược toàn diện Việt Nam – Nga',
    'hợp tác dầu khí Vietsovpetro',
    'sinh viên Việt Nam du học tại Moskva',
    'thương mại giữa Việt Nam và Liên minh Kinh tế Á – Âu',
    'Tổng thống Nga thăm Hà Nội',
  ],
  id: [
    'Vietnam dan Uni Soviet menjalin hubungan diplomatik',
    'kemitraan strategis komprehensif Vietnam dan Rusia',
    'kerja sama minyak dan gas Vietsovpetro',
    'mahasiswa Vietnam belajar di Moskow',
    'perdagangan Vietnam dengan Uni Ekonomi Eurasia',
    'Presiden Rusia mengunjungi Hanoi',
  ],
  ru: [
    'Вьетнам и СССР установили дипломатические отношения',
    'всеобъемлющее стратегическое партнёрство Вьетнама и России',
    'сотрудничество в нефтегазовой сфере и Вьетсовпетро',
    'вьетнамские студенты учились в Москве',
    'торговля Вьетнама с Евразийским экономическим союзом',
    'президент России посетил Ханой',
    'договор о дружбе и сотрудничестве 1978 года',
    'военно-техническое сотрудничество двух стран',
    'строительство атомной электростанции во Вьетнаме',
    'годовщина установления отношений',
  ],
};

/** Word windows of this many words make questions of the length users type (about 6–14 words with the template). */
const FRAGMENT_WORDS = { min: 4, max: 10 } as const;

function fragmentOf(text: string, rng: Rng): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  if (words.length < FRAGMENT_WORDS.min) return null;
  const length = Math.min(words.length, FRAGMENT_WORDS.min + rng.int(FRAGMENT_WORDS.max - FRAGMENT_WORDS.min + 1));
  const start = rng.int(words.length - length + 1);
  return words.slice(start, start + length).join(' ');
}

function fromTemplate(lang: Lang, fragment: string, rng: Rng): string {
  return rng.pick(TEMPLATES[lang]).replace('{x}', fragment);
}

export interface QuestionSetOptions {
  passages: readonly Passage[];
  evalQuestions?: readonly { text: string; lang: Lang }[];
  count: number;
  seed: number;
}

/** `count` questions, as close to count/4 per language as the rounding allows, deterministic for a seed. */
export function makeQuestions(options: QuestionSetOptions): BenchQuestion[] {
  const rng = createRng(options.seed);
  const perLang = LANGUAGES.map((_, i) => Math.floor(options.count / LANGUAGES.length) + (i < options.count % LANGUAGES.length ? 1 : 0));
  const out: BenchQuestion[] = [];
  LANGUAGES.forEach((lang, i) => {
    const wanted = perLang[i] as number;
    const mine: BenchQuestion[] = rng
      .shuffled((options.evalQuestions ?? []).filter((q) => q.lang === lang && q.text.trim()))
      .slice(0, wanted)
      .map((q) => ({ text: q.text.trim(), lang, origin: 'eval' }));
    const texts = options.passages.filter((p) => p.meta.lang === lang).map((p) => p.text);
    // Bounded so that a corpus of one-word passages cannot loop forever.
    for (let attempt = 0; mine.length < wanted && attempt < wanted * 20 && texts.length > 0; attempt++) {
      const fragment = fragmentOf(rng.pick(texts), rng);
      if (fragment) mine.push({ text: fromTemplate(lang, fragment, rng), lang, origin: 'corpus' });
    }
    while (mine.length < wanted) {
      mine.push({ text: fromTemplate(lang, rng.pick(DOMAIN_PHRASES[lang]), rng), lang, origin: 'template' });
    }
    out.push(...mine);
  });
  // Interleaved, so that a slow stretch of the shared machine does not fall on one language only.
  return rng.shuffled(out);
}

/**
 * Questions from an eval file whose format this module does not own: every object with a string `question`
 * anywhere in the JSON, with its `lang` when that is one of the four, else the language `detectLang` guesses.
 */
export function extractEvalQuestions(json: unknown, detectLang: (text: string) => Lang): { text: string; lang: Lang }[] {
  const out: { text: string; lang: Lang }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.question === 'string' && record.question.trim()) {
      const lang = isLang(record.lang) ? record.lang : detectLang(record.question);
      out.push({ text: record.question.trim(), lang });
    }
    Object.values(record).forEach(visit);
  };
  visit(json);
  return out;
}
