import type { Text } from 'mdast';

/**
 * Where each character of a text node's value sits in the Markdown source.
 * The value differs from its source slice by backslash escapes and, in lists
 * and block quotes, by the indentation and `>` markers after a line break.
 * and by character references (`&amp;`). Returns undefined when the two
 * cannot be aligned: the linter then reports without placing rather than guess.
 */
const CHARACTER_REFERENCE = /^&(?:(#\d{1,7}|#x[\da-f]{1,6})|[a-z][a-z\d]{1,31});/i;

export function sourceOffsets(node: Text, source: string): number[] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const value = node.value;
  const offsets: number[] = [];
  let s = start;
  for (let v = 0; v < value.length; v++) {
    const char = value[v];
    // A character reference (&amp; &#12290;) stands for one character of the value.
    const reference = source[s] === '&' ? CHARACTER_REFERENCE.exec(source.slice(s, s + 40)) : null;
    if (reference) {
      offsets.push(s);
      if (reference[1] && Number(reference[1].replace(/^#x/i, '0x').replace('#', '')) > 0xffff) offsets.push(s), v++;
      s += reference[0].length;
      continue;
    }
    while (s < end && source[s] !== char) {
      const escaped = source[s] === '\\' && source[s + 1] === char;
      const lineContinuation = v > 0 && value[v - 1] === '\n' && /[ \t>]/.test(source[s]!);
      if (!escaped && !lineContinuation) return undefined;
      s++;
    }
    if (s >= end) return undefined;
    offsets.push(s++);
  }
  return offsets;
}

/** 1-based line and column (in characters, so a Han character counts as one) of a source offset. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  locate(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const lineStart = this.starts[low]!;
    return { line: low + 1, column: Array.from(this.source.slice(lineStart, offset)).length + 1 };
  }
}
