import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * The title from front matter is the page's only h1, so body headings move
 * down one level: `#` is a chapter (h2), `##` a section (h3)…
 */
export function shiftHeadings(tree: Root): void {
  visit(tree, 'heading', (node) => {
    node.depth = Math.min(6, node.depth + 1) as typeof node.depth;
  });
}
