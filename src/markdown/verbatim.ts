import type { Html, Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * Where the author's characters are kept exactly as typed, whatever the
 * build normalises (issue 17): text in an element of another language
 * (`<span lang="en">`, `[…]{lang=en}`) and in an element of class
 * `verbatim` (`<div class="verbatim">` around whole blocks, `<span
 * class="verbatim">` inline). Code is kept by the callers already.
 */

/** The class that marks a raw HTML element as the author's exact text. */
export const VERBATIM_CLASS = 'verbatim';

const OPENING_TAG = /^<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const CLOSING_TAG = /^<\/([A-Za-z][A-Za-z0-9-]*)\s*>/;

/** A language tag that is not Chinese: its text is not Chinese text. */
export function isForeignLang(lang: string | undefined): boolean {
  return lang !== undefined && lang.trim() !== '' && !/^zh(?:-|$)/i.test(lang.trim());
}

/** The element name if `html` opens an element whose content is kept (foreign `lang`, or class verbatim). */
export function keptElementOpened(html: string): string | undefined {
  const match = OPENING_TAG.exec(html.trim());
  if (!match) return undefined;
  const attributes = new Map<string, string>();
  for (const a of (match[2] ?? '').matchAll(ATTRIBUTE)) attributes.set(a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
  const classes = (attributes.get('class') ?? '').split(/\s+/);
  return isForeignLang(attributes.get('lang')) || classes.includes(VERBATIM_CLASS) ? match[1]!.toLowerCase() : undefined;
}

/**
 * Follows raw HTML nodes in document order: `keep()` is true between the
 * opening tag of a kept element and its matching closing tag (elements of
 * the same name nested inside are counted).
 */
export class KeptRegion {
  private name: string | undefined;
  private depth = 0;

  /** Feed one raw HTML node, in order. */
  see(node: Html): void {
    const value = node.value.trim();
    if (this.name === undefined) {
      this.name = keptElementOpened(value);
      this.depth = this.name && !closes(value, this.name) ? 1 : 0;
      if (!this.depth) this.name = undefined;
      return;
    }
    if (OPENING_TAG.exec(value)?.[1]?.toLowerCase() === this.name) this.depth++;
    if (closes(value, this.name) && --this.depth === 0) this.name = undefined;
  }

  keep(): boolean {
    return this.name !== undefined;
  }
}

/** Whether the html ends the element `name` (the closing tag at its start or end: `</div>`, `text</div>`). */
function closes(html: string, name: string): boolean {
  const last = html.slice(html.lastIndexOf('</'));
  return CLOSING_TAG.exec(last)?.[1]?.toLowerCase() === name;
}

/**
 * Blocks inside a kept block element: `<div class="verbatim">`, a blank
 * line, paragraphs, a blank line, `</div>` is three siblings or more.
 */
export function keptBlocks(tree: Root): Set<Nodes> {
  const kept = new Set<Nodes>();
  visit(tree, (node) => {
    if (!('children' in node) || node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') return;
    const region = new KeptRegion();
    for (const child of node.children as Nodes[]) {
      if (child.type === 'html') region.see(child);
      else if (region.keep()) kept.add(child);
    }
  });
  return kept;
}

/** Inline `[text]{lang=en}` (before langSpans makes it a span, as lint reads it): its UTF-16 ranges in `text`. */
export function foreignLangSpanRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/\[[^[\]\n]+\]\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/g)) {
    if (isForeignLang(m[1])) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}
