import { z } from 'zod';
import { LANGUAGES, type DocumentMeta, type Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { BinaryFileReader, TermIds, encodeBinaryFile } from './binary-file.ts';

/**
 * `passages.bin`: the passages of a generation, read at every start. It replaced `passages.json`, whose JSON parse
 * and zod check of every passage cost 1.1 s of the 100k load (docs/PERFORMANCE.md, issue 14, third pass). Layout
 * (binary-file.ts):
 *
 *   header   { formatVersion, passages, metas, strings, tablesBytes, stringsBytes, textBytes }
 *   blob     UTF-8 JSON `{ extras, metaExtras }` (tablesBytes): the fields other stages added to a passage or a
 *            meta, kept as they are (usually none); then the UTF-8 of the short strings, concatenated (stringsBytes):
 *            each passage's id, docId and textHash, then the metas' strings, each once (`strings` of them); then
 *            the UTF-8 of every passage's text, concatenated (textBytes)
 *   arrays   u32 stringEnds (where each short string ends, in UTF-16 units of the decoded short strings), u32
 *            textEnds (where each text ends, in bytes), u32 textLengths (each text's length in UTF-16 units), u32
 *            start, u32 end, u32 meta (index into the metas), u32 metaStrings (per meta: id, title, outlet,
 *            url + 1 or 0, published, as string numbers), u8 metaCodes (per meta: lang, translated_from or NO_LANG,
 *            as LANGUAGES indexes)
 *
 * One meta per article, not per passage. Reading decodes the short strings in one call and slices them (V8 shares
 * the slices' characters with the whole), and checks every index and code: no per-passage JSON parse or zod check.
 * A passage's text is decoded when it is first read (StoredPassage): a question reads the texts of the few passages
 * it quotes or scores sentence by sentence, and decoding all 58M characters of a 100k corpus at start cost 0.4–0.5 s
 * of its load, and 116 MB of heap for a string most of which was never read (format 2, sixth session).
 */
const MAGIC = 'VRPS';
const PASSAGE_FORMAT_VERSION = 2;
const STRINGS_PER_PASSAGE = 3;
const STRINGS_PER_META = 5;
const NO_LANG = 255;
const KNOWN_FIELDS = new Set(['id', 'docId', 'text', 'start', 'end', 'textHash', 'meta']);
const KNOWN_META_FIELDS = new Set(['id', 'title', 'outlet', 'url', 'lang', 'published', 'translated_from']);
const TEXT_HASH_LENGTH = 64;

type Extras = [number, Record<string, unknown>][];
const extrasSchema = z.array(z.tuple([z.number().int().nonnegative(), z.record(z.string(), z.unknown())]));
const tablesSchema = z.object({ extras: extrasSchema, metaExtras: extrasSchema });

function extraFields(object: object, known: ReadonlySet<string>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const field of Object.keys(object)) {
    if (!known.has(field)) (extra ??= {})[field] = (object as Record<string, unknown>)[field];
  }
  return extra;
}

/** The stored form of `passages`. */
export function encodePassages(passages: readonly Passage[]): Uint8Array {
  const n = passages.length;
  // By identity: the passages of one article share its meta object (the chunker's and decodePassages' alike).
  const metaIds = new Map<DocumentMeta, number>();
  const metas: DocumentMeta[] = [];
  const metaOf = new Uint32Array(n);
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  const extras: Extras = [];
  const strings: string[] = [];
  const texts: string[] = new Array(n);
  const textEnds = new Uint32Array(n);
  const textLengths = new Uint32Array(n);
  let textBytes = 0;
  passages.forEach((passage, i) => {
    let id = metaIds.get(passage.meta);
    if (id === undefined) {
      id = metas.length;
      metas.push(passage.meta);
      metaIds.set(passage.meta, id);
    }
    metaOf[i] = id;
    starts[i] = passage.start;
    ends[i] = passage.end;
    strings.push(passage.id, passage.docId, passage.textHash);
    const text = passage.text;
    texts[i] = text;
    textBytes += Buffer.byteLength(text, 'utf8');
    textEnds[i] = textBytes;
    textLengths[i] = text.length;
    const extra = extraFields(passage, KNOWN_FIELDS);
    if (extra) extras.push([i, extra]);
  });
  // Titles, outlets and dates repeat across articles: each is stored once.
  const shared = new TermIds();
  const metaStrings = new Uint32Array(metas.length * STRINGS_PER_META);
  const metaCodes = new Uint8Array(metas.length * 2);
  const metaExtras: Extras = [];
  metas.forEach((meta, m) => {
    const at = m * STRINGS_PER_META;
    metaStrings[at] = shared.idOf(meta.id);
    metaStrings[at + 1] = shared.idOf(meta.title);
    metaStrings[at + 2] = shared.idOf(meta.outlet);
    metaStrings[at + 3] = meta.url === undefined ? 0 : shared.idOf(meta.url) + 1;
    metaStrings[at + 4] = shared.idOf(meta.published);
    metaCodes[2 * m] = LANGUAGES.indexOf(meta.lang);
    metaCodes[2 * m + 1] = meta.translated_from === undefined ? NO_LANG : LANGUAGES.indexOf(meta.translated_from);
    const extra = extraFields(meta, KNOWN_META_FIELDS);
    if (extra) metaExtras.push([m, extra]);
  });
  for (const term of shared.terms) strings.push(term); // a loop: spreading 100k arguments can overflow the stack
  const stringEnds = new Uint32Array(strings.length);
  let at = 0;
  strings.forEach((s, i) => {
    at += s.length;
    stringEnds[i] = at;
  });
  const tables = Buffer.from(JSON.stringify({ extras, metaExtras }), 'utf8');
  const short = Buffer.from(strings.join(''), 'utf8');
  const textBlob = Buffer.from(texts.join(''), 'utf8');
  const header = {
    formatVersion: PASSAGE_FORMAT_VERSION,
    passages: n,
    metas: metas.length,
    strings: shared.terms.length,
    tablesBytes: tables.byteLength,
    stringsBytes: short.byteLength,
    textBytes: textBlob.byteLength,
  };
  return encodeBinaryFile(MAGIC, header, Buffer.concat([tables, short, textBlob]), [stringEnds, textEnds, textLengths, starts, ends, metaOf, metaStrings, metaCodes]);
}

/** Reads `passages.bin`; every offset, index and code is checked before use. Throws INDEX_CORRUPT naming the problem. */
export function decodePassages(bytes: Uint8Array): Passage[] {
  const file = BinaryFileReader.open(bytes, MAGIC, 'passage', corrupt);
  if (file.header.formatVersion !== PASSAGE_FORMAT_VERSION) throw corrupt(`format version ${String(file.header.formatVersion)}, expected ${PASSAGE_FORMAT_VERSION}`);
  const n = file.count('passages');
  const metaCount = file.count('metas');
  const sharedCount = file.count('strings');
  const tablesBytes = file.count('tablesBytes');
  const stringsBytes = file.count('stringsBytes');
  const textBytes = file.count('textBytes');
  const stringCount = n * STRINGS_PER_PASSAGE + sharedCount;
  const [stringEnds, textEnds, textLengths, starts, ends, metaOf, metaStrings, metaCodes] = file.arrays(tablesBytes + stringsBytes + textBytes, [
    { type: 'u32', length: stringCount },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: metaCount * STRINGS_PER_META },
    { type: 'u8', length: metaCount * 2 },
  ]) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint8Array];

  let tablesJson: unknown;
  try {
    tablesJson = JSON.parse(file.blobText(0, tablesBytes));
  } catch (error) {
    throw corrupt('its table of extra fields is not JSON', error);
  }
  const tables = tablesSchema.safeParse(tablesJson);
  if (!tables.success) throw corrupt('its table of extra fields has an unexpected shape');

  const text = file.blobText(tablesBytes, stringsBytes);
  let previous = 0;
  for (const end of stringEnds) {
    if (end < previous) throw corrupt('string offsets go backwards');
    previous = end;
  }
  if (previous !== text.length) throw corrupt(`strings end at ${previous}, the decoded text is ${text.length} long`);
  const string = (i: number) => text.slice(i === 0 ? 0 : stringEnds[i - 1]!, stringEnds[i]!);
  const textBlob = file.blobBytes(tablesBytes + stringsBytes, textBytes);
  let textEnd = 0;
  for (let i = 0; i < n; i++) {
    const from = textEnd;
    textEnd = textEnds[i]!;
    if (textEnd < from) throw corrupt('text offsets go backwards');
    // A UTF-16 unit takes one to three bytes of UTF-8 (a surrogate pair, two units, takes four).
    const length = textLengths[i]!;
    if (length > textEnd - from || 3 * length < textEnd - from) throw corrupt(`passage ${i}'s text length does not fit its ${textEnd - from} bytes`);
  }
  if (textEnd !== textBytes) throw corrupt(`texts end at byte ${textEnd}, the header says ${textBytes}`);

  const sharedBase = n * STRINGS_PER_PASSAGE;
  const sharedString = (id: number, what: string) => {
    if (id >= sharedCount) throw corrupt(`an article's ${what} names string ${id}, outside its ${sharedCount}`);
    return string(sharedBase + id);
  };
  const language = (code: number) => {
    const lang = LANGUAGES[code];
    if (lang === undefined) throw corrupt(`an article has an unknown language code ${code}`);
    return lang;
  };
  const metas: DocumentMeta[] = new Array(metaCount);
  for (let m = 0; m < metaCount; m++) {
    const at = m * STRINGS_PER_META;
    const url = metaStrings[at + 3]!;
    const translated = metaCodes[2 * m + 1]!;
    metas[m] = {
      id: sharedString(metaStrings[at]!, 'id'),
      title: sharedString(metaStrings[at + 1]!, 'title'),
      outlet: sharedString(metaStrings[at + 2]!, 'outlet'),
      ...(url !== 0 && { url: sharedString(url - 1, 'url') }),
      lang: language(metaCodes[2 * m]!),
      published: sharedString(metaStrings[at + 4]!, 'date'),
      ...(translated !== NO_LANG && { translated_from: language(translated) }),
    };
  }
  for (const [m, fields] of tables.data.metaExtras) {
    if (m >= metaCount) throw corrupt(`extra fields for article ${m}, outside its ${metaCount}`);
    Object.assign(metas[m]!, fields, metas[m]);
  }

  const passages = new Array<Passage>(n);
  for (let i = 0; i < n; i++) {
    const meta = metas[metaOf[i]!];
    if (meta === undefined) throw corrupt(`passage ${i} names article ${metaOf[i]}, outside its ${metaCount}`);
    const s = i * STRINGS_PER_PASSAGE;
    const textHash = string(s + 2);
    if (textHash.length !== TEXT_HASH_LENGTH) throw corrupt(`passage ${i} has no sha256 text hash`);
    passages[i] = new StoredPassage(string(s), string(s + 1), textBlob, i === 0 ? 0 : textEnds[i - 1]!, textEnds[i]!, textLengths[i]!, starts[i]!, ends[i]!, textHash, meta);
  }
  for (const [i, fields] of tables.data.extras) {
    if (i >= n) throw corrupt(`extra fields for passage ${i}, outside its ${n}`);
    // Onto the passage itself, as own data fields: a spread copy would leave its text behind (it is read through the
    // prototype), and a field named as a known one (or __proto__) must not replace it.
    for (const [field, value] of Object.entries(fields)) {
      if (!KNOWN_FIELDS.has(field) && field !== '__proto__') Object.defineProperty(passages[i]!, field, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return passages;
}

/**
 * A passage read from `passages.bin`. Its own enumerable fields are a Passage's but `text`, which its prototype
 * decodes from the file's memory on first read and then keeps: `{ ...passage }` and JSON.stringify leave the text
 * out, so code that copies a passage reads `text` by name (as encodePassages does). `textLengthOf` gives a text's
 * length without decoding it.
 */
class StoredPassage implements Passage {
  readonly #blob: Buffer;
  readonly #from: number;
  readonly #to: number;
  readonly #length: number;
  #decoded: string | undefined;
  constructor(
    public id: string,
    public docId: string,
    blob: Buffer,
    from: number,
    to: number,
    length: number,
    public start: number,
    public end: number,
    public textHash: string,
    public meta: DocumentMeta,
  ) {
    this.#blob = blob;
    this.#from = from;
    this.#to = to;
    this.#length = length;
  }

  get text(): string {
    return (this.#decoded ??= this.#blob.toString('utf8', this.#from, this.#to));
  }

  get textLength(): number {
    return this.#length;
  }
}

/**
 * The length of a passage's text in UTF-16 units (what `text.length` gives), without decoding a stored passage's
 * text: the sentence store's checks and an update's reuse keys read it for every passage of a generation.
 */
export function textLengthOf(passage: Passage): number {
  return passage instanceof StoredPassage ? passage.textLength : passage.text.length;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `passage file is unreadable: ${reason}`, { cause });
}
