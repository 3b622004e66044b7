import { CJK_TEXT_CLASS } from './chars.ts';

/**
 * Spans of a plain string that punctuation normalisation must not touch:
 * their ASCII punctuation belongs to a URL, an address, code, math or markup.
 * (In a Markdown tree these are separate nodes already; in raw imported text
 * they are found here.)
 */
// Bounded repeats and look-behinds keep every pattern linear on long lines
// (a 160 KB run of `a.a.a.` once took a minute with an unbounded e-mail pattern).
const PROTECTED_PATTERNS: readonly RegExp[] = [
  // Inline code and fenced-looking runs: `a,b`, ``x``.
  /(`{1,16})[^`][\s\S]*?\1/g,
  // Display and inline math: $$…$$, $…$ (one line).
  /\$\$[\s\S]+?\$\$|\$[^$\n]+\$/g,
  // HTML tags, comments and <autolinks>.
  /<!--[\s\S]*?-->|<\/?[A-Za-z][^<>\n]*>/g,
  // A Markdown link or image target: ](url "title").
  /\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"\n]*")?\)/g,
  // URLs with a scheme or www., up to whitespace, Chinese text or a closing mark.
  new RegExp(`(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]{0,31}://|www\\.)[^\\s${CJK_TEXT_CLASS}<>"]+`, 'gu'),
  // E-mail addresses.
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+/g,
];

/** Sentence punctuation a URL or address does not end with: `见www.a.cn.` */
const TRAILING_SENTENCE_PUNCTUATION = /[.,;:!?)]+$/;

/** A mask over `text`: true at each UTF-16 index inside a protected span. */
export function protectedMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (const pattern of PROTECTED_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      let value = match[0];
      const start = match.index;
      const isAddress = !value.startsWith('`') && !value.startsWith('$') && !value.startsWith('<') && !value.startsWith('](');
      if (isAddress) value = value.replace(TRAILING_SENTENCE_PUNCTUATION, '');
      mask.fill(1, start, start + value.length);
    }
  }
  return mask;
}
