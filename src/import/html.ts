import { Readability } from '@mozilla/readability';
import { h } from 'hastscript';
import type { Element as HastElement } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { parseHTML } from 'linkedom';
import { mergeTouchingBold } from './lead.ts';
import { findHiddenParts, pageTextBlocks, type PageTextBlock } from './page-text.ts';
import { withoutPlaceholderChars, type RawTokens } from './raw-tokens.ts';
import { findDocumentRecord, type DocumentRecord } from './record-table.ts';

/** An image the page shows: where it points and what it says. */
export interface PageImage {
  src: string;
  alt: string;
  /** Its placeholder in the lines (RawTokens). */
  placeholder: string;
}

export interface HtmlLines {
  lines: string[];
  images: PageImage[];
  /** The page's visible text blocks before extraction, to count what the import kept. */
  pageBlocks: PageTextBlock[];
  /** Parts of the page hidden by CSS or `hidden`, skipped. */
  hidden: PageTextBlock[];
  /** The page's table of the document's particulars (发文机关, 成文日期…), when it has one. */
  record?: DocumentRecord;
}

export interface HtmlOptions {
  tokens: RawTokens;
  /**
   * Find the article with Readability (a saved web page); false for HTML
   * that is all document (a Word file's conversion).
   */
  article: boolean;
}

/**
 * An HTML page → the lines of its main text, in the shape of a scraped .txt
 * file (title line, then one line per block), so the same boilerplate and
 * structure rules apply to both. Readability finds the article and drops
 * header, navigation, sidebar and footer; what it keeps of a site's
 * boilerplate (disclaimers, comment prompts) the line rules remove. What the
 * text rules must not touch (lang spans, images, tables with merged cells)
 * goes into the lines as placeholders (src/import/raw-tokens.ts).
 */
export function htmlToLines(html: string, { tokens, article }: HtmlOptions): HtmlLines {
  const { document } = parseHTML(asDocument(withoutPlaceholderChars(html)));
  const baseLang = document.documentElement?.getAttribute('lang')?.trim() || 'zh-CN';
  // Hidden parts leave before anything reads the page: a browser would not show them.
  const hidden = findHiddenParts(document as unknown as Document);
  for (const part of hidden) part.element.remove();
  // The document's record goes to the front matter: its cells are neither text the import must keep nor the article.
  const record = findDocumentRecord(document as unknown as Document);
  for (const table of record?.elements ?? []) table.remove();
  const pageBlocks = pageTextBlocks(document as unknown as Document);
  // Readability makes relative `src` absolute against the page's address; keep the page's own.
  for (const img of Array.from(document.querySelectorAll('img'))) img.setAttribute('data-paiban-src', img.getAttribute('src') ?? '');
  // Readability drops style attributes: a run-in bold set by style is marked first.
  markStyledBold(document as unknown as Document);
  const title = pageTitle(document as unknown as Document);
  const images: PageImage[] = [];
  const writer = new LineWriter(tokens, images);
  let root: Element;
  if (article) {
    const found = findArticle(document as unknown as Document);
    root = (found?.content as Element | null | undefined) ?? (document.querySelector('main, article') as unknown as Element | null) ?? (document.body as unknown as Element);
  } else root = document.body as unknown as Element;
  const blocks = writer.blockLines(root, baseLang).filter((line) => line !== '');
  // Readability usually drops a heading that repeats the title; when it does not, drop it here.
  if (title && blocks[0]?.replace(/^#+\s*/, '').replace(/\*\*/g, '') === title) blocks.shift();
  const lines = [...(title ? [title] : []), ...blocks].flatMap((block) => [...block.split('\n'), '']);
  return { lines, images, pageBlocks, hidden, ...(record ? { record } : {}) };
}

/**
 * A saved fragment (an article's `<div>`, as scrapers store pages) in a
 * document of its own: parsed bare, it would be the document's root beside
 * an empty body, and Readability walks up from it into nothing.
 */
function asDocument(html: string): string {
  return /<(?:html|body)[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
}

/** Readability's article, or none when it cannot make one of this page (the whole page is read then). */
export function findArticle(document: Document): ReturnType<Readability<Node>['parse']> {
  try {
    return new Readability(document, { charThreshold: 100, serializer: (node: Node) => node, keepClasses: true }).parse();
  } catch {
    return null;
  }
}

const STYLED_BOLD = 'data-paiban-bold';
const BOLD_STYLE = /(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)\s*(?:!important\s*)?(?:;|$)/i;
const TEXT_BLOCK = 'p, li, td, th, dd, dt, div, h1, h2, h3, h4, h5, h6';

/**
 * An inline element made bold by its style (`<span style="font-weight:
 * bold">第一条</span>　根据…`), as a <b> would be, when it is a run-in part
 * of its line: a line bold throughout (between a block's edges and its
 * <br>s) is a heading or a title, which the structure rules read by their
 * wording.
 */
function markStyledBold(document: Document): void {
  const isBold = (element: Element) => (element.tagName === 'SPAN' || element.tagName === 'FONT') && BOLD_STYLE.test(element.getAttribute('style') ?? '');
  const blocks = new Set<Element>();
  for (const element of Array.from(document.querySelectorAll('span[style], font[style]'))) {
    const block = isBold(element) ? element.parentElement?.closest(TEXT_BLOCK) : undefined;
    if (block) blocks.add(block);
  }
  for (const block of blocks) {
    // The block's lines: its text in order, each piece with the bold element it is in (if any).
    const lines: { text: string; bold: Element | undefined }[][] = [[]];
    const walk = (node: Node, bold: Element | undefined) => {
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeType === 3) lines.at(-1)!.push({ text: child.textContent ?? '', bold });
        else if (child.nodeType === 1) {
          const element = child as Element;
          if (element.tagName === 'BR') lines.push([]);
          else if (!BLOCKS.has(element.tagName)) walk(element, bold ?? (isBold(element) ? element : undefined));
        }
      }
    };
    walk(block, undefined);
    for (const line of lines) {
      const plain = line.some((piece) => !piece.bold && collapse(piece.text) !== '');
      if (plain) for (const piece of line) piece.bold?.setAttribute(STYLED_BOLD, '');
    }
  }
}

/** Words of a page's controls: a heading made of one is not the title. */
const CONTROL = /^(?:下载|全屏|打印|关闭|分享|收藏|加大|减小|还原|放大|缩小|返回|首页|[【】\s])+$/;

/**
 * The document's title: the page's `<h1>`, else `og:title`, else Readability
 * later (the `<title>` minus the site name) — never a control's label.
 */
function pageTitle(document: Document): string {
  const headings = Array.from(document.querySelectorAll('h1')).map((el) => collapse(el.textContent ?? ''));
  const h1 = headings.find((text) => text && !CONTROL.test(text));
  if (h1) return h1;
  const og = collapse(document.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? '');
  if (og && !CONTROL.test(og)) return og;
  const titleTag = collapse(document.querySelector('title')?.textContent ?? '');
  // `政府工作报告_某某市人民政府`: the part before the site name.
  return titleTag.split(/\s*[_|｜–—-]{1,2}\s*/)[0] ?? '';
}

/**
 * HTML's own whitespace (a source line break, an indent of the markup). Not
 * JavaScript's \s: an ideographic space (U+3000) is text a Chinese page
 * typed (`第一条　根据…`, `总理　李克强`), not a gap between tags.
 */
const HTML_SPACE = /[ \t\n\r\f]+/g;
const CJK_SPACE_CJK = /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])[ ](?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])/gu;
const HEADING = /^H([1-6])$/;
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'BODY', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'FORM', 'CENTER', 'TBODY', 'THEAD', 'TFOOT', 'FIGURE']);
// TR, TD and TH are blocks outside a table too: Readability may hand back a
// layout table's cell on its own (gov.cn's `<td id="UCAP-CONTENT">`), whose
// paragraphs would otherwise run together as one line.
const BLOCKS = new Set([...CONTAINERS, 'P', 'UL', 'OL', 'LI', 'TABLE', 'TR', 'TD', 'TH', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'DL', 'DT', 'DD']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
/** A language tag as paiban's `[text]{lang=…}` accepts it (src/markdown/official.ts). */
const LANG_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

class LineWriter {
  constructor(
    private readonly tokens: RawTokens,
    private readonly images: PageImage[],
  ) {}

  blockLines(element: Element, lang: string): string[] {
    const tag = element.tagName;
    const own = this.langOf(element, lang);
    const heading = HEADING.exec(tag);
    if (heading) return [`${'#'.repeat(Math.max(1, Number(heading[1]) - 1))} ${this.inlineText(element, lang)}`];
    if (tag === 'OL' && isNoteList(element)) return this.noteLines(element, own);
    if (tag === 'UL' || tag === 'OL') {
      return Array.from(element.children)
        .filter((li) => li.tagName === 'LI')
        .map((li, i) => `${tag === 'OL' ? `${i + 1}.` : '-'} ${this.inlineText(li, own)}`);
    }
    if (tag === 'TABLE') return this.tableLines(element, own);
    if (tag === 'PRE') return (element.textContent ?? '').split('\n');
    const hasBlockChild = Array.from(element.children).some((child) => BLOCKS.has(child.tagName));
    if (!hasBlockChild) return this.inlineText(element, lang).split('\n');
    // Mixed content: runs of inline nodes between blocks are lines of their own.
    const lines: string[] = [];
    let inline = '';
    const flush = (): void => {
      if (collapse(inline)) lines.push(...mergeTouchingBold(collapse(inline)).split('\n'));
      inline = '';
    };
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === 1 && BLOCKS.has((child as Element).tagName)) {
        flush();
        lines.push(...this.blockLines(child as Element, own));
      } else {
        inline += child.nodeType === 1 ? this.inlineMarkdown(child as Element, own) : (child.textContent ?? '').replace(HTML_SPACE, ' ');
      }
    }
    flush();
    return lines;
  }

  /** The element's language when it sets its own, different from the one around it. */
  private langOf(element: Element, around: string): string {
    const lang = element.getAttribute('lang')?.trim();
    return lang && LANG_TAG.test(lang) ? lang : around;
  }

  /**
   * A table whose cells span rows or columns stays an HTML table (GFM has no
   * merged cells; the build's sanitiser allows rowspan and colspan). Others
   * become rows of tab-separated cells, which the structure rules make a
   * GFM table. A table holding tables or blocks is page layout: its cells
   * are read as containers.
   */
  private tableLines(table: Element, lang: string): string[] {
    const rows = Array.from(table.querySelectorAll('tr')).filter((row) => row.closest('table') === table);
    const cells = rows.flatMap((row) => Array.from(row.children).filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH'));
    if (table.querySelector('table') || rows.every((row) => row.children.length <= 1)) {
      return cells.flatMap((cell) => this.blockLines(cell, lang));
    }
    const span = (cell: Element, name: string): number => Math.max(1, Math.min(1000, Number.parseInt(cell.getAttribute(name) ?? '1', 10) || 1));
    const merged = cells.some((cell) => span(cell, 'rowspan') > 1 || span(cell, 'colspan') > 1);
    if (!merged) {
      // One block: its rows stay on adjacent lines, which is what makes them a table.
      return [rows.map((row) => Array.from(row.children).map((cell) => collapse((cell.textContent ?? '').replace(HTML_SPACE, ' '))).join('\t')).join('\n')];
    }
    // The first row is the header, as in a GFM table, unless the page marked header cells itself:
    // a table without header cells is not accessible (PDF/UA, WCAG 1.3.1).
    const headerRow = cells.some((cell) => cell.tagName === 'TH') ? -1 : 0;
    const hastRows = rows.map((row, r) =>
      h(
        'tr',
        Array.from(row.children)
          .filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH')
          .map((cell) => {
            const properties: Record<string, number> = {};
            if (span(cell, 'rowspan') > 1) properties['rowSpan'] = span(cell, 'rowspan');
            if (span(cell, 'colspan') > 1) properties['colSpan'] = span(cell, 'colspan');
            return h(r === headerRow ? 'th' : cell.tagName.toLowerCase(), properties, collapse(cell.textContent ?? ''));
          }),
      ),
    );
    const caption = table.querySelector('caption');
    const children: HastElement[] = [...(caption ? [h('caption', collapse(caption.textContent ?? ''))] : []), h('tbody', hastRows)];
    // One line: a blank line would end the Markdown HTML block.
    return [this.tokens.add(toHtml(h('table', children)).replace(/\n/g, ' '))];
  }

  /** A Word file's notes (`<li id="footnote-1">`) → `[^1]: text` definitions. */
  private noteLines(list: Element, lang: string): string[] {
    return Array.from(list.children).map((li) => `${this.tokens.add(`[^${noteLabel(`#${li.getAttribute('id') ?? ''}`)}]: `)}${this.inlineText(li, lang).replace(/\n/g, ' ')}`);
  }

  private inlineText(element: Element, lang: string): string {
    return mergeTouchingBold(collapse(this.inlineMarkdown(element, lang)));
  }

  /**
   * Inline content as text, keeping bold (a site's own bold lead sentences),
   * line breaks, images (each on a line of its own) and a change of language
   * (`[Made in China]{lang=en}`, or a raw `<span lang>` around formatted text).
   */
  private inlineMarkdown(node: Element, lang: string): string {
    const own = this.langOf(node, lang);
    let out = '';
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += (child.textContent ?? '').replace(HTML_SPACE, ' ');
      else if (child.nodeType === 1) {
        const element = child as Element;
        const note = element.tagName === 'A' ? noteLabel(element.getAttribute('href') ?? '') : undefined;
        if (note) out += this.tokens.add(`[^${note}]`);
        else if (element.tagName === 'A' && /^#(?:foot|end)note-ref-\d+$/.test(element.getAttribute('href') ?? '')) continue; // a note's link back
        else if (element.tagName === 'BR') out += '\n';
        else if (element.tagName === 'IMG') out += `\n${this.image(element)}\n`;
        else if (element.tagName === 'STRONG' || element.tagName === 'B' || element.hasAttribute(STYLED_BOLD)) {
          const inner = collapse(this.inlineMarkdown(element, own));
          out += inner ? `**${inner}**` : '';
        } else if (!SKIPPED.has(element.tagName)) out += this.inlineMarkdown(element, own);
      }
    }
    if (own === lang || !collapse(out)) return out;
    return this.langSpan(out, own);
  }

  private langSpan(inner: string, lang: string): string {
    const text = collapse(inner);
    // paiban's own syntax reads plain text only; bold or brackets inside need the raw span.
    if (/^[^[\]\n*\\<>`\uE000]+$/.test(text)) return `${this.tokens.add('[')}${text}${this.tokens.add(`]{lang=${lang}}`)}`;
    return `${this.tokens.add(`<span lang="${lang}">`)}${inner}${this.tokens.add('</span>')}`;
  }

  private image(element: Element): string {
    const src = element.getAttribute('data-paiban-src') ?? element.getAttribute('src') ?? '';
    const alt = collapse(element.getAttribute('alt') ?? element.getAttribute('title') ?? '');
    const placeholder = this.tokens.add('');
    this.images.push({ src, alt, placeholder });
    return placeholder;
  }
}

/** A list made only of notes, as mammoth writes a Word file's footnotes and endnotes. */
function isNoteList(list: Element): boolean {
  const items = Array.from(list.children);
  return items.length > 0 && items.every((li) => li.tagName === 'LI' && /^(?:foot|end)note-\d+$/.test(li.getAttribute('id') ?? ''));
}

/** The Markdown label of a note (`#footnote-1` → `1`, `#endnote-1` → `e1`), from a mark's link or a note's id. */
function noteLabel(href: string): string | undefined {
  const match = /^#(foot|end)note-(\d+)$/.exec(href);
  if (!match) return undefined;
  return `${match[1] === 'end' ? 'e' : ''}${match[2]}`;
}

/**
 * HTML whitespace → one space, none at line ends and none between two Chinese
 * characters (a source line break inside a paragraph is not a word space in
 * Chinese); a <br> stays a line break.
 */
export function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\u00a0]+/g, ' ').replace(CJK_SPACE_CJK, '').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
