// The distinct characters of a document's texts, without joining them (a book's two layouts are megabytes of HTML).
/**
 * The characters of the texts joined, each once, in the order of its first
 * appearance: `[...new Set(texts.join(''))].join('')` (lone surrogates count
 * as characters), which is all that fallback planning (by that order) and
 * subsetting (by the set) read of a text, without joining the layouts'
 * megabytes of HTML and going through them again in each.
 */
export function distinctCharacters(texts: readonly string[]): string {
  const seenBmp = new Uint8Array(0x10000);
  const seenAstral = new Set<number>();
  const chars: string[] = [];
  const add = (unit: number) => {
    if (!seenBmp[unit]) {
      seenBmp[unit] = 1;
      chars.push(String.fromCharCode(unit));
    }
  };
  // A high surrogate waiting for the next unit, which may open the next text.
  let high = -1;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (high >= 0) {
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          const cp = (high - 0xd800) * 0x400 + (unit - 0xdc00) + 0x10000;
          high = -1;
          if (!seenAstral.has(cp)) {
            seenAstral.add(cp);
            chars.push(String.fromCodePoint(cp));
          }
          continue;
        }
        add(high);
        high = -1;
      }
      if (unit >= 0xd800 && unit <= 0xdbff) high = unit;
      else add(unit);
    }
  }
  if (high >= 0) add(high);
  return chars.join('');
}
