/**
 * Escape sequences a terminal acts on: CSI (`ESC [` … final byte: colours, cursor moves, screen clears), OSC
 * (`ESC ]` … BEL or ST: window titles, hyperlinks, clipboard writes on some terminals), DCS/SOS/PM/APC strings
 * (`ESC P|X|^|_` … ST), their one-byte C1 forms (0x9B, 0x9D, 0x90, 0x98, 0x9E, 0x9F), and any other two-byte
 * `ESC x`. An unterminated string runs to the end of the text, as a terminal would swallow it.
 */
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]?',
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    '\\u001b[\\s\\S]?',
  ].join('|'),
  'gu',
);
/** What is left to drop: C0 controls but tab and newline (a carriage return rewrites the line), DEL, C1 controls. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Removes every escape sequence and control character a terminal would act on, keeping tabs and newlines. Its own
 * module, free of imports, because the logger needs it too (for readable log lines on a terminal).
 */
export function stripTerminalControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL_CHARACTER, '');
}

