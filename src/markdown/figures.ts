import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { DECORATIVE } from './images.ts';

/**
 * A paragraph holding nothing but an image becomes a figure; the image's
 * title (`![alt](src "图1 …")`) becomes its caption. The alt text stays on
 * the image, where screen readers and the PDF's Figure tag take it from.
 */
export function imageParagraphsToFigures(tree: Root): void {
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && node.properties['title'] === DECORATIVE) {
      delete node.properties['title'];
      node.properties['alt'] = '';
    }
  });
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'p' || index === undefined || !parent) return;
    const content = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
    const image = content[0];
    if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img' || image.properties['alt'] === '') return;
    const title = typeof image.properties['title'] === 'string' ? image.properties['title'] : undefined;
    delete image.properties['title'];
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: {},
      children: [image, ...(title ? [{ type: 'element' as const, tagName: 'figcaption', properties: {}, children: [{ type: 'text' as const, value: title }] }] : [])],
    };
    parent.children[index] = figure;
  });
}
