import { inflateSync } from 'node:zlib';

/** The tables of an sfnt (TrueType/OpenType) font, by tag. */
export function sfntTables(sfnt: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  const count = sfnt.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const offset = sfnt.readUInt32BE(at + 8);
    tables.set(sfnt.toString('latin1', at, at + 4), sfnt.subarray(offset, offset + sfnt.readUInt32BE(at + 12)));
  }
  return tables;
}

export interface WoffTable {
  tag: string;
  offset: number;
  compLength: number;
  origLength: number;
  origChecksum: number;
  data: Buffer;
}

/** A WOFF 1.0 file's header fields and its tables, inflated. */
export function readWoff(woff: Buffer): { signature: string; flavor: number; length: number; numTables: number; totalSfntSize: number; tables: WoffTable[] } {
  const numTables = woff.readUInt16BE(12);
  const tables: WoffTable[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const [offset, compLength, origLength, origChecksum] = [4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o)) as [number, number, number, number];
    const stored = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.toString('latin1', at, at + 4), offset, compLength, origLength, origChecksum, data: compLength < origLength ? inflateSync(stored) : stored });
  }
  return { signature: woff.toString('latin1', 0, 4), flavor: woff.readUInt32BE(4), length: woff.readUInt32BE(8), numTables, totalSfntSize: woff.readUInt32BE(16), tables };
}

/** Every code point a `cmap` table maps (its Unicode subtables of format 4 and 12) to a glyph other than 0. */
export function cmapCodePoints(cmap: Buffer): Set<number> {
  const points = new Set<number>();
  const count = cmap.readUInt16BE(2);
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const o = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(o);
    if (format === 12) {
      const groups = cmap.readUInt32BE(o + 12);
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(o + 16 + g * 12);
        const end = cmap.readUInt32BE(o + 20 + g * 12);
        const glyph = cmap.readUInt32BE(o + 24 + g * 12);
        for (let cp = start; cp <= end; cp++) if (glyph + (cp - start) !== 0) points.add(cp);
      }
    } else if (format === 4) {
      const segments = cmap.readUInt16BE(o + 6) / 2;
      const ends = o + 14;
      const starts = ends + segments * 2 + 2;
      const deltas = starts + segments * 2;
      const rangeOffsets = deltas + segments * 2;
      for (let s = 0; s < segments; s++) {
        const start = cmap.readUInt16BE(starts + s * 2);
        const end = cmap.readUInt16BE(ends + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2);
        const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
        for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
          const glyph = rangeOffset === 0 ? (cp + delta) & 0xffff : cmap.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2);
          if (glyph !== 0 && (rangeOffset === 0 || ((glyph + delta) & 0xffff) !== 0)) points.add(cp);
        }
      }
    }
  }
  return points;
}

/** The feature tags of a GSUB or GPOS table's FeatureList. */
export function layoutFeatures(table: Buffer): Set<string> {
  const list = table.readUInt16BE(6);
  const count = table.readUInt16BE(list);
  const tags = new Set<string>();
  for (let i = 0; i < count; i++) tags.add(table.toString('latin1', list + 2 + i * 6, list + 6 + i * 6));
  return tags;
}

/** The glyph count (`maxp.numGlyphs`). */
export function glyphCount(maxp: Buffer): number {
  return maxp.readUInt16BE(4);
}
