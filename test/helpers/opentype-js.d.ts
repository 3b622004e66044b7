// The part of opentype.js 2.0.0 (no types of its own) the tests read fonts with.
declare module 'opentype.js' {
  export interface Font {
    numGlyphs: number;
    names: { fontFamily?: Record<string, string> };
    tables: { cmap: { glyphIndexMap: Record<string, number> } } & Record<string, unknown>;
    charToGlyphIndex(ch: string): number;
  }
  const opentype: { parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font };
  export default opentype;
}
