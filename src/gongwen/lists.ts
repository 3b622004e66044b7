import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * 公文 lists carry no bullets; an ordered list's numbers are printed as
 * text (`1.`), the form the standard's own numbering takes. They are put
 * into the print tree as real text, not CSS generated content, so that the
 * tagged PDF reads them too (the HTML output keeps its `<ol>` numbers).
 */
export function numberOrderedItems(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'ol') return;
    let n = Number(node.properties['start'] ?? 1);
    if (!Number.isFinite(n)) n = 1;
    for (const item of node.children) {
      if (item.type !== 'element' || item.tagName !== 'li') continue;
      const number: ElementContent = { type: 'text', value: `${n++}.` };
      // Into the item's first paragraph when it has one (a loose list), else at its start.
      const first = item.children.find((c) => c.type === 'element' || (c.type === 'text' && c.value.trim() !== ''));
      if (first?.type === 'element' && first.tagName === 'p') first.children.unshift(number);
      else item.children.unshift(number);
    }
  });
}
