import type { Element, ElementContent, Root } from 'hast';
import { visit, SKIP } from 'unist-util-visit';

/** A run of one or two digits that is not part of a longer number. */
const SHORT_NUMBER = /(?<![\d.,])\d{1,2}(?![\d.,%])/g;
const SKIPPED = new Set(['code', 'pre', 'rt', 'rp', 'script', 'style']);

/**
 * Vertical writing: numbers of one or two digits set upright in one em
 * (`tate-chu-yoko`, `text-combine-upright: all` on `.tcy`); longer numbers
 * stay sideways, as vertical Chinese typesetting does.
 */
export function uprightDigits(tree: Root): Root {
  visit(tree, 'element', (node: Element) => {
    // Its own spans are not visited again.
    if (SKIPPED.has(node.tagName) || (Array.isArray(node.properties['className']) && node.properties['className'].includes('tcy'))) return SKIP;
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'text' || !/\d/.test(child.value)) return [child];
      const out: ElementContent[] = [];
      let last = 0;
      for (const match of child.value.matchAll(SHORT_NUMBER)) {
        if (match.index > last) out.push({ type: 'text', value: child.value.slice(last, match.index) });
        out.push({ type: 'element', tagName: 'span', properties: { className: ['tcy'] }, children: [{ type: 'text', value: match[0] }] });
        last = match.index + match[0].length;
      }
      if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
      return out;
    });
    return undefined;
  });
  return tree;
}
