import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { SectionedBody } from '../booklet/chapters.ts';
import { fontFaceCss, type FontFace } from '../fonts/faces.ts';
import { subsetFonts } from '../fonts/subset.ts';
import { displayDate } from '../layout/render.ts';
import { labelsFor } from '../layout/labels.ts';
import { contentTypeOf } from '../mime.ts';
import { stylesDir } from '../paths.ts';
import { documentOf, epubFootnotes, splitDocuments } from './documents.ts';
import { navBody, type NavEntry } from './nav.ts';
import { CONTAINER, documentUuid, packageDocument, type PackageItem } from './package-document.ts';
import { markPageBreaks } from './page-breaks.ts';
import { readPrintedPages } from './printed-pages.ts';
import { readingCss } from './reading-css.ts';
import { uprightDigits } from './upright.ts';
import { xhtmlDocument } from './xhtml.ts';
import { ocfZip } from './zip.ts';

export type Writing = 'horizontal' | 'vertical';

export interface EpubInput {
  /** Document and edition ids: the identifier is derived from them. */
  identity: string;
  title: string;
  subtitle?: string | undefined;
  author: string;
  lang: string;
  date: string;
  editionDisplay: string;
  largePrint: boolean;
  writing: Writing;
  /** The edition's sectioned body (already converted for zh-Hant editions); not changed. */
  body: SectionedBody;
  /** The PDF paiban printed from this body: the page list's folios and where they begin. */
  printedPdf: Uint8Array;
  /** The HTML output's styles (cjk.css, web.css), in order. */
  styles: readonly { name: string; css: string }[];
  /** Every face the HTML output declares (the document's and the fallbacks). */
  faces: readonly FontFace[];
  images: readonly { urlPath: string; bytes: Buffer }[];
  generator: string;
}

const ASSETS = 'assets';

/** An EPUB 3 of one edition: reflowable, accessible, with the printed book's page list. */
export async function buildEpub(input: EpubInput): Promise<Buffer> {
  const labels = labelsFor(input.lang);
  const tree = structuredClone(input.body.tree) as Root;
  const printed = await readPrintedPages(input.printedPdf);
  const breaks = markPageBreaks(tree, printed, (folio) => labels.pageMarker.replace('{n}', folio));
  epubFootnotes(tree);
  markImageParagraphs(tree);
  if (input.writing === 'vertical') uprightDigits(tree);

  const header = el('header', { className: ['doc-header'] }, [
    el('h1', { className: ['doc-title'] }, [text(input.title)]),
    ...(input.subtitle ? [el('p', { className: ['doc-subtitle'] }, [text(input.subtitle)])] : []),
    el('p', { className: ['doc-meta'] }, [
      el('span', { className: ['doc-author'] }, [text(input.author)]),
      text(' '),
      el('time', { className: ['doc-date'], dateTime: input.date }, [text(`${displayDate(input.date, input.lang)}　${input.editionDisplay}`)]),
    ]),
  ]);
  const documents = splitDocuments(tree, input.body.chapters, header);
  const pageFiles = breaks.map((b) => ({ ...b, file: documentOf(documents, b.id)! }));
  const entries: NavEntry[] = [{ href: documents[0]!.file, text: input.title, level: 1 }];
  for (const entry of input.body.toc) {
    const file = documentOf(documents, entry.id);
    if (file) entries.push({ href: `${file}#${encodeURIComponent(entry.id)}`, text: entry.text, level: entry.level });
  }
  const bodyHref = documents[1]?.file ?? documents[0]!.file;

  const htmlClass = [...(input.largePrint ? ['large-print'] : []), ...(input.writing === 'vertical' ? ['vertical'] : [])];
  const stylesheets = [...input.styles.map((s) => `${ASSETS}/${s.name}`), `${ASSETS}/epub.css`, `${ASSETS}/fonts.css`];
  const xhtml = documents.map((doc) => ({
    file: doc.file,
    text: xhtmlDocument({ lang: input.lang, title: doc.title ?? input.title, stylesheets, htmlClass, body: doc.children }),
  }));
  const nav = xhtmlDocument({ lang: input.lang, title: labels.contents, stylesheets, htmlClass, body: navBody(entries, pageFiles, bodyHref, { contents: labels.contents, pages: labels.pageList, landmarks: labels.landmarks, bodyStart: labels.bodyStart }) });

  const css = [...input.styles.map((s) => ({ name: s.name, css: readingCss(s.css) })), { name: 'epub.css', css: await readFile(path.join(stylesDir, 'epub.css'), 'utf8') }];
  // Fonts cut to the characters the EPUB shows (its documents and the CSS `content` strings).
  const shown = [...xhtml.map((d) => d.text), nav, ...css.map((c) => c.css)].join('');
  const fontFiles = new Map<string, Promise<Buffer>>();
  for (const face of input.faces) if (!fontFiles.has(face.fileName)) fontFiles.set(face.fileName, subsetFonts(face, shown).woff());
  css.push({ name: 'fonts.css', css: fontFaceCss(input.faces.map((face) => ({ face, url: `fonts/${face.fileName}`, format: 'woff' }))) + '\n' });

  const hasImages = input.images.length > 0;
  const hasRuby = hasElement(tree, 'ruby');
  const hasAlt = hasElement(tree, 'img', (node) => typeof node.properties['alt'] === 'string' && node.properties['alt'] !== '');
  const files: { path: string; bytes: Uint8Array; item?: PackageItem }[] = [
    { path: 'META-INF/container.xml', bytes: utf8(CONTAINER) },
    { path: 'EPUB/nav.xhtml', bytes: utf8(nav), item: { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' } },
    ...xhtml.map((d, i) => ({ path: `EPUB/${d.file}`, bytes: utf8(d.text), item: { id: `doc-${i}`, href: d.file, mediaType: 'application/xhtml+xml' } })),
    ...css.map((c, i) => ({ path: `EPUB/${ASSETS}/${c.name}`, bytes: utf8(c.css), item: { id: `css-${i}`, href: `${ASSETS}/${c.name}`, mediaType: 'text/css' } })),
    ...(await Promise.all([...fontFiles].map(async ([name, bytes], i) => ({ path: `EPUB/${ASSETS}/fonts/${name}`, bytes: await bytes, item: { id: `font-${i}`, href: `${ASSETS}/fonts/${name}`, mediaType: 'font/woff' } })))),
    ...input.images.map((image, i) => ({ path: `EPUB/${image.urlPath}`, bytes: image.bytes, item: { id: `img-${i}`, href: image.urlPath, mediaType: contentTypeOf(image.urlPath) } })),
  ];
  const opf = packageDocument(
    {
      identifier: documentUuid(input.identity),
      title: input.title,
      author: input.author,
      lang: input.lang,
      date: input.date,
      source: `${input.title}（${input.editionDisplay}，印刷本）`,
      accessModes: ['textual', ...(hasImages ? ['visual'] : [])],
      features: ['tableOfContents', 'structuralNavigation', 'readingOrder', 'printPageNumbers', 'pageNavigation', 'displayTransformability', ...(hasAlt ? ['alternativeText'] : []), ...(hasRuby ? ['rubyAnnotations'] : [])],
      summary: labels.epubSummary + (hasAlt ? labels.epubSummaryImages : '') + (hasRuby ? labels.epubSummaryRuby : ''),
      generator: input.generator,
    },
    files.flatMap((f) => (f.item ? [f.item] : [])),
    // The contents after the title document, as in the printed book.
    xhtml.flatMap((_, i) => (i === 0 ? ['doc-0', 'nav'] : [`doc-${i}`])),
    input.writing === 'vertical' ? 'rtl' : 'ltr',
  );
  return ocfZip([files[0]!, { path: 'EPUB/package.opf', bytes: utf8(opf) }, ...files.slice(1)], input.date);
}

/** A paragraph holding only an image (cjk.css's `p:has(> img:only-child)`, which reading systems lack): not indented. */
function markImageParagraphs(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    const content = node.children.filter((c) => c.type !== 'text' || c.value.trim());
    if (node.tagName === 'p' && content.length === 1 && content[0]!.type === 'element' && content[0]!.tagName === 'img') {
      node.properties['className'] = ['image-only'];
    }
  });
}

function hasElement(tree: Root, tagName: string, test: (node: Element) => boolean = () => true): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => void (node.tagName === tagName && test(node) && (found = true)));
  return found;
}

function el(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
