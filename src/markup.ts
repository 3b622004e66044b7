/**
 * Text for HTML or XML content and double-quoted attributes: `& < > "`
 * escaped, and the characters XML 1.0 forbids (C0 controls, lone surrogates,
 * U+FFFE/F) dropped, so the same function serves XMP, fontconfig files and
 * the HTML reports.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
