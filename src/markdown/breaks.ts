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

const LETTER = /[\p{L}\p{N}]/u;

/**
 * No paragraph ends with a lone character on its last line. Chromium's
 * `text-wrap: pretty` sees to it in plain paragraphs, but not in every one
 * (one with ruby or emphasis marks was measured ending `法。`): the last two
 * letters of each paragraph, with any punctuation after them, are kept
 * together in a `<span class="keep">` (white-space: nowrap). Only when they
 * sit in one text node; no characters are added.
 */
export function rehypeKeepLastTwo() {
  return (tree: Root): void => {
    visitParagraphs(tree);
  };
}

function visitParagraphs(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element' || SKIP.has(child.tagName)) continue;
    if (child.tagName === 'p') keepLastTwo(child);
    else visitParagraphs(child);
  }
}

function keepLastTwo(p: Element): void {
  // The last text node of the paragraph, not inside ruby annotations or code.
  let parent: Element = p;
  for (;;) {
    const last = [...parent.children].reverse().find((c) => c.type !== 'text' || c.value.trim() !== '');
    if (!last) return;
    if (last.type === 'element') {
      if (SKIP.has(last.tagName) || last.tagName === 'ruby' || last.tagName === 'br' || last.tagName === 'wbr') return;
      parent = last;
      continue;
    }
    if (last.type !== 'text') return;
    const chars = [...last.value.replace(/\s+$/, '')];
    let start = chars.length;
    let letters = 0;
    while (start > 0 && letters < 2) {
      start--;
      if (LETTER.test(chars[start]!)) letters++;
      else if (/\s/.test(chars[start]!)) return;
    }
    if (letters < 2 || start === 0) return;
    const index = parent.children.indexOf(last);
    parent.children.splice(
      index,
      1,
      { type: 'text', value: chars.slice(0, start).join('') },
      { type: 'element', tagName: 'span', properties: { className: ['keep'] }, children: [{ type: 'text', value: chars.slice(start).join('') }] },
      ...(last.value.length > chars.join('').length ? [{ type: 'text' as const, value: last.value.slice(chars.join('').length) }] : []),
    );
    return;
  }
}
