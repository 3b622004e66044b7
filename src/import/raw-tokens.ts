/**
 * Markdown the importer writes itself — a lang span's brackets, an image, a
 * table GFM cannot hold, a footnote mark — rides through the line rules,
 * punctuation fixes and escaping as a private-use placeholder, so none of
 * them touches it; the placeholders become the Markdown once the text is
 * written. The two private-use characters are removed from the input first,
 * so a document cannot forge one.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

export class RawTokens {
  private readonly items: string[] = [];

  /** A placeholder for `markdown`, to put in the text. */
  add(markdown: string): string {
    return `${OPEN}${this.items.push(markdown) - 1}${CLOSE}`;
  }

  /** Change what a placeholder becomes (an image not copied becomes its placeholder text). */
  set(placeholder: string, markdown: string): void {
    const index = Number(placeholder.slice(1, -1));
    if (Number.isInteger(index) && index < this.items.length) this.items[index] = markdown;
  }

  restore(text: string): string {
    return text.replace(PLACEHOLDER, (whole, index: string) => this.items[Number(index)] ?? whole);
  }
}

/** Input text without the placeholder characters. */
export function withoutPlaceholderChars(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '');
}

/** Is this line one placeholder and nothing else (a block the importer wrote)? */
export function isPlaceholderLine(line: string): boolean {
  return /^\uE000\d+\uE001$/.test(line.trim());
}
