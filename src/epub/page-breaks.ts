import type { Element, ElementContent, Parent, Root, Text } from 'hast';
import type { PrintedPage } from './printed-pages.ts';

/** A page marker put into the body: its id and the printed folio it stands for. */
export interface PageBreak {
  id: string;
  label: string;
}

/** Only letters and digits are compared: spacing, punctuation markup and autospace differ between print and reading. */
const KEPT = /[\p{L}\p{N}]/u;
/** How many characters of a page's first text must match the body (shorter pieces, like a folio, are not evidence). */
const SNIPPET = 12;
const MIN_SNIPPET = 4;
/** Where a page's text may start: running heads and folios come first in some pages' content order. */
const FIRST_ITEMS = 12;
/** Ruby annotations and their fallback parentheses: a marker goes before the whole ruby. */
const ATOMIC = new Set(['ruby', 'rt', 'rp']);
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'table', 'ol', 'ul', 'pre', 'blockquote', 'hr', 'div', 'dl']);

interface Run {
  node: Text;
  /** Ancestors, outermost first. */
  path: Parent[];
  /** Offset in the compared (letters and digits) text where this node starts. */
  start: number;
  /** For each compared character of this node, its index in node.value. */
  offsets: number[];
}

/**
 * Put a page-break marker (`epub:type="pagebreak"`, `role="doc-pagebreak"`)
 * where each printed page with an arabic folio begins. The start of a page
 * is the earliest place in the body, after the previous page's start, that
 * any of its first text pieces matches: a running head repeats a heading
 * already passed, so it never wins. A page whose text is not found (a
 * blank verso) gets its marker just before the next page's.
 */
export function markPageBreaks(tree: Root, pages: readonly PrintedPage[], label: (folio: string) => string): PageBreak[] {
  const runs: Run[] = [];
  let text = '';
  const walk = (parent: Parent, path: Parent[]) => {
    for (const child of parent.children) {
      if (child.type === 'text') {
        const offsets: number[] = [];
        const start = text.length;
        let i = 0;
        for (const ch of child.value) {
          if (KEPT.test(ch)) {
            offsets.push(i);
            text += ch;
          }
          i += ch.length;
        }
        if (offsets.length) runs.push({ node: child, path: [...path, parent], start, offsets });
      } else if (child.type === 'element') walk(child, [...path, parent]);
    }
  };
  walk(tree, []);

  const body = pages.filter((page) => /^\d+$/.test(page.label));
  const found: (number | undefined)[] = [];
  let cursor = 0;
  for (const page of body) {
    const pieces = page.items.map(compared);
    let best: number | undefined;
    // Printed list numbers (`1.`) are CSS markers in the body, not text:
    // each start is tried with and without the pieces that are only digits.
    const withoutNumbers = pieces.map((piece) => (/^\d+$/.test(piece) ? '' : piece));
    for (let i = 0; i < Math.min(pieces.length, FIRST_ITEMS); i++) {
      for (const list of [pieces, withoutNumbers]) {
        const snippet = list.slice(i).join('').slice(0, SNIPPET);
        if (snippet.length < MIN_SNIPPET) continue;
        const at = text.indexOf(snippet, cursor);
        if (at >= 0 && (best === undefined || at < best)) best = at;
      }
    }
    found.push(best);
    if (best !== undefined) cursor = best + 1;
  }
  // Unfound pages sit just before the next found page (or at the end).
  const positions = found.map((_, i) => found.slice(i).find((p) => p !== undefined) ?? text.length);

  const breaks: PageBreak[] = body.map((page) => ({ id: `page-${page.label}`, label: page.label }));
  // Inserted back to front: earlier positions keep their nodes and offsets.
  for (let i = body.length - 1; i >= 0; i--) insertMarker(runs, positions[i]!, marker(breaks[i]!, label(breaks[i]!.label)));
  return breaks;
}

function compared(s: string): string {
  let out = '';
  for (const ch of s) if (KEPT.test(ch)) out += ch;
  return out;
}

/**
 * The marker is named by `title`, not `aria-label`: axe-core resolves DPUB
 * roles only when asked (its `dpub` option), so it sees `aria-label` on a
 * plain span, which ARIA prohibits (aria-prohibited-attr); `title` names it
 * for readers all the same (DAISY Ace accepts either).
 */
function marker(pageBreak: PageBreak, name: string): Element {
  return {
    type: 'element',
    tagName: 'span',
    properties: { id: pageBreak.id, 'epub:type': 'pagebreak', role: 'doc-pagebreak', title: name, className: ['pagebreak'] },
    children: [],
  };
}

function insertMarker(runs: Run[], position: number, span: Element): void {
  // The run holding the position (or the last run, for the end of the text).
  let index = runs.findIndex((run) => position < run.start + run.offsets.length);
  if (index < 0) index = runs.length - 1;
  const run = runs[index]!;
  const at = Math.max(0, position - run.start);
  const atom = run.path.findIndex((p) => p.type === 'element' && ATOMIC.has((p as Element).tagName));
  const blockDepth = run.path.findLastIndex((p) => p.type === 'element' && BLOCKS.has((p as Element).tagName));
  if (atom > 0) {
    insertBefore(run.path[atom - 1]!, run.path[atom] as Element, span);
  } else if (at === 0 && blockDepth > 0 && firstTextOf(run.path[blockDepth] as Element) === run.node) {
    // At the very start of a block: before the block, not inside its first line.
    insertBefore(run.path[blockDepth - 1]!, run.path[blockDepth] as Element, span);
  } else {
    // The node keeps the text before the marker, so earlier positions in it stay valid.
    const parent = run.path.at(-1)!;
    const offset = position >= run.start + run.offsets.length ? run.node.value.length : run.offsets[at]!;
    const after: Text = { type: 'text', value: run.node.value.slice(offset) };
    run.node.value = run.node.value.slice(0, offset);
    parent.children.splice(parent.children.indexOf(run.node) + 1, 0, span as ElementContent, after);
  }
}

/** Before `child` and before markers already there (inserted later in page order). */
function insertBefore(parent: Parent, child: ElementContent, span: Element): void {
  let i = parent.children.indexOf(child);
  while (i > 0 && isMarker(parent.children[i - 1]!)) i--;
  parent.children.splice(i, 0, span as ElementContent);
}

function isMarker(node: Root['children'][number]): boolean {
  return node.type === 'element' && node.properties['epub:type'] === 'pagebreak';
}

function firstTextOf(element: Element): Text | undefined {
  for (const child of element.children) {
    if (child.type === 'text' && child.value.trim()) return child;
    if (child.type === 'element') return firstTextOf(child);
  }
  return undefined;
}
