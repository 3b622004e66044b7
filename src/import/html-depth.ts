/**
 * Before an HTML page is parsed for import: how deeply its elements nest,
 * found by a linear scan of its tags, without building a DOM. linkedom and
 * Readability walk the document recursively: 50,000 nested `<span>` overflow
 * the stack, 100,000 nested `<div>` keep Readability busy for good. A real
 * page nests a few dozen levels.
 *
 * Only elements that must be closed explicitly count: `<p>`, `<li>`, `<td>`…
 * close themselves implicitly, and void elements never open a level, so
 * ordinary tag soup is not mistaken for depth.
 */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen', 'command', 'basefont', 'frame', 'isindex']);
const OPTIONAL_END = new Set(['html', 'head', 'body', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp', 'colgroup', 'caption']);
/** Elements whose content is text up to their end tag: tags inside them are not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

export interface HtmlDepth {
  depth: number;
  /** 1-based line where the deepest (or the first over-limit) element opens. */
  line: number;
}

/** The deepest nesting found, stopping early once `limit` is passed. */
export function htmlNestingDepth(html: string, limit: number): HtmlDepth {
  // A tag's attributes never run past the next `<`: `<a ` repeated without a `>` would otherwise
  // rescan to the end from every `<` (200 KB took minutes). A `<` inside an attribute value is rare,
  // and that element merely goes uncounted: the importer thread's stack and time limits still hold.
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9:-]*)\b(?:[^<>"']|"[^<"]*"|'[^<']*')*?(\/?)>/g;
  let depth = 0;
  let deepest: HtmlDepth = { depth: 0, line: 1 };
  let line = 1;
  let counted = 0;
  let lower: string | undefined;
  const lineAt = (offset: number) => {
    for (; counted < offset; counted++) if (html.charCodeAt(counted) === 10) line++;
    return line;
  };
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (!m[2]) continue; // a comment
    const name = m[2].toLowerCase();
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (m[1]) {
      if (depth > 0) depth--;
      continue;
    }
    if (m[3]) continue; // <x/>: self-closed (foreign content)
    if (RAW_TEXT.has(name)) {
      // Skip to its end tag: `<script>` may hold `<div>` as text.
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, tag.lastIndex);
      tag.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    depth++;
    if (depth > deepest.depth) {
      deepest = { depth, line: lineAt(m.index) };
      if (depth > limit) return deepest;
    }
  }
  return deepest;
}
