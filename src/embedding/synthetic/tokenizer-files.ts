import type { Random } from './prng.ts';

/**
 * tokenizer.json / tokenizer_config.json in the Hugging Face `tokenizers` format, for the synthetic models.
 * Two kinds, matching the two real families the bot cares about:
 * - WordPiece (BERT), lower-cased but with diacritics kept, so that Vietnamese words stay distinct;
 * - Unigram with a SentencePiece-style `▁` word marker (XLM-R, the tokenizer of multilingual-e5).
 */
export type JsonObject = Record<string, unknown>;

/** Words as the tokenizers will see them: NFC, split on anything that is not a letter, mark or digit. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

const addedToken = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

function template(first: string, last: string, ids: Record<string, number>): JsonObject {
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    type: 'TemplateProcessing',
    single: [special(first), { Sequence: { id: 'A', type_id: 0 } }, special(last)],
    pair: [special(first), { Sequence: { id: 'A', type_id: 0 } }, special(last), { Sequence: { id: 'B', type_id: 1 } }, special(last)],
    special_tokens: Object.fromEntries(
      [first, last].map((token) => [token, { id: token, ids: [ids[token]], tokens: [token] }]),
    ),
  };
}

const WORDPIECE_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const ASCII_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const METASPACE = '\u2581';
/** Punctuation and symbols news text uses; as pieces they keep `?`, `–` or `«` from becoming <unk>. */
const PUNCTUATION = `.,:;!?'"()[]{}-–—«»“”‘’„…/\\%&*+=<>@#$€₫₽°|_~^`;
/** Words every e5 input contains (its prefixes), kept whole as in the real vocabulary. */
const ALWAYS_WHOLE_WORDS = ['query', 'passage'];

export interface WordPieceFiles {
  tokenizer: JsonObject;
  tokenizerConfig: JsonObject;
  vocabSize: number;
}

/**
 * Vocabulary: special tokens, every distinct lower-cased word given, then every character alone and as a
 * `##` continuation, so that an unseen word falls apart into characters instead of becoming [UNK].
 */
export function wordPieceTokenizer(words: Iterable<string>, maxLength: number): WordPieceFiles {
  const lowered = new Set<string>();
  for (const word of words) for (const w of wordsOf(word.toLowerCase())) lowered.add(w);
  const characters = new Set<string>(ASCII_ALPHANUMERIC);
  for (const word of lowered) for (const ch of word) characters.add(ch);
  const punctuation = [...new Set(PUNCTUATION)].filter((ch) => !characters.has(ch));

  const vocab: Record<string, number> = {};
  let size = 0;
  const add = (token: string) => {
    if (!(token in vocab)) vocab[token] = size++;
  };
  WORDPIECE_SPECIALS.forEach(add);
  [...lowered].sort().forEach(add);
  for (const ch of [...characters].sort()) {
    add(ch);
    add(`##${ch}`);
  }
  // BertPreTokenizer splits punctuation off as separate tokens; each gets its own id rather than sharing [UNK].
  punctuation.forEach(add);

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: WORDPIECE_SPECIALS.map((token) => addedToken(vocab[token]!, token)),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFC' },
        { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
      ],
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: template('[CLS]', '[SEP]', vocab),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: false,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, tokenizerConfig, vocabSize: size };
}

/** Scripts the filler pieces are drawn from, so that the vocabulary is as mixed as XLM-R's. */
const FILLER_ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyzàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ',
  'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  'αβγδεζηθικλμνξοπρστυφχψω',
  'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
  'अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह',
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长',
  'กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ',
];

export interface UnigramFiles {
  tokenizer: JsonObject;
  tokenizerConfig: JsonObject;
}

/**
 * An XLM-R-like Unigram vocabulary of exactly `vocabSize` pieces. Real pieces come from the words given (whole words
 * with the `▁` marker, scored by frequency, plus their 2–4 character fragments); the rest is filler drawn from
 * several scripts, so the vocabulary has XLM-R's size and the tokeniser its real cost. Filler scores are low, so
 * text from the given words tokenises roughly as XLM-R would: common words whole, rare words in fragments.
 */
export function unigramTokenizer(words: Iterable<string>, vocabSize: number, maxLength: number, random: Random): UnigramFiles {
  const specials = ['<s>', '<pad>', '</s>', '<unk>'];
  const pieces = new Map<string, number>();
  const add = (piece: string, score: number) => {
    if (pieces.size + specials.length + 1 < vocabSize && !pieces.has(piece)) pieces.set(piece, score);
  };

  const counts = new Map<string, number>();
  let total = 0;
  for (const text of words) {
    for (const w of wordsOf(text)) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      total++;
    }
  }
  const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const characters = new Set<string>();
  for (const alphabet of FILLER_ALPHABETS) for (const ch of alphabet) characters.add(ch);
  for (const [w] of byFrequency) for (const ch of w) characters.add(ch);
  for (const ch of ASCII_ALPHANUMERIC + ASCII_ALPHANUMERIC.toUpperCase() + PUNCTUATION) characters.add(ch);
  for (const w of ALWAYS_WHOLE_WORDS) if (!counts.has(w)) byFrequency.unshift([w, 1]);
  // Single characters first: they guarantee that any text in these scripts tokenises without <unk>.
  add(METASPACE, -5);
  for (const ch of characters) {
    add(ch, -12);
    add(METASPACE + ch, -12.5);
  }
  for (const [w, n] of byFrequency) add(METASPACE + w, Math.log(n / Math.max(total, 1)) - 2);
  for (const [w] of byFrequency) {
    const chars = [...w];
    for (let len = 2; len <= 4; len++) {
      for (let start = 0; start + len <= chars.length; start++) {
        const fragment = chars.slice(start, start + len).join('');
        add(start === 0 ? METASPACE + fragment : fragment, -10 - len * 0.1);
      }
    }
  }
  const alphabets = FILLER_ALPHABETS.map((a) => [...a]);
  while (pieces.size + specials.length + 1 < vocabSize) {
    const alphabet = alphabets[Math.floor(random.next() * alphabets.length)]!;
    const length = 2 + Math.floor(random.next() * 5);
    let piece = random.next() < 0.5 ? METASPACE : '';
    for (let i = 0; i < length; i++) piece += alphabet[Math.floor(random.next() * alphabet.length)];
    add(piece, -14 - random.next() * 4);
  }

  const vocab: [string, number][] = [...specials.map((s): [string, number] => [s, 0]), ...pieces.entries(), ['<mask>', 0]];
  const ids = Object.fromEntries(vocab.map(([piece], id) => [piece, id]));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...specials, '<mask>'].map((token) => addedToken(ids[token]!, token)),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    post_processor: template('<s>', '</s>', ids),
    decoder: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true },
    model: { type: 'Unigram', unk_id: ids['<unk>'], vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'XLMRobertaTokenizer',
    model_max_length: maxLength,
    bos_token: '<s>',
    eos_token: '</s>',
    sep_token: '</s>',
    cls_token: '<s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    mask_token: '<mask>',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, tokenizerConfig };
}
