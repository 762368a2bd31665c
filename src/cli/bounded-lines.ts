import { StringDecoder } from 'node:string_decoder';

/** One input line: its text (cut after `maxLength + 1` characters) and its full length. */
export interface BoundedLine {
  /** The whole line when `length <= maxLength`; otherwise only its first `maxLength + 1` characters. */
  text: string;
  /** The line's length in UTF-16 code units (String.length), counted even past the part kept. */
  length: number;
  /** Nothing but whitespace (what `!line.trim()` tells of the whole line), judged past the part kept too. */
  blank: boolean;
}

/**
 * The lines of a UTF-8 stream, as readline gives them (a line ends at "\n", "\r\n" or a lone "\r"; a last line
 * without an ending still counts), but never holding more than `maxLength + 1` characters of one line: the rest of
 * a longer line is counted and dropped as it arrives. readline buffers a whole line before handing it over, so one
 * line of a gigabyte on `npm run ask`'s stdin was a gigabyte of memory before its length could be checked.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, maxLength: number): AsyncGenerator<BoundedLine> {
  const decoder = new StringDecoder('utf8');
  const keep = maxLength + 1;
  let text = '';
  let length = 0;
  let blank = true;
  // A "\r" ended the previous chunk: a "\n" starting the next one belongs to the same line ending.
  let afterCarriageReturn = false;

  const take = (piece: string) => {
    if (text.length < keep) text += piece.length <= keep - text.length ? piece : piece.slice(0, keep - text.length);
    length += piece.length;
    if (blank && /\S/u.test(piece)) blank = false;
  };
  const finish = (): BoundedLine => {
    const line = { text, length, blank };
    text = '';
    length = 0;
    blank = true;
    return line;
  };

  const lines = function* (chunk: string): Generator<BoundedLine> {
    let from = 0;
    if (afterCarriageReturn && chunk.startsWith('\n')) from = 1;
    afterCarriageReturn = false;
    for (let i = from; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      take(chunk.slice(from, i));
      yield finish();
      if (code === 0x0d) {
        if (i + 1 === chunk.length) afterCarriageReturn = true;
        else if (chunk.charCodeAt(i + 1) === 0x0a) i++;
      }
      from = i + 1;
    }
    take(chunk.slice(from));
  };

  for await (const chunk of input) {
    yield* lines(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  yield* lines(decoder.end());
  if (length > 0) yield finish();
}
