import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Ids the layouts and the pipeline give elements of their own: the main
 * element (`content`), the contents' title (`toc-title`), chapter sections
 * (`paiban-ch-N`), footnotes and clobber-safe user ids (`user-content-…`).
 */
const RESERVED_IDS = new Set(['content', 'toc-title', 'user-content-footnote-label']);
const RESERVED_PREFIXES = ['paiban-', 'user-content-fn'];

const isReserved = (id: string) => RESERVED_IDS.has(id) || RESERVED_PREFIXES.some((prefix) => id.startsWith(prefix));

/**
 * Heading slugs are made from heading text, so `# content` or
 * `# paiban-ch-2` would give a heading the id of a layout element: two
 * elements with one id, and a contents page that looked up the wrong one
 * (it printed "paiban-ch-2 … 3" for a chapter on page 5). A heading id in
 * the reserved namespace gets the prefix `h-` (and a number if taken), and links in
 * the document to the heading follow it.
 */
export function moveHeadingIdsOutOfReserved(tree: Root): void {
  const taken = new Set<string>();
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties['id'] === 'string') taken.add(node.properties['id']);
  });
  const renamed = new Map<string, string>();
  visit(tree, 'element', (node: Element, _index, parent) => {
    if (!/^h[1-6]$/.test(node.tagName)) return;
    // The footnotes' own (hidden) heading is the pipeline's, not the author's.
    if (parent?.type === 'element' && parent.properties['dataFootnotes'] !== undefined) return;
    const id = node.properties['id'];
    if (typeof id !== 'string' || !isReserved(id)) return;
    // `h-` takes it out of every reserved prefix; a number makes it unique.
    let next = `h-${id}`;
    for (let n = 1; taken.has(next); n++) next = `h-${id}-${n}`;
    taken.add(next);
    renamed.set(id, next);
    node.properties['id'] = next;
  });
  if (!renamed.size) return;
  visit(tree, 'element', (node: Element) => {
    const href = node.properties['href'];
    if (typeof href !== 'string' || !href.startsWith('#')) return;
    let target: string;
    try {
      target = decodeURIComponent(href.slice(1));
    } catch {
      return;
    }
    const moved = renamed.get(target);
    if (moved) node.properties['href'] = `#${moved}`;
  });
}
