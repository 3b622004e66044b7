import opentype, { type Font } from 'opentype.js';

/**
 * A font (TrueType, OpenType or WOFF) as opentype.js reads it: an
 * independent reader, to check what paiban's own font code (HarfBuzz,
 * woff2sfnt-sfnt2woff) makes of the same bytes.
 */
export function openFont(bytes: Buffer): Font {
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { lowMemory: true });
}

/** The code points the font's cmap maps to a glyph other than .notdef (0), per opentype.js. */
export function mappedCodePoints(font: Font): Set<number> {
  const map = font.tables.cmap.glyphIndexMap;
  return new Set(Object.keys(map).filter((cp) => map[cp] !== 0).map(Number));
}
