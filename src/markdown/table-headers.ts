import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/**
 * The source lines of tables without a single header cell: raw HTML tables
 * (a Markdown table always has its header row). Their PDF fails PDF/UA
 * (ISO 14289-1 7.5, Matterhorn 15-005) and their HTML WCAG 1.3.1: no reader
 * can tell what a column holds. A warning, as `paiban check` would fail them.
 */
export function tablesWithoutHeaders(tree: Root): number[] {
  const lines: number[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'table') return;
    let header = false;
    visit(node, 'element', (cell: Element) => {
      if (cell !== node && cell.tagName === 'table') return SKIP; // a nested table answers for itself
      if (cell.tagName === 'th') header = true;
      return undefined;
    });
    if (!header) lines.push(node.position?.start.line ?? 0);
  });
  return lines;
}
