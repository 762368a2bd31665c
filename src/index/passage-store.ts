import { z } from 'zod';
import { LANGUAGES, type DocumentMeta, type Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { BinaryFileReader, encodeBinaryFile } from './binary-file.ts';

/**
 * `passages.bin`: the passages of a generation, read at every start. It replaced `passages.json`, whose JSON parse
 * and zod check of every passage cost 1.1 s of the 100k load (docs/PERFORMANCE.md, issue 14, third pass). Layout
 * (binary-file.ts):
 *
 *   header   { formatVersion, passages, metas, tablesBytes, stringsBytes }
 *   blob     UTF-8 JSON `{ metas, extras }` (tablesBytes): one meta per article, not per passage, and the fields
 *            other stages added to a passage, kept as they are; then UTF-8 of every passage's id, docId, text and
 *            textHash concatenated (stringsBytes)
 *   arrays   u32 stringEnds (4 per passage: where each of the four strings ends, in UTF-16 units of the decoded
 *            strings), u32 start, u32 end, u32 meta (index into metas)
 *
 * Reading decodes the strings in one call and slices them (V8 shares the slices' characters with the whole), and
 * checks only the per-article metas with zod: tens of milliseconds at 100k passages instead of a second.
 */
const MAGIC = 'VRPS';
const PASSAGE_FORMAT_VERSION = 1;
const STRINGS_PER_PASSAGE = 4;
const KNOWN_FIELDS = new Set(['id', 'docId', 'text', 'start', 'end', 'textHash', 'meta']);
const TEXT_HASH = /^[0-9a-f]{64}$/;

// Loose objects: a field added to these shapes by another stage must survive the round trip through the index.
const metaSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  outlet: z.string(),
  url: z.string().optional(),
  lang: z.enum(LANGUAGES),
  published: z.string(),
  translated_from: z.enum(LANGUAGES).optional(),
});

const tablesSchema = z.object({
  metas: z.array(metaSchema),
  /** [passage position, the fields of that passage beyond Passage's own]. */
  extras: z.array(z.tuple([z.number().int().nonnegative(), z.record(z.string(), z.unknown())])),
});

/** The stored form of `passages`. */
export function encodePassages(passages: readonly Passage[]): Uint8Array {
  const metaIds = new Map<string, number>();
  const metas: DocumentMeta[] = [];
  const metaOf = new Uint32Array(passages.length);
  const starts = new Uint32Array(passages.length);
  const ends = new Uint32Array(passages.length);
  const stringEnds = new Uint32Array(passages.length * STRINGS_PER_PASSAGE);
  const extras: [number, Record<string, unknown>][] = [];
  const strings: string[] = [];
  let at = 0;
  passages.forEach((passage, i) => {
    const key = JSON.stringify(passage.meta);
    let id = metaIds.get(key);
    if (id === undefined) {
      id = metas.length;
      metas.push(passage.meta);
      metaIds.set(key, id);
    }
    metaOf[i] = id;
    starts[i] = passage.start;
    ends[i] = passage.end;
    [passage.id, passage.docId, passage.text, passage.textHash].forEach((s, k) => {
      strings.push(s);
      at += s.length;
      stringEnds[i * STRINGS_PER_PASSAGE + k] = at;
    });
    const extra = Object.entries(passage).filter(([field]) => !KNOWN_FIELDS.has(field));
    if (extra.length > 0) extras.push([i, Object.fromEntries(extra)]);
  });
  const tables = Buffer.from(JSON.stringify({ metas, extras }), 'utf8');
  const text = Buffer.from(strings.join(''), 'utf8');
  const header = { formatVersion: PASSAGE_FORMAT_VERSION, passages: passages.length, metas: metas.length, tablesBytes: tables.byteLength, stringsBytes: text.byteLength };
  return encodeBinaryFile(MAGIC, header, Buffer.concat([tables, text]), [stringEnds, starts, ends, metaOf]);
}

/** Reads `passages.bin`; every offset and index is checked before use. Throws INDEX_CORRUPT naming the problem. */
export function decodePassages(bytes: Uint8Array): Passage[] {
  const file = BinaryFileReader.open(bytes, MAGIC, 'passage', corrupt);
  if (file.header.formatVersion !== PASSAGE_FORMAT_VERSION) throw corrupt(`format version ${String(file.header.formatVersion)}, expected ${PASSAGE_FORMAT_VERSION}`);
  const n = file.count('passages');
  const metaCount = file.count('metas');
  const tablesBytes = file.count('tablesBytes');
  const stringsBytes = file.count('stringsBytes');
  const [stringEnds, starts, ends, metaOf] = file.arrays(tablesBytes + stringsBytes, [
    { type: 'u32', length: n * STRINGS_PER_PASSAGE },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
    { type: 'u32', length: n },
  ]) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];

  let tablesJson: unknown;
  try {
    tablesJson = JSON.parse(file.blobText(0, tablesBytes));
  } catch (error) {
    throw corrupt('its article table is not JSON', error);
  }
  const parsed = tablesSchema.safeParse(tablesJson);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw corrupt(`its article table has an unexpected shape (${problems.join('; ')})`);
  }
  const { metas, extras } = parsed.data;
  if (metas.length !== metaCount) throw corrupt(`holds ${metas.length} articles, the header says ${metaCount}`);

  const strings = file.blobText(tablesBytes, stringsBytes);
  let previous = 0;
  for (const end of stringEnds) {
    if (end < previous) throw corrupt('string offsets go backwards');
    previous = end;
  }
  if (previous !== strings.length) throw corrupt(`strings end at ${previous}, the decoded text is ${strings.length} long`);

  const passages = new Array<Passage>(n);
  let from = 0;
  const next = (i: number) => strings.slice(from, (from = stringEnds[i]!));
  for (let i = 0; i < n; i++) {
    const meta = metas[metaOf[i]!];
    if (meta === undefined) throw corrupt(`passage ${i} names article ${metaOf[i]}, outside its ${metas.length}`);
    const s = i * STRINGS_PER_PASSAGE;
    const passage: Passage = { id: next(s), docId: next(s + 1), text: next(s + 2), start: starts[i]!, end: ends[i]!, textHash: next(s + 3), meta: meta as DocumentMeta };
    if (!TEXT_HASH.test(passage.textHash)) throw corrupt(`passage ${i} has no sha256 text hash`);
    passages[i] = passage;
  }
  for (const [i, fields] of extras) {
    if (i >= n) throw corrupt(`extra fields for passage ${i}, outside its ${n}`);
    passages[i] = { ...passages[i]!, ...fields };
  }
  return passages;
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `passage file is unreadable: ${reason}`, { cause });
}
