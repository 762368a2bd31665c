import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Whether a word is an English word (any inflection), from the ~275,000 words of `an-array-of-english-words`.
 * The spelling corrector asks it: a real word the corpus happens not to hold ("became", "police") is no slip, and
 * correcting it towards a corpus word one letter away ("become", "polici") would ask about something else.
 *
 * Loaded on first use (most questions never ask) and kept compact: one sorted string of the words joined by
 * newlines plus their offsets, about 4.5 MB, instead of a Set of 275,000 strings (about 20 MB).
 */
let words: { text: string; starts: Uint32Array } | null = null;

function load(): { text: string; starts: Uint32Array } {
  const list = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('an-array-of-english-words'), 'utf8')) as string[])
    .map((w) => w.toLowerCase())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const starts = new Uint32Array(list.length + 1);
  let offset = 0;
  list.forEach((w, i) => {
    starts[i] = offset;
    offset += w.length + 1;
  });
  starts[list.length] = offset;
  return { text: `${list.join('\n')}\n`, starts };
}

export function isEnglishWord(word: string): boolean {
  words ??= load();
  const target = word.toLowerCase();
  let lo = 0;
  let hi = words.starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = words.text.slice(words.starts[mid]!, words.starts[mid + 1]! - 1);
    if (w === target) return true;
    if (w < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
