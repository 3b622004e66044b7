import type { Root } from 'hast';
import type { Edition } from './editions.ts';
import { convertHast, traditionalConverter } from './script.ts';

/**
 * A Traditional edition's conversion as a rehype plugin (options: the
 * edition's variant). The HTML processor runs it after the project's rehype
 * plugins, the sanitiser and the heading ids (made from the source's text,
 * the same in every edition), and before the line-break passes, which then
 * see the converted text in whole text nodes. `convertHast` says what is
 * converted and what is left as typed.
 */
export function rehypeTraditional(variant: Edition['variant']) {
  const convert = traditionalConverter(variant);
  return (tree: Root): void => {
    convertHast(tree, convert);
  };
}
