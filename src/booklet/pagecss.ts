import type { Chapter } from './chapters.ts';
import type { TrimSize } from './trim.ts';

export interface PageCssOptions {
  trim: TrimSize;
  title: string;
  chapters: readonly Chapter[];
  /**
   * Print variant: the page grows by this much on every side (bleed plus a
   * little more, so Chromium's 0.24 pt page grid never cuts into the bleed).
   */
  extendMm: number;
  /** `continue`: chapters run on, in one named page (no page break, the document title as both running heads). */
  chapterStart?: 'right' | 'page' | 'continue';
  /** `autospace: true` in the front matter: Han–Latin/digit spacing on (the layout's CSS has it off). */
  autospace?: boolean;
}

/** The one named page of a body whose chapters run on. */
export const RUN_ON_PAGE = 'paiban-body';

/** Type area proportions: generous inner margin for binding, a deeper foot. */
export function margins(trim: TrimSize): { top: number; bottom: number; inner: number; outer: number } {
  const round = (mm: number) => Math.round(mm * 2) / 2;
  return { top: round(trim.height * 0.085), bottom: round(trim.height * 0.09), inner: round(trim.width * 0.115), outer: round(trim.width * 0.09) };
}

/** Body size by page width: 小四 (12 pt) on A4, 五号 (10.5 pt) on pocket sizes. */
export function bodySize(trim: TrimSize): number {
  return trim.width >= 200 ? 12 : trim.width >= 170 ? 11 : 10.5;
}

const MARGIN_BOX = 'font-family: "Paiban Serif"; font-size: 9pt; color: #000;';

/**
 * The document's own page rules: size, margins, and one named page per
 * chapter, whose right-hand pages carry the chapter title as running head
 * and left-hand pages the document title. Front matter counts in roman
 * numerals, the body from 1 (Chromium ignores counter-reset on elements, so
 * the counters are incremented per page).
 */
export function pageCss({ trim, title, chapters, extendMm, chapterStart, autospace }: PageCssOptions): string {
  const m = margins(trim);
  const e = extendMm;
  const mm = (value: number) => `${+value.toFixed(3)}mm`;
  const folio = `@bottom-center { content: counter(folio); ${MARGIN_BOX} font-size: 10pt; vertical-align: top; padding-top: 4mm; }`;
  const lines = [
    `:root { --trim-width: ${mm(trim.width)}; --trim-height: ${mm(trim.height)}; --page-extend: ${mm(e)}; --body-size: ${bodySize(trim)}pt; }`,
    `@page { size: ${mm(trim.width + 2 * e)} ${mm(trim.height + 2 * e)}; margin: ${mm(m.top + e)} ${mm(m.outer + e)} ${mm(m.bottom + e)} ${mm(m.inner + e)}; }`,
    `@page :right { margin-left: ${mm(m.inner + e)}; margin-right: ${mm(m.outer + e)}; }`,
    `@page :left { margin-left: ${mm(m.outer + e)}; margin-right: ${mm(m.inner + e)}; }`,
    '@page cover { margin: 0; }',
    '@page colophon { }',
    `@page toc { counter-increment: front; @bottom-center { content: counter(front, lower-roman); ${MARGIN_BOX} font-size: 10pt; vertical-align: top; padding-top: 4mm; } }`,
    '@page blank-front { counter-increment: front; }',
    '@page blank-body { counter-increment: folio; }',
    ...(autospace ? ['html { text-autospace: normal; }'] : []),
  ];
  // Run-on chapters share one named page: a change of named page is a page break.
  const pages = chapterStart === 'continue' ? [{ id: RUN_ON_PAGE, title: undefined }] : chapters;
  for (const chapter of pages) {
    const head = chapter.title ?? title;
    lines.push(
      `@page ${chapter.id} { counter-increment: folio; ${folio} }`,
      `@page ${chapter.id}:left { @top-center { content: ${cssString(title)}; ${MARGIN_BOX} vertical-align: bottom; padding-bottom: 4mm; } }`,
      `@page ${chapter.id}:right { @top-center { content: ${cssString(head)}; ${MARGIN_BOX} vertical-align: bottom; padding-bottom: 4mm; } }`,
      chapterStart === 'continue' ? `.chapter { page: ${RUN_ON_PAGE}; }` : `.${chapter.id} { page: ${chapter.id}; }`,
    );
  }
  // Without a cover, the title block shares the first body page.
  if (pages[0]) lines.push(`.doc-header, .doc-header + .page-probes { page: ${pages[0].id}; }`);
  return `${lines.join('\n')}\n`;
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f]/g, '\\A ')}"`;
}
