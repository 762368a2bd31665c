import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalInput } from '../../src/cli/console-input.ts';
import type { BoundedLine } from '../../src/cli/bounded-lines.ts';

/**
 * The console on a terminal keeps readline (line editing, history), which holds the line being typed in memory.
 * A child process cannot be given a terminal here, so this drives the same function with a stream that says it is
 * one, as readline sees a TTY (keypress events, raw mode); the piped path is tested through `npm start` in
 * console.test.ts.
 */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  output.resume();
  return { input, output };
}

const MAX = 600;

describe('terminalInput', () => {
  it('holds at most the limit of a pasted line of 100,000 characters, and reports it at its full length', async () => {
    const { input, output } = fakeTerminal();
    const session = terminalInput(input, output, MAX);
    const lines = session.lines[Symbol.asyncIterator]();
    // readline handles a key at a time (tens of µs each): 100,000 keys are 166 times the limit, and a few seconds.
    const chunk = 'a'.repeat(10_000);
    let mostHeld = 0;
    for (let sent = 0; sent < 100_000; sent += chunk.length) {
      input.write(chunk);
      mostHeld = Math.max(mostHeld, session.heldCharacters());
    }
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(MAX);
    input.write('\r');
    const pasted = (await lines.next()).value as BoundedLine;
    expect(pasted.length).toBe(100_000);
    expect(pasted.text.length).toBeLessThanOrEqual(MAX);
    expect(pasted.blank).toBe(false);

    // The next line is whole and counted from zero.
    input.write('When did Putin visit Vietnam?\r');
    expect((await lines.next()).value).toEqual({ text: 'When did Putin visit Vietnam?', length: 29, blank: false });
    session.close();
  });

  it('leaves lines up to the limit as typed', async () => {
    const { input, output } = fakeTerminal();
    const session = terminalInput(input, output, MAX);
    const lines = session.lines[Symbol.asyncIterator]();
    const atLimit = 'b'.repeat(MAX);
    input.write(`${atLimit}\r`);
    expect((await lines.next()).value).toEqual({ text: atLimit, length: MAX, blank: false });
    input.write('   \r');
    expect((await lines.next()).value).toEqual({ text: '   ', length: 3, blank: true });
    session.close();
  });
});
