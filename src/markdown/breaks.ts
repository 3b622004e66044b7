import type { Element, ElementContent, Root, RootContent, Text } from 'hast';

/** Han ideographs (with extensions and compatibility forms), kana, bopomofo. */
const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
const OPENING_QUOTE = /[“‘]/;
const CLOSING_QUOTE = /[”’]/;

/** Elements whose text is never touched: code, preformatted text, ruby annotations. */
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'rt', 'rp', 'math', 'svg']);

/**
 * Line-break opportunities around Chinese quotation marks. Unicode gives
 * “ ” ‘ ’ the class QU, which forbids a break on either side, so Chromium
 * keeps `成“1+8”执` together and a 公文 line comes up cells short. clreq
 * allows a break before an opening quote and after a closing one (the
 * prohibitions are the other sides, which `line-break: strict` keeps):
 * a `<wbr>` goes between a Han character and an opening quote, and between a
 * closing quote and a Han character. No characters are added to the text.
 */
export function rehypeQuoteBreaks() {
  return (tree: Root): void => {
    walk(tree);
  };
}

function walk(node: Root | Element): void {
  const children = node.children as (RootContent | ElementContent)[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === 'element') {
      if (!SKIP.has(child.tagName)) walk(child);
    } else if (child.type === 'text') {
      const pieces = split(child);
      if (pieces.length > 1) {
        children.splice(i, 1, ...pieces);
        i += pieces.length - 1;
      }
    }
  }
}

function split(node: Text): (Text | Element)[] {
  const chars = [...node.value];
  const out: (Text | Element)[] = [];
  let run = '';
  for (let k = 0; k < chars.length; k++) {
    const before = chars[k - 1];
    const here = chars[k]!;
    if (before !== undefined && ((HAN.test(before) && OPENING_QUOTE.test(here)) || (CLOSING_QUOTE.test(before) && HAN.test(here)))) {
      out.push({ type: 'text', value: run }, { type: 'element', tagName: 'wbr', properties: {}, children: [] });
      run = '';
    }
    run += here;
  }
  if (!out.length) return [node];
  out.push({ type: 'text', value: run });
  return out;
}
