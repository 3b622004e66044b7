import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Text of every element with an id (headings, footnotes): what a link to it says. */
export function idTexts(tree: Root, maxLength = 60): Map<string, string> {
  const texts = new Map<string, string>();
  visit(tree, 'element', (node) => {
    const id = node.properties['id'];
    if (typeof id !== 'string' || texts.has(id)) return;
    const text = toString(node).replace(/\s+/g, ' ').trim();
    if (text) texts.set(id, text.length > maxLength ? `${text.slice(0, maxLength)}…` : text);
  });
  return texts;
}
