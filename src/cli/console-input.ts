import { createInterface, type Interface } from 'node:readline';
import { boundedLines, type BoundedLine } from './bounded-lines.ts';

/** The console's lines, and its prompt, whether stdin is a terminal or a pipe. */
export interface ConsoleInput {
  lines: AsyncIterable<BoundedLine>;
  prompt(): void;
  close(): void;
}

const PROMPT = '> ';

/**
 * Reads the console's input a line at a time without ever holding more than `maxLength + 1` characters of a line.
 * A pipe or file goes through boundedLines (as `npm run ask` reads stdin). A terminal keeps readline (line editing,
 * history), whose line buffer would grow with a pasted line of any size: past `maxLength` characters the line being
 * typed is cleared and its length counted, and the line is reported at its full length when Enter comes.
 */
export function consoleInput(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream, maxLength: number): ConsoleInput {
  return input.isTTY ? terminalInput(input, output, maxLength) : pipedInput(input, output, maxLength);
}

/** boundedLines holds at most maxLength + 1 characters of a line by construction (tests/cli/bounded-lines.test.ts). */
function pipedInput(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, maxLength: number): ConsoleInput {
  return {
    lines: boundedLines(input as AsyncIterable<Buffer | string>, maxLength),
    prompt: () => output.write(PROMPT),
    // Leaving the loop over `lines` ends the read; nothing else holds the stream.
    close: () => undefined,
  };
}

/** readline on a terminal, with the guard described at consoleInput. */
export function terminalInput(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  maxLength: number,
): ConsoleInput & { /** Characters of the line being typed that readline holds now. */ heldCharacters(): number } {
  const rl = createInterface({ input, output, prompt: PROMPT, terminal: true });
  let dropped = 0;
  // readline adds each key to rl.line before listeners added after it run (it registered its own at creation).
  const guard = () => {
    if (rl.line.length <= maxLength) return;
    dropped += rl.line.length;
    clearLine(rl);
  };
  input.on('keypress', guard);
  rl.once('close', () => input.off('keypress', guard));
  // Subscribed now, not at the first read: a line that arrives before the caller's first read is not lost.
  const typed = rl[Symbol.asyncIterator]();
  async function* lines(): AsyncGenerator<BoundedLine> {
    for await (const line of { [Symbol.asyncIterator]: () => typed }) {
      const length = dropped + line.length;
      const blank = dropped === 0 && !line.trim();
      dropped = 0;
      // What was cleared is gone: the text of a cut line is what was typed after the last cut (at most maxLength
      // characters), and the line still counts as long as it was typed.
      yield { text: line, length, blank };
    }
  }
  return { lines: lines(), prompt: () => rl.prompt(), close: () => rl.close(), heldCharacters: () => rl.line.length };
}

/** Ctrl+U then Ctrl+K: deletes the whole line being typed, whatever the cursor position (readline's own keys). */
function clearLine(rl: Interface): void {
  rl.write(null, { ctrl: true, name: 'u' });
  rl.write(null, { ctrl: true, name: 'k' });
}
