import { z } from 'zod';
import { LANGUAGES, type DocumentMeta, type Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { BinaryFileReader, TermIds, encodeBinaryFile } from './binary-file.ts';

/**
 * `passages.bin`: the passages of a generation, read at every start. It replaced `passages.json`, whose JSON parse
 * and zod check of every passage cost 1.1 s of the 100k load (docs/PERFORMANCE.md, issue 14, third pass). Layout
 * (binary-file.ts):
 *
 *   header   { formatVersion, passages, metas, strings, tablesBytes, stringsBytes }
 *   blob     UTF-8 JSON `{ extras, metaExtras }` (tablesBytes): the fields other stages added to a passage or a
 *            meta, kept as they are (usually none); then the UTF-8 of every string, concatenated (stringsBytes):
 *            each passage's id, docId, text and textHash, then the metas' strings, each once (`strings` of them)
 *   arrays   u32 stringEnds (where each string ends, in UTF-16 units of the decoded text), u32 start, u32 end,
 *            u32 meta (index into the metas), u32 metaStrings (per meta: id, title, outlet, url + 1 or 0, published,
 *            as string numbers), u8 metaCodes (per meta: lang, translated_from or NO_LANG, as LANGUAGES indexes)
 *
 * One meta per article, not per passage. Reading decodes the text in one call, slices it (V8 shares the slices'
 * characters with the whole) and checks every index and code: no per-passage JSON parse or zod check.
 */
const MAGIC = 'VRPS';
const PASSAGE_FORMAT_VERSION = 1;
const STRINGS_PER_PASSAGE = 4;
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
    strings.push(passage.id, passage.docId, passage.text, passage.textHash);
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
  const text = Buffer.from(strings.join(''), 'utf8');
  const header = {
    formatVersion: PASSAGE_FORMAT_VERSION,
    passages: n,
    metas: metas.length,
    strings: shared.terms.length,
    tablesBytes: tables.byteLength,
    stringsBytes: text.byteLength,
  };
  return encodeBinaryFile(MAGIC, header, Buffer.concat([tables, text]), [stringEnds, starts, ends, metaOf, metaStrings, metaCodes]);
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
  const stringCount = n * STRINGS_PER_PASSAGE + sharedCount;
  const [stringEnds, starts, ends, metaOf, metaStrings, metaCodes] = file.arrays(tablesBytes + stringsBytes, [
    { type: 'u32', length: stringCount },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: metaCount * STRINGS_PER_META },
    { type: 'u8', length: metaCount * 2 },
  ]) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint8Array];

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
    const textHash = string(s + 3);
    if (textHash.length !== TEXT_HASH_LENGTH) throw corrupt(`passage ${i} has no sha256 text hash`);
    passages[i] = { id: string(s), docId: string(s + 1), text: string(s + 2), start: starts[i]!, end: ends[i]!, textHash, meta };
  }
  for (const [i, fields] of tables.data.extras) {
    if (i >= n) throw corrupt(`extra fields for passage ${i}, outside its ${n}`);
    passages[i] = { ...passages[i]!, ...fields };
  }
  return passages;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `passage file is unreadable: ${reason}`, { cause });
}
