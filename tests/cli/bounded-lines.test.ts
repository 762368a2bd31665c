import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLines, type BoundedLine } from '../../src/cli/bounded-lines.ts';

async function collect(chunks: Array<string | Buffer>, maxLength: number): Promise<BoundedLine[]> {
  const lines: BoundedLine[] = [];
  for await (const line of boundedLines(Readable.from(chunks, { objectMode: true }), maxLength)) lines.push(line);
  return lines;
}

/** What readline (which `npm run ask` used before) makes of the same bytes. */
async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

describe('boundedLines', () => {
  it('gives short lines whole, with their length and whether they are blank', async () => {
    expect(await collect(['one\ntwo\r\n\n  \nlast'], 10)).toEqual([
      { text: 'one', length: 3, blank: false },
      { text: 'two', length: 3, blank: false },
      { text: '', length: 0, blank: true },
      { text: '  ', length: 2, blank: true },
      { text: 'last', length: 4, blank: false },
    ]);
  });

  it('keeps only the first maxLength + 1 characters of a long line, and counts the rest', async () => {
    const long = 'ж'.repeat(3_000_000);
    // A 6 MB line in 64 KB chunks, followed by a short one.
    const bytes = Buffer.from(`${long}\nWhen?\n`, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const lines = await collect(chunks, 500);
    expect(lines).toEqual([
      { text: 'ж'.repeat(501), length: 3_000_000, blank: false },
      { text: 'When?', length: 5, blank: false },
    ]);
  });

  it('tells a long blank line from a long line that only starts blank', async () => {
    const lines = await collect([`${' '.repeat(1_000)}\n${' '.repeat(1_000)}x\n`], 500);
    expect(lines.map(({ length, blank }) => ({ length, blank }))).toEqual([
      { length: 1_000, blank: true },
      { length: 1_001, blank: false },
    ]);
  });

  it('joins a "\\r\\n" split across chunks and a character split across chunks', async () => {
    const bytes = Buffer.from('a\r\nб\r\nc', 'utf8');
    // Split between "\r" and "\n", and inside the two bytes of "б".
    const lines = await collect([bytes.subarray(0, 2), bytes.subarray(2, 4), bytes.subarray(4)], 10);
    expect(lines.map((l) => l.text)).toEqual(['a', 'б', 'c']);
  });

  it('splits lines as readline does, for any bytes cut into any chunks (property)', async () => {
    const piece = fc.constantFrom('a', 'б', '語', '🇻🇳', '\n', '\r', '\r\n', ' ', '\t', '\u2028', '\uFFFD');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), async (pieces, sizes) => {
        const bytes = Buffer.from(pieces.join(''), 'utf8');
        const chunks: Buffer[] = [];
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const size = sizes[i % sizes.length]!;
          chunks.push(bytes.subarray(at, at + size));
          at += size;
        }
        const expected = await readlineLines(chunks);
        const lines = await collect(chunks, 1_000);
        expect(lines.map((l) => l.text)).toEqual(expected);
        expect(lines.map((l) => l.length)).toEqual(expected.map((l) => l.length));
        expect(lines.map((l) => l.blank)).toEqual(expected.map((l) => !l.trim()));
      }),
      { numRuns: 500 },
    );
  });
});
