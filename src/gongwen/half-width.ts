import type { Element, Root, Text } from 'hast';
import { splitTextNodes } from '../markdown/breaks.ts';

/** Printable ASCII, with the spaces inside a run (not those at its ends, between it and Chinese). */
const ASCII_RUN = /[\x21-\x7e]+(?: +[\x21-\x7e]+)*/g;
/** Text set as typed, or not in the body's face. */
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'rt', 'rp', 'math', 'svg']);

/**
 * 公文 (GB/T 9704): digits and Latin in the body take half a cell each, so a
 * line of 28 cells holds 28 characters. The fonts' own digits are wider
 * (Noto Serif SC: 0.47–0.56 em, `+` 0.56), and a line with them ran past the
 * grid. The fonts have half-width forms (the OpenType `hwid` feature: every
 * ASCII character 0.5 em), but `hwid` on the whole body would also halve the
 * full-width forms (，（）％０). So each ASCII run is wrapped in a
 * `<span class="hw">`, and gongwen.css turns `hwid` on there alone. No
 * characters are added or changed.
 */
export function rehypeHalfWidthRuns() {
  return (tree: Root): void => {
    splitTextNodes(tree, SKIP, wrapRuns);
  };
}

function wrapRuns(node: Text): (Text | Element)[] {
  const out: (Text | Element)[] = [];
  let at = 0;
  for (const match of node.value.matchAll(ASCII_RUN)) {
    if (match.index > at) out.push({ type: 'text', value: node.value.slice(at, match.index) });
    out.push({ type: 'element', tagName: 'span', properties: { className: ['hw'] }, children: [{ type: 'text', value: match[0] }] });
    at = match.index + match[0].length;
  }
  if (!out.length) return [node];
  if (at < node.value.length) out.push({ type: 'text', value: node.value.slice(at) });
  return out;
}
