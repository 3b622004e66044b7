import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * The body as Chromium prints it. Chromium's tagging gives a structure
 * element (and so a `/Lang`) only to elements in its accessibility tree, and
 * leaves a plain `<span lang="en">` out of it: its text would be read in the
 * document's language. `aria-hidden="false"` changes nothing for a reader
 * and brings the span into the tree; finishing turns it into a `Span`.
 */
export function printTree(tree: Root): Root {
  const copy = structuredClone(tree);
  visit(copy, 'element', (node: Element) => {
    if (typeof node.properties['lang'] === 'string' && node.properties['ariaHidden'] === undefined) node.properties['ariaHidden'] = 'false';
  });
  return copy;
}
