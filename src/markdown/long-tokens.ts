import type { Element, Root, Text } from 'hast';
import { splitTextNodes } from './breaks.ts';

/**
 * Long unbreakable Latin tokens: a URL, `[[#handling_western_text…]]`, a
 * configuration key. Chromium breaks a line only at spaces and around
 * ideographs, so such a token that does not fit the rest of a line goes
 * whole to the next, and the justified line before it is spread across the
 * measure (`连　续　出　现`). A `<wbr>` (a break opportunity, no character)
 * goes where such a token may break: after `/`, `.`, `?`, `&`, `=`, `_`,
 * `#`, `-`, `,`, `;` and `:`, before a capital that follows a lower-case
 * letter (camelCase), and every 12 characters of a stretch of more than 20
 * with none of these (an ID, base64). Tokens shorter than 30 characters are
 * left alone: moved whole to the next line, such a token (≤ 15 em) leaves at
 * most ~0.4 em between the characters of a 38 em line before it.
 */
export function rehypeLongTokenBreaks() {
  return (tree: Root): void => {
    walk(tree);
  };
}

/** Not touched: preformatted blocks (their lines are the author's), scripts, ruby annotations. */
const SKIP = new Set(['pre', 'script', 'style', 'rt', 'rp', 'math', 'svg']);

/** A run of characters with no break opportunity of its own: no space, no ideograph, no full-width punctuation. */
const TOKEN = /[!-~\u00a1-\u02ff]{30,}/g;
const BREAK_AFTER = new Set(['/', '.', '?', '&', '=', '_', '#', '-', ',', ';', ':']);
const MAX_PIECE = 12;
const MAX_TOKEN = 2000;
const LONG_PIECE = 20;

function walk(node: Root | Element): void {
  splitTextNodes(node, SKIP, split);
}

function split(node: Text): (Text | Element)[] {
  const out: (Text | Element)[] = [];
  let last = 0;
  for (const match of node.value.matchAll(TOKEN)) {
    const token = match[0];
    // Past a few lines' worth a token is not a URL but a blob (a hostile 1 MB line): CSS
    // overflow-wrap breaks it; tens of thousands of <wbr> would only slow the print.
    if (token.length > MAX_TOKEN) continue;
    const cuts = breakPoints(token);
    if (!cuts.length) continue;
    for (const cut of cuts) {
      out.push({ type: 'text', value: node.value.slice(last, match.index + cut) }, { type: 'element', tagName: 'wbr', properties: {}, children: [] });
      last = match.index + cut;
    }
  }
  if (!out.length) return [node];
  out.push({ type: 'text', value: node.value.slice(last) });
  return out;
}

/** Offsets inside the token where a break may go. */
export function breakPoints(token: string): number[] {
  const natural: number[] = [];
  for (let k = 2; k < token.length - 1; k++) {
    // Not right at either end: a mark that opens or closes the token stays on it.
    const before = token[k - 1]!;
    const here = token[k]!;
    // `//` of a scheme and runs of the same mark (`]]`, `--`) stay together.
    const afterMark = BREAK_AFTER.has(before) && here !== before && !(before === ':' && here === '/');
    const camel = /[a-z]/.test(before) && /[A-Z]/.test(here);
    if (afterMark || camel) natural.push(k);
  }
  // A stretch with no natural break that is itself too long: every 12 characters.
  const cuts: number[] = [];
  let from = 0;
  for (const end of [...natural, token.length]) {
    if (end - from > LONG_PIECE) for (let k = from + MAX_PIECE; k < end - 1; k += MAX_PIECE) cuts.push(k);
    if (end < token.length) cuts.push(end);
    from = end;
  }
  return cuts;
}
