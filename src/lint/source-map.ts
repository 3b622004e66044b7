import type { Text } from 'mdast';

/**
 * Where each character of a text node's value sits in the Markdown source.
 * The value differs from its source slice by backslash escapes and, in lists
 * and block quotes, by the indentation and `>` markers after a line break.
 * Returns undefined when the two cannot be aligned (character references such
 * as `&amp;`): the linter then leaves that node alone rather than guess.
 */
export function sourceOffsets(node: Text, source: string): number[] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const value = node.value;
  const offsets: number[] = [];
  let s = start;
  for (let v = 0; v < value.length; v++) {
    const char = value[v];
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
