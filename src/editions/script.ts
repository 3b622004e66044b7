import type { Root } from 'mdast';
import { openCC } from './opencc.ts';
import { visit } from 'unist-util-visit';
import type { Edition } from './editions.ts';

type Convert = (text: string) => string;
const converters = new Map<string, Convert>();

/** Simplified → Traditional with OpenCC, for the edition's variant (Taiwan, Taiwan phrases, Hong Kong). */
export function traditionalConverter(variant: Edition['variant']): Convert {
  const cached = converters.get(variant);
  if (cached) return cached;
  const convert: Convert = openCC().Converter({ from: 'cn', to: variant });
  converters.set(variant, convert);
  return convert;
}

/** Convert every text of the body; code, URLs and HTML stay as they are. */
export function convertTree(tree: Root, convert: Convert): void {
  visit(tree, (node) => {
    if (node.type === 'text') node.value = convert(node.value);
    else if (node.type === 'image') node.alt = node.alt ? convert(node.alt) : node.alt;
  });
}
