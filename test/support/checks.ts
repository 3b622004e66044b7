import { NO_LINE_END, NO_LINE_START, OPENING, describe, isHalfWidth, isPunct, type BodyLine } from './typeset.ts';

const CJK = '\\p{Script=Han}，。、；：？！（）“”‘’《》…—';

/** ASCII , ( ) ! ; : with a CJK character on both sides, on one line. */
export function asciiBetweenCjk(lines: BodyLine[]): string[] {
  const re = new RegExp(`[${CJK}][,()!;:][${CJK}]`, 'u');
  const bad = lines.filter((l) => re.test(l.text)).map((l) => `${describe(l)} has ${re.exec(l.text)![0]}`);
  return bad.length > 5 ? [...bad.slice(0, 5), `… and ${bad.length - 5} more lines`] : bad;
}

export function lineStartEnd(lines: BodyLine[]): string[] {
  const bad: string[] = [];
  for (const l of lines) {
    if (NO_LINE_START.includes(l.text[0]!)) bad.push(`${describe(l)} starts with ${l.text[0]}`);
    if (NO_LINE_END.includes(l.text.at(-1)!)) bad.push(`${describe(l)} ends with ${l.text.at(-1)}`);
  }
  return bad;
}

/**
 * The last line of every paragraph holds at least two characters besides
 * punctuation. A paragraph's last line is one that does not reach the right
 * edge, or the last full line before an indented one.
 */
export function shortLastLines(pages: BodyLine[][], headings: string[]): string[] {
  const bad: string[] = [];
  for (const lines of pages) {
    for (const l of lines) {
      if (l.full) continue;
      if (headings.some((h) => h.endsWith(l.text) || h.replace(/\s/g, '').endsWith(l.text))) continue;
      const letters = [...l.text].filter((ch) => !isPunct(ch)).length;
      if (letters < 2) bad.push(`${describe(l)} ends a paragraph with ${letters} character(s)`);
    }
  }
  return bad;
}

/** No page's last body line is (the end of) a heading. */
export function headingsAtPageEnd(pages: BodyLine[][], headings: string[], lastPage: number): string[] {
  const bad: string[] = [];
  for (const lines of pages) {
    const last = lines.at(-1);
    if (!last || last.page === lastPage) continue;
    const compact = (s: string): string => s.replace(/\s/g, '');
    if (headings.some((h) => compact(h).endsWith(last.text) && last.text.length >= Math.min(2, compact(h).length))) {
      bad.push(`${describe(last)} is a heading at the foot of the page`);
    }
  }
  return bad;
}

/**
 * An opening mark that starts a line other than a block's first is drawn
 * flush: its blank half is trimmed, so the next character starts half an em
 * from the left edge (a full-width mark would put it a whole em in). A line
 * continues a paragraph when the line before it (on this page or at the foot
 * of the previous one) is a full, justified line.
 * Returns [checked count, violations].
 */
export function flushOpeningQuotes(pages: BodyLine[][]): [number, string[]] {
  const bad: string[] = [];
  let checked = 0;
  let before: BodyLine | undefined;
  for (const lines of pages) {
    for (const l of lines) {
      const previous = before;
      before = l;
      const [first, second] = l.glyphs;
      if (!first || !second || !previous?.full || l.indented || !OPENING.includes(first.ch)) continue;
      checked++;
      const inset = second.x - l.left;
      if (inset > first.size * 0.6) bad.push(`${describe(l)}: ${first.ch} at a line start takes ${(inset / first.size).toFixed(2)} em, not flush`);
    }
  }
  return [checked, bad];
}

/**
 * Character cells a line fills: a full-width character is one cell, a
 * compressed or trimmed mark half a cell, half-width text its width.
 */
export function cellsOf(line: BodyLine, cell: number): number {
  let cells = 0;
  const g = line.glyphs;
  for (let i = 0; i < g.length; i++) {
    const glyph = g[i]!;
    if (isHalfWidth(glyph.ch)) {
      cells += glyph.w / cell;
      continue;
    }
    const next = g[i + 1];
    let half = false;
    if (isPunct(glyph.ch)) {
      if (next && next.x - glyph.x < cell * 0.75) half = true;
      if (i === 0 && glyph.x < line.left - cell * 0.25) half = true;
      if (!next && glyph.x + cell > line.right + cell * 0.25) half = true;
    }
    cells += half ? 0.5 : 1;
  }
  if (line.indented) cells += (line.x0 - line.left) / cell;
  return cells;
}
