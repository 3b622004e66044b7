import type { Element, Root } from 'hast';
import { openCC } from './opencc.ts';
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

/** Elements whose text is not prose: left as the author typed it. */
const VERBATIM = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style']);
/** Attributes a reader hears or sees. */
const TEXT_ATTRIBUTES = ['alt', 'title', 'ariaLabel'] as const;

/**
 * Convert the text of the body's HTML tree — Markdown text, raw HTML (table
 * cells, captions) and the alt, title and aria-label attributes alike.
 * Code and spans in a non-Chinese language stay as they are; ids and links
 * keep the slugs made from the source, so every `#` link still has its
 * target and a heading's anchor is the same in every edition.
 */
export function convertHast(tree: Root, convert: Convert): void {
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type === 'text') child.value = convert(child.value);
      else if (child.type === 'element') {
        const lang = child.properties['lang'];
        if (VERBATIM.has(child.tagName) || (typeof lang === 'string' && !/^zh\b/i.test(lang))) continue;
        for (const name of TEXT_ATTRIBUTES) {
          const value = child.properties[name];
          if (typeof value === 'string') child.properties[name] = convert(value);
        }
        walk(child);
      }
    }
  };
  walk(tree);
}
