/**
 * The layout the index's binary files share (`lexical.bin`, `sentences.bin`): 4 bytes of magic, the header's length
 * (u32 little-endian), a JSON header, a UTF-8 blob of `\n`-joined strings (a vocabulary), then typed arrays, each
 * starting at a multiple of 4 bytes. Read back without a JSON parse of the bulk, in one aligned copy; every length is
 * checked against the file's size before a view is made, so a damaged file is rejected, never misread.
 */

/** Makes the caller's error (INDEX_CORRUPT naming its file) from a reason. */
export type Corrupt = (reason: string, cause?: unknown) => Error;

export type StoredArray = Uint32Array | Uint8Array;

/** Strings numbered in first-seen order: the vocabulary a stored file lists once and refers to by id. */
export class TermIds {
  readonly terms: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Ids of joined pairs by their two parts: a bigram's string is built once per distinct pair, not per occurrence. */
  private readonly pairIds = new Map<string, Map<string, number>>();

  /** The id of `${left}${joiner}${right}`; `joiner` must be the same on every call. */
  pairIdOf(left: string, right: string, joiner: string): number {
    let byRight = this.pairIds.get(left);
    if (byRight === undefined) this.pairIds.set(left, (byRight = new Map()));
    let id = byRight.get(right);
    if (id === undefined) {
      id = this.idOf(`${left}${joiner}${right}`);
      byRight.set(right, id);
    }
    return id;
  }

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.ids.set(term, id);
    }
    return id;
  }
}

/** What an array of the file holds: its element type and length, known from the header before it is read. */
export interface ArraySpec {
  type: 'u32' | 'u8';
  length: number;
}

export function stringsBlob(strings: readonly string[]): Buffer {
  return Buffer.from(strings.join('\n'), 'utf8');
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** The stored form: magic, header, the strings blob (see stringsBlob), then each array 4-byte aligned. */
export function encodeBinaryFile(magic: string, header: unknown, blob: Uint8Array, arrays: readonly StoredArray[]): Uint8Array {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const arraysStart = align4(8 + headerBytes.byteLength + blob.byteLength);
  const total = arrays.reduce((at, a) => align4(at + a.byteLength), arraysStart);
  const out = Buffer.alloc(total);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(headerBytes.byteLength, 4);
  headerBytes.copy(out, 8);
  out.set(blob, 8 + headerBytes.byteLength);
  let at = arraysStart;
  for (const array of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at = align4(at + array.byteLength);
  }
  return out;
}

/** A stored file opened: its header (parsed, not yet checked) and what follows it. */
export class BinaryFileReader {
  private constructor(
    private readonly buffer: Buffer,
    readonly header: Record<string, unknown>,
    private readonly blobStart: number,
    private readonly corrupt: Corrupt,
  ) {}

  /** Checks the magic and parses the header; `what` names the file kind in the error ("not a lexical index file"). */
  static open(bytes: Uint8Array, magic: string, what: string, corrupt: Corrupt): BinaryFileReader {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.byteLength < 8 || buffer.toString('latin1', 0, 4) !== magic) throw corrupt(`not a ${what} file`);
    const headerLength = buffer.readUInt32LE(4);
    if (8 + headerLength > buffer.byteLength) throw corrupt('truncated header');
    let header: unknown;
    try {
      header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength));
    } catch (error) {
      throw corrupt('header is not JSON', error);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt('header is not an object');
    return new BinaryFileReader(buffer, header as Record<string, unknown>, 8 + headerLength, corrupt);
  }

  /** A header field that must be a count: a non-negative safe integer. */
  count(key: string): number {
    const value = this.header[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw this.corrupt(`${key} missing or invalid`);
    return value;
  }

  /** The strings blob: `bytes` long, `count` strings. */
  strings(bytes: number, count: number): string[] {
    if (this.blobStart + bytes > this.buffer.byteLength) throw this.corrupt('truncated vocabulary');
    const strings = count === 0 ? [] : this.buffer.toString('utf8', this.blobStart, this.blobStart + bytes).split('\n');
    if (strings.length !== count) throw this.corrupt(`vocabulary holds ${strings.length} strings, the header says ${count}`);
    return strings;
  }

  /** `bytes` bytes of the blob from `offset`, as a view of the file's memory (no copy), for decoding later. */
  blobBytes(offset: number, bytes: number): Buffer {
    const start = this.blobStart + offset;
    if (start + bytes > this.buffer.byteLength) throw this.corrupt('truncated text');
    return this.buffer.subarray(start, start + bytes);
  }

  /** `bytes` bytes of the blob from `offset`, decoded as UTF-8 in one call (a blob that is not a `\n`-joined list). */
  blobText(offset: number, bytes: number): string {
    const start = this.blobStart + offset;
    if (start + bytes > this.buffer.byteLength) throw this.corrupt('truncated text');
    return this.buffer.toString('utf8', start, start + bytes);
  }

  /**
   * The arrays after a blob of `blobBytes`, in order. The file must end exactly after the last one. Typed arrays
   * need 4-byte alignment: a file read into memory of its own (open.ts) has it, and its arrays are views of that
   * memory, without a copy (at 100k passages the copies were 160 MB alive beside the files' bytes at the serving
   * peak, and 0.2 s); bytes at an unaligned offset are copied once into aligned memory.
   */
  arrays(blobBytes: number, specs: readonly ArraySpec[]): StoredArray[] {
    const arraysStart = align4(this.blobStart + blobBytes);
    const bytesOf = (spec: ArraySpec) => spec.length * (spec.type === 'u32' ? 4 : 1);
    const expected = specs.reduce((at, spec) => align4(at + bytesOf(spec)), arraysStart);
    if (this.buffer.byteLength !== expected) throw this.corrupt(`${this.buffer.byteLength} bytes, the header implies ${expected}`);
    let memory: ArrayBufferLike = this.buffer.buffer;
    let at = this.buffer.byteOffset + arraysStart;
    if (at % 4 !== 0) {
      const aligned = new Uint8Array(expected - arraysStart);
      aligned.set(this.buffer.subarray(arraysStart));
      memory = aligned.buffer;
      at = 0;
    }
    return specs.map((spec) => {
      const array = spec.type === 'u32' ? new Uint32Array(memory, at, spec.length) : new Uint8Array(memory, at, spec.length);
      at = align4(at + bytesOf(spec));
      return array;
    });
  }
}

/**
 * Checks the offsets of a list of lists (`starts`, one more than the lists, into `total` values): they start at 0,
 * never go backwards and end at `total`.
 */
export function checkOffsets(starts: Uint32Array, total: number, what: string, corrupt: Corrupt): void {
  if (starts.length === 0 || starts[0] !== 0 || starts[starts.length - 1] !== total) throw corrupt(`${what}: offsets do not span the data`);
  for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw corrupt(`${what}: offsets go backwards`);
}

/** Checks that every id is below `bound` (the size of what it indexes). */
export function checkIds(ids: Uint32Array, bound: number, what: string, corrupt: Corrupt): void {
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= bound) throw corrupt(`${what}: an id lies outside 0..${bound - 1}`);
}
