import type { Element, ElementContent } from 'hast';
import type { Chapter, SectionedBody } from './chapters.ts';

/**
 * The body of a book as empty page frames: each chapter's section (its id,
 * its named page) holding `pages[i]` empty pages, so Chromium draws on each
 * the running head and folio it would carry, and nothing else; the TOC
 * entries' ids as empty elements, so the front matter's links are written.
 * `spacer` (see spacerStyle), on the last page, makes Chromium shrink the
 * pages as it shrank the book.
 */
export function bodyFrames(body: SectionedBody, pages: readonly number[], spacer: string | undefined): SectionedBody {
  const element = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
  const sections = body.chapters.map((chapter, i) => {
    const frames: ElementContent[] = [];
    for (let page = 0; page < (pages[i] ?? 1); page++) {
      // Each frame opens a page of its own; the section's first shares the page its named page opens.
      frames.push(element('div', { className: ['paiban-frame'], style: `height: 1px${page ? '; break-before: page' : ''}` }));
    }
    if (i === 0) frames.unshift(...body.toc.map((entry) => element('span', { id: entry.id })));
    if (i === body.chapters.length - 1 && spacer) frames.push(element('div', { style: spacer }));
    return element('section', { className: ['chapter', chapter.id], id: chapter.id }, frames);
  });
  // A book without a cover opens its first page with the title block (and the page probes' links): the first frame draws neither. (Last: a blank page before the first section is told by its place.)
  const hideTitleBlock = element('style', {}, [{ type: 'text', value: '.doc-header, .page-probes { display: none; }' }]);
  return { ...body, tree: { type: 'root', children: [...sections.flatMap((section) => [section, { type: 'text' as const, value: '\n' }]), hideTitleBlock] } };
}

/**
 * The running head and folio (whitespace dropped) that page `index` of a
 * print carries, its chapters opening on `starts` (0-based pages) and
 * `blanks` the blank pages' indexes: the page rules' (see pageCss) — the
 * document title on left pages, the chapter's title on right ones (the
 * first page is a right one); the folio counts from the first chapter's
 * page; blank pages carry neither.
 */
export function marginBoxText(chapters: readonly Chapter[], title: string, starts: readonly number[], blanks: ReadonlySet<number>, index: number): string {
  if (blanks.has(index)) return '';
  let chapter = 0;
  while (starts[chapter + 1] !== undefined && starts[chapter + 1]! <= index) chapter++;
  const head = index % 2 === 0 ? (chapters[chapter]?.title ?? title) : title;
  return `${head}${index - starts[0]! + 1}`.replace(/\s+/g, '');
}

/** Chromium lays out in 1/64 px. */
const LAYOUT_UNITS_PER_PX = 64;

/**
 * The style of an empty block that makes a document as much wider than its
 * type area (`typeAreaMm` wide) as a print Chromium shrank by `1 / widen`
 * was, or undefined when it was not shrunk. Chromium shrinks by the type
 * area's width over the document's, a whole number of layout units: the
 * overflow is found from the scale and given in layout units, exact (a
 * percentage of the width may round to one unit less, and a book whose
 * body overflows by one unit comes out unshrunk).
 */
export function spacerStyle(widen: number, typeAreaMm: number): string | undefined {
  const units = Math.round((typeAreaMm * 96) / 25.4 * (widen - 1) * LAYOUT_UNITS_PER_PX);
  return units > 0 ? `width: calc(100% + ${units / LAYOUT_UNITS_PER_PX}px); height: 1px` : undefined;
}
