/**
 * Text from a file (a manifest, a PDF's text) made safe to print on a
 * terminal: C0 and C1 control characters, DEL, and the Unicode line and
 * bidi controls become visible `\x1b`/`\u202e` escapes. An ANSI sequence in
 * a manifest can otherwise move the cursor and rewrite what paiban printed
 * ("all outputs identical"). Backslashes are doubled so an escape cannot be
 * forged either.
 */
export function printable(text: string): string {
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A build note on stderr when the caller gave no place for notes: something done, not wrong. */
export function printNote(message: string): void {
  process.stderr.write(`paiban: note: ${message}\n`);
}
