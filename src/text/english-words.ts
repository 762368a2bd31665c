import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Whether a word is an English word (any inflection), from the ~275,000 words of `an-array-of-english-words`.
 * The spelling corrector asks it: a real word the corpus happens not to hold ("became", "police") is no slip, and
 * correcting it towards a corpus word one letter away ("become", "policy") would ask about something else.
 *
 * Loaded on first use (most questions never ask) and kept compact: the package's file as bytes (3.3 MB) with the
 * offsets of its words, searched by bisection, instead of a Set of 275,000 strings (about 20 MB and 80 ms to parse).
 */
interface WordList {
  bytes: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
}

let words: WordList | null = null;

const QUOTE = 0x22;

function load(): WordList {
  const file = readFileSync(createRequire(import.meta.url).resolve('an-array-of-english-words'));
  // The package ships `["a","aa",…]`: sorted, lower case, a–z only, so the words can be read where they lie. Any other
  // layout goes through JSON and a sort.
  const asShipped = file.subarray(0, 2).toString('latin1') === '["' && !/[^a-z",[\]\s]/.test(file.toString('latin1'));
  const bytes = asShipped
    ? file
    : Buffer.from(
        JSON.stringify((JSON.parse(file.toString('utf8')) as string[]).map((w) => w.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
        'utf8',
      );
  const starts: number[] = [];
  const ends: number[] = [];
  let open = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== QUOTE) continue;
    if (open < 0) open = i + 1;
    else {
      starts.push(open);
      ends.push(i);
      open = -1;
    }
  }
  return { bytes, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

export function isEnglishWord(word: string): boolean {
  words ??= load();
  const target = Buffer.from(word.toLowerCase(), 'utf8');
  let lo = 0;
  let hi = words.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = Buffer.compare(words.bytes.subarray(words.starts[mid]!, words.ends[mid]!), target);
    if (order === 0) return true;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
