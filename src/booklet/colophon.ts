import type { TrimSize } from './trim.ts';

/**
 * The figures of a Chinese colophon (版本记录, GB/T 12450): 开本 as the
 * sheet size and the fraction of it a page is (`880mm×1230mm 1/16`), or
 * the trim in mm for a size no standard sheet makes; 印张 (pages ÷ 开数:
 * one 印张 is one side of a 全张, holding 开数 pages); 字数 in thousands.
 */
export interface Colophon {
  format: string;
  /** Undefined for a custom trim: no sheet, no 开数. */
  sheets: string | undefined;
  words: string;
}

/** The sheet each named trim is cut from (GB/T 788-1999, and the 880×1230 sheet for A sizes). */
const SHEETS: Record<string, { sheet: string; fold: number }> = {
  A4: { sheet: '880mm×1230mm', fold: 16 },
  A5: { sheet: '880mm×1230mm', fold: 32 },
  '16开': { sheet: '787mm×1092mm', fold: 16 },
  '大16开': { sheet: '889mm×1194mm', fold: 16 },
  '32开': { sheet: '787mm×1092mm', fold: 32 },
  '大32开': { sheet: '850mm×1168mm', fold: 32 },
};

/** `pages` is the printed page count (blanks included); `text` the document's text. */
export function colophonFigures(trim: TrimSize, pages: number, text: string): Colophon {
  const known = SHEETS[trim.name];
  // Characters as a publisher counts them: every letter, digit, ideograph and mark, no spaces.
  const count = [...text].filter((ch) => !/\s/u.test(ch)).length;
  return {
    format: known ? `${known.sheet} 1/${known.fold}` : `${trim.width}mm×${trim.height}mm`,
    // Exact: the fold is a power of two, so the quotient is a short decimal (6.375).
    // Stated (as 0) before the pages are counted too: the first print then
    // has the colophon's every line, so a reprint of it alone tags the same.
    sheets: known ? String(pages / known.fold) : undefined,
    words: `${Math.max(1, Math.ceil(count / 1000))}千字`,
  };
}
