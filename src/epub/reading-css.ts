/**
 * The HTML output's CSS for reading systems: print rules (`@media print`,
 * with its `@page`) taken out, since a reading system paginates itself; and
 * rules with `:has()`, which EPUB reading engines and epubcheck's CSS parser
 * (4.2) do not know (the EPUB marks those elements with a class instead).
 */
export function readingCss(css: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = css.slice(i).search(/@media\s+print\b|@page\b|[^{};\n]*:has\(/);
    if (at < 0) return out + css.slice(i);
    const start = i + at;
    out += css.slice(i, start);
    let depth = 0;
    let j = css.indexOf('{', start);
    for (; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) break;
    }
    i = j + 1;
  }
}
