// Stage 4: the edition's tree → HTML per layout: the reader's web page and the page Chromium prints.
import { uprightDigits } from '../epub/upright.ts';
import type { DocumentProject } from '../project/load.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import { withBlankPagesBefore } from '../booklet/chapters.ts';
import { bodyFrames, spacerStyle } from '../booklet/frames.ts';
import { colophonFigures } from '../booklet/colophon.ts';
import { margins, pageCss } from '../booklet/pagecss.ts';
import type { PageState } from '../booklet/page-state.ts';
import { parseTrim, type TrimSize } from '../booklet/trim.ts';
import type { Edition } from '../editions/editions.ts';
import type { FontFace } from '../fonts/faces.ts';
import { snapFiguresToGrid } from '../gongwen/figures.ts';
import { numberOrderedItems } from '../gongwen/lists.ts';
import { OWN_PAGE, type BanjiPlacement } from '../gongwen/banji-placement.ts';
import { gongwenView } from '../gongwen/view.ts';
import { labelsFor } from '../layout/labels.ts';
import { displayDate, displayEdition, renderLayout, type LayoutData } from '../layout/render.ts';
import type { DocumentAsset } from '../markdown/images.ts';
import { hastToHtml } from '../markdown/html.ts';
import { printTree } from '../markdown/print-tree.ts';
import { escapeMarkup } from '../markup.ts';
import { generator, stylesDir } from '../paths.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import type { EditionPlan } from './plan-stage.ts';
import type { EditionTree } from './tree-stage.ts';

/** The HTML output always uses this layout; the PDFs use the document's. */
export const WEB_LAYOUT = 'web';
/** Layouts printed as books: cover, colophon, contents, chapters on right-hand pages. */
const BOOK_LAYOUTS = new Set(['booklet']);
export const SHARED_STYLES = ['cjk.css'];

/** What a print depends on besides the document: pagination (books) and the 版记's place (公文). */
export interface PrintState extends PageState {
  banji: BanjiPlacement;
  /**
   * Books: print only the front matter (cover, colophon, contents), the body
   * left out but for its link targets; `widen` (> 1) makes the document that
   * much wider than the type area, as the whole book was, so that Chromium
   * shrinks the pages alike. With `framePages` (a page count per chapter),
   * the body is printed as empty frames instead: per chapter its link
   * target and that many empty pages of its named page (running heads and
   * folios, no text), with the blank pages of `blankBefore` before them.
   */
  frontOnly?: { widen: number; framePages?: readonly number[] };
}

export const EMPTY_STATE: PrintState = { blankBefore: new Set(), tocPages: new Map(), banji: OWN_PAGE };

export type LayoutBase = Omit<LayoutData, 'body' | 'stylesheets' | 'fonts' | 'banji'>;

export interface EditionLayouts {
  trim: TrimSize;
  /** Printed as a book (cover, colophon, contents, chapters on right-hand pages). */
  isBook: boolean;
  chapterStart: 'right' | 'page' | 'continue';
  base: LayoutBase;
  /** The reader's HTML (layout web), if the HTML format is built. */
  webHtml: string | undefined;
  /**
   * The reader's page whether or not the HTML format is built: the font
   * subsets hold its text, so that no output depends on the formats built.
   */
  webPage: string;
  /** The stylesheets by name: shared, web and the document's layout. */
  styles: ReadonlyMap<string, string>;
  /** The HTML Chromium prints in this state (rendered once per state). */
  printHtml: (state: PrintState) => string;
  /** Book layouts: the page rules, pages grown by `extendMm` on every side. */
  pageStyles: (extendMm: number) => string;
}

export async function renderLayouts(plan: EditionPlan, tree: EditionTree, images: readonly DocumentAsset[], own: Pick<DocumentProject, 'templates' | 'style'>): Promise<EditionLayouts> {
  const { edition, formats, faces, project } = plan;
  const { meta, body } = tree;
  const trim = parseTrim(meta.trim)!;
  const isBook = BOOK_LAYOUTS.has(meta.layout);
  const isGongwenLayout = meta.layout === 'gongwen';
  const base = layoutBase(meta, edition, trim.name, tree.notes);
  tree.attachmentHtml.forEach((html, i) => {
    const page = base.gongwen?.attachmentPages[i];
    if (page) page.body = html;
  });
  const webPage = renderLayout(WEB_LAYOUT, {
    ...base,
    body: hastToHtml(meta.writing === 'vertical' ? uprightDigits(structuredClone(body.tree)) : body.tree),
    banji: OWN_PAGE,
    toc: body.toc.map((entry) => ({ ...entry, page: 0 })),
    stylesheets: stylesheetsFor(WEB_LAYOUT, false),
    fonts: fontUrls(faces, 'woff'),
  }, own.templates);
  const printBody = printTree(body.tree);
  // 公文 figures take whole lines of the grid; ordered items print their numbers as text.
  if (isGongwenLayout) {
    snapFiguresToGrid(printBody, images);
    numberOrderedItems(printBody);
  }
  const bodyText = toString(body.tree);
  const [year, month] = meta.date.split('-').map(Number) as [number, number];
  const colophonData = (pages: number): LayoutData['colophon'] => ({
    ...colophonFigures(trim, pages, bodyText),
    editionLine: `${year}年${month}月${base.editionDisplay}`,
    printingLine: `${year}年${month}月第${meta.printing ?? 1}次印刷`,
  });
  // Empty elements with the ids the front matter links to: Chromium writes a link only when its target exists.
  const spacer = (widen: number) => spacerStyle(widen, trim.width - margins(trim).inner - margins(trim).outer);
  const linkTargetsOnly = (widen: number): string =>
    [...body.chapters.map((c) => c.id), ...body.toc.map((e) => e.id)].map((id) => `<span id="${escapeMarkup(id)}"></span>`).join('') +
    (spacer(widen) ? `<div style="${spacer(widen)}"></div>` : '');
  // The body's HTML is the same in states that differ only in the front matter
  // (contents page numbers, the colophon's 印张): serialised once for them.
  const printBodyCache = new Map<string, string>();
  const printBodyHtml = (state: PrintState): string => {
    const key = JSON.stringify([[...state.blankBefore], state.frontOnly?.widen ?? 0, state.frontOnly?.framePages ?? []]);
    let html = printBodyCache.get(key);
    if (html === undefined) printBodyCache.set(key, (html = serialisePrintBody(state)));
    return html;
  };
  const serialisePrintBody = (state: PrintState): string => {
    if (isBook && state.frontOnly?.framePages) return hastToHtml(withBlankPagesBefore(bodyFrames(body, state.frontOnly.framePages, spacer(state.frontOnly.widen)), state.blankBefore));
    if (isBook && state.frontOnly) return linkTargetsOnly(state.frontOnly.widen);
    return hastToHtml(isBook ? withBlankPagesBefore({ ...body, tree: printBody }, state.blankBefore) : printBody);
  };
  const renderPrintHtml = (state: PrintState): string =>
    renderLayout(meta.layout, {
      ...base,
      body: printBodyHtml(state),
      banji: state.banji,
      toc: isBook && meta.cover ? body.toc.map((entry) => ({ ...entry, page: state.tocPages.get(entry.id) ?? 0 })) : [],
      colophon: isBook && meta.cover ? colophonData(state.pages ?? 0) : undefined,
      probes: isBook ? [...body.chapters.map((c) => c.id), ...(meta.cover ? body.toc.map((e) => e.id) : [])] : [],
      stylesheets: stylesheetsFor(meta.layout, isBook),
      fonts: fontUrls(faces, 'truetype'),
    }, own.templates);
  // Rendered once per pagination state (a 300-page body takes ~0.1 s to serialise).
  const printHtmlCache = new Map<string, string>();
  const printHtml = (state: PrintState): string => {
    const key = JSON.stringify([[...state.blankBefore], [...state.tocPages], state.banji, state.pages ?? 0, state.frontOnly?.widen ?? 0, state.frontOnly?.framePages ?? []]);
    let html = printHtmlCache.get(key);
    if (html === undefined) printHtmlCache.set(key, (html = renderPrintHtml(state)));
    return html;
  };

  const styles = new Map<string, string>();
  for (const name of new Set([...SHARED_STYLES, `${WEB_LAYOUT}.css`, `${meta.layout}.css`])) styles.set(name, await own.style(name, readStyle));
  const chapterStart = meta.chapterStart ?? project.chapterStart ?? 'right';
  const pageStyles = (extendMm: number) => pageCss({ trim, title: meta.title, chapters: body.chapters, extendMm, chapterStart, autospace: meta.autospace });
  return { trim, isBook, chapterStart, base, webHtml: formats.has('html') ? webPage : undefined, webPage, styles, printHtml, pageStyles };
}

/** The HTML output's fonts are WOFF; Chromium prints from the same subsets as TrueType (no packing to wait for). */
export function truetypeName(name: string): string {
  return name.replace(/\.woff$/, '.ttf');
}

export function fontFile(face: FontFace, format: 'woff' | 'truetype'): string {
  return `fonts/${format === 'woff' ? face.fileName : truetypeName(face.fileName)}`;
}

function fontUrls(faces: readonly FontFace[], format: 'woff' | 'truetype'): string[] {
  return [...new Set(faces.map((face) => `assets/${fontFile(face, format)}`))];
}

function layoutBase(meta: FrontMatter, edition: Edition, trimName: string, notes: string[]): LayoutBase {
  return {
    lang: meta.lang,
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.author,
    date: meta.date,
    dateDisplay: displayDate(meta.date, meta.lang),
    edition: meta.edition,
    editionDisplay: edition.name ?? displayEdition(meta.edition, meta.lang),
    editionChanges: edition.changes,
    printer: meta.printer,
    cover: meta.cover,
    largePrint: meta.largePrint,
    vertical: meta.writing === 'vertical',
    labels: labelsFor(meta.lang),
    trimName,
    colophon: undefined,
    toc: [],
    probes: [],
    generator,
    gongwen: meta.layout === 'gongwen' ? gongwenView(meta, meta.gongwen, notes, labelsFor(meta.lang)) : undefined,
  };
}

function stylesheetsFor(layout: string, withPageCss: boolean): string[] {
  return ['assets/fonts.css', ...SHARED_STYLES.map((s) => `assets/${s}`), `assets/${layout}.css`, ...(withPageCss ? ['assets/page.css'] : [])];
}

const styleCache = new Map<string, Promise<string>>();

/** Forget the styles read so far (watch mode, after a change under styles/). */
export function clearStyleCache(): void {
  styleCache.clear();
}

function readStyle(name: string): Promise<string> {
  let css = styleCache.get(name);
  if (!css) {
    css = readFile(path.join(stylesDir, name), 'utf8');
    styleCache.set(name, css);
  }
  return css;
}
