import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { isCjkLetter } from '../cjk/chars.ts';

const OPENING_QUOTE = /[“‘]/;
const CLOSING_QUOTE = /[”’]/;
const ANY_QUOTE = /[“‘”’]/;

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
  splitTextNodes(node, SKIP, split);
}

/** Replace each text node outside `skip` elements by the pieces `split` makes of it (one piece: left as it is). */
export function splitTextNodes(node: Root | Element, skip: ReadonlySet<string>, split: (text: Text) => (Text | Element)[]): void {
  const children = node.children as (RootContent | ElementContent)[];
  // A new array, not splice(i, 1, ...pieces): a 1 MB token makes more pieces than a call takes arguments.
  const out: (RootContent | ElementContent)[] = [];
  let changed = false;
  for (const child of children) {
    if (child.type === 'element' && !skip.has(child.tagName)) splitTextNodes(child, skip, split);
    const pieces = child.type === 'text' ? split(child) : [child];
    if (pieces.length > 1) changed = true;
    for (const piece of pieces) out.push(piece);
  }
  if (changed) (node as { children: (RootContent | ElementContent)[] }).children = out;
}

function split(node: Text): (Text | Element)[] {
  // Most text has no quotation mark: nothing to look at character by character.
  if (!ANY_QUOTE.test(node.value)) return [node];
  const chars = [...node.value];
  const out: (Text | Element)[] = [];
  let run = '';
  for (let k = 0; k < chars.length; k++) {
    const before = chars[k - 1];
    const here = chars[k]!;
    if (before !== undefined && ((isCjkLetter(before) && OPENING_QUOTE.test(here)) || (CLOSING_QUOTE.test(before) && isCjkLetter(here)))) {
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
/** Closing marks a paragraph may end with after its last letter (`。”）` and a little more). */
const MAX_TRAILING_MARKS = 4;

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
  // From the end of the paragraph, whole inline elements (a ruby, a bold
  // phrase) and the tail of a text node, until two letters are gathered.
  const kids = p.children;
  let letters = 0;
  let trailing = 0;
  let first = kids.length;
  let splitAt: number | undefined;
  while (first > 0 && letters < 2) {
    const node = kids[first - 1]!;
    if (node.type === 'element') {
      if (SKIP.has(node.tagName) || node.tagName === 'br') return;
      const count = [...textOf(node)].filter((ch) => LETTER.test(ch)).length;
      // A longer phrase at the end (bold, a link) is left alone: held on one
      // line it could overflow the measure.
      if (count > 2) return;
      letters += count;
      first--;
    } else if (node.type === 'text') {
      // Character by character from the end (a surrogate pair is one), never the whole paragraph's text.
      const text = node.value;
      let k = text.length;
      while (k > 0 && letters < 2) {
        const size = k >= 2 && isLowSurrogate(text.charCodeAt(k - 1)) && isHighSurrogate(text.charCodeAt(k - 2)) ? 2 : 1;
        k -= size;
        const char = text.slice(k, k + size);
        if (/\s/.test(char)) return;
        if (LETTER.test(char)) letters++;
        // A paragraph ending in a long run of marks (签字栏：＿＿＿…, emoji) is left alone: held on one line it overflows.
        else if (!letters && ++trailing > MAX_TRAILING_MARKS) return;
      }
      first--;
      // A UTF-16 offset.
      if (letters >= 2 && k > 0) splitAt = k;
    } else {
      first--;
    }
  }
  if (letters < 2 || (first === 0 && splitAt === undefined)) return;
  const kept = kids.splice(first);
  if (splitAt !== undefined) {
    const head = kept.shift() as Text;
    kids.push({ type: 'text', value: head.value.slice(0, splitAt) });
    kept.unshift({ type: 'text', value: head.value.slice(splitAt) });
  }
  kids.push({ type: 'element', tagName: 'span', properties: { className: ['keep'] }, children: kept });
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function textOf(node: Element): string {
  return node.children
    .map((c) => (c.type === 'text' ? c.value : c.type === 'element' && c.tagName !== 'rt' && c.tagName !== 'rp' ? textOf(c) : ''))
    .join('');
}
